import { Fragment, type ComponentChildren } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";

import { connectionText, StatusBadge, type Application } from "../components/Bursary";
import { FormField } from "../components/FormField";
import { Layout } from "../components/Layout";
import { Link } from "../components/Link";
import { Card, ErrorNote, Loading } from "../components/Status";
import { useApi } from "../components/useApi";
import { api, ApiError } from "../logic/api";
import { cohortLabel, formatEuros, localToday } from "../logic/bursary";
import { formatDate, formatDateTime } from "../logic/i18n";
import type { MessageKey } from "../logic/messages";
import { fieldProblem } from "../logic/serverWords";
import { language, location, t, tc } from "../state";
import type { PupilRecord } from "./Pupil";
import { pupilHref } from "./Pupils";

function message(error: unknown): string {
  return error instanceof ApiError ? fieldProblem(language.value, error.message) : String(error);
}

function Facts(props: { rows: [MessageKey, ComponentChildren][] }) {
  return (
    <dl class="facts">
      {props.rows.map(([k, v]) => (
        <Fragment key={k}>
          <dt>{t(k)}</dt>
          <dd>{v}</dd>
        </Fragment>
      ))}
    </dl>
  );
}

/// The day the provider's certificate came in: the application is decided again.
function ProofForm(props: { application: Application; onChanged: (a: Application) => void }) {
  const a = props.application;
  const [day, setDay] = useState(a.proof_received_on ?? localToday());
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      props.onChanged(await api<Application>(`/api/v1/bursary/applications/${a.id}`, {
        method: "PATCH",
        body: { proof_received_on: day },
      }));
    } catch (err) {
      setError(message(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="inline-form" onSubmit={submit} aria-label={t("application_proof_form")}>
      <FormField id="proof_received_on" label={t("application_proof")} type="date" value={day} onValue={setDay}
        required max={localToday()} error={error} />
      <div class="buttons">
        <button type="submit" disabled={busy || !day}>
          {t(a.proof_received_on ? "application_proof_change" : "application_proof_save")}
        </button>
      </div>
    </form>
  );
}

/// Withdrawing an application keyed by mistake: said why, then confirmed.
function Withdrawal(props: { application: Application; onChanged: (a: Application) => void }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  const field = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (open) field.current?.focus();
  }, [open]);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      props.onChanged(await api<Application>(`/api/v1/bursary/applications/${props.application.id}/withdrawal`, {
        method: "POST",
        body: { reason: reason.trim() },
      }));
    } catch (err) {
      setError(message(err));
    } finally {
      setBusy(false);
    }
  };
  if (!open) {
    return (
      <>
        <p>{t("withdraw_why")}</p>
        <button type="button" class="secondary" ref={opener} onClick={() => setOpen(true)}>
          {t("withdraw_open")}
        </button>
      </>
    );
  }
  return (
    <form class="withdraw" onSubmit={submit}>
      <p class="notice warning">{t("withdraw_confirm_text", { id: props.application.id ?? "" })}</p>
      <label for="withdraw-reason">{t("withdraw_reason")}</label>
      <textarea
        id="withdraw-reason"
        name="reason"
        required
        maxLength={200}
        rows={2}
        ref={field}
        value={reason}
        placeholder={t("withdraw_reason_placeholder")}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? "withdraw-error" : undefined}
        onInput={(e) => setReason(e.currentTarget.value)}
      />
      {error && (
        <p id="withdraw-error" class="field-error">
          {error}
        </p>
      )}
      <div class="buttons">
        <button type="submit" class="danger" disabled={busy || reason.trim() === ""}>
          {t("withdraw_confirm")}
        </button>
        <button
          type="button"
          class="secondary"
          onClick={() => {
            setOpen(false);
            window.setTimeout(() => opener.current?.focus());
          }}
        >
          {t("alerts_cancel")}
        </button>
      </div>
    </form>
  );
}

/// One application: its decision, what was typed, and what the office may still do with it.
export function ApplicationPage(props: { id: number }) {
  const lang = language.value;
  const loaded = useApi<Application>(`/api/v1/bursary/applications/${props.id}`);
  const [changed, setChanged] = useState<Application | null>(null);
  const a = changed ?? loaded.data;
  const pupil = useApi<PupilRecord>(a ? `/api/v1/pupils/${encodeURIComponent(a.pupil_ref)}` : null);
  const saved = new URLSearchParams(location.value.search).has("saved");
  const open = a !== null && a.status !== "mandated" && a.status !== "withdrawn";
  const warnings = changed?.warnings ?? [];
  return (
    <Layout title={t("application_title", { id: props.id })}>
      <p class="breadcrumb">
        <Link href="/applications">{t("application_back")}</Link>
      </p>
      {loaded.error ? (
        <ErrorNote error={loaded.error} retry={loaded.reload} />
      ) : !a ? (
        <Loading />
      ) : (
        <>
          <div aria-live="polite">
            {saved && !changed && (
              <p class="notice" role="status">
                {t("application_saved")}
              </p>
            )}
            {changed && (
              <p class="notice" role="status">
                {t("application_changed", { status: t(`app_status_${changed.status}` as MessageKey) })}
              </p>
            )}
            {warnings.length > 0 && (
              <div class="notice warning">
                <p>
                  <strong>{tc("application_warnings", warnings.length)}</strong>
                </p>
                <ul class="warnings">
                  {warnings.map((w, i) => (
                    <li key={`${w.code}-${i}`}>{w.message}</li>
                  ))}
                </ul>
              </div>
            )}
          </div>
          <div class="grid two-one">
            <Card title={t("application_decision")}>
              <p class="decision">
                <StatusBadge status={a.status} reason={a.reason} />
              </p>
              <Facts
                rows={[
                  ["applications_col_deadline", a.deadline ? formatDate(lang, a.deadline) : t("application_no_deadline")],
                  ["applications_col_amount", formatEuros(lang, a.amount_cents)],
                  ["pupils_cohort", a.cohort_year === null ? "—" : cohortLabel(a.cohort_year)],
                  ["applications_col_mandate", a.mandate_ref ? (
                    <>
                      {a.mandate_ref} · <Link href="/payments">{t("application_batch", { id: a.payment_batch_id ?? "" })}</Link>
                    </>
                  ) : "—"],
                  ...(a.withdrawal
                    ? [["application_withdrawn", t("application_withdrawal_text", {
                        by: a.withdrawal.by,
                        when: formatDateTime(lang, a.withdrawal.at),
                        reason: a.withdrawal.reason,
                      })] as [MessageKey, string]]
                    : []),
                ]}
              />
            </Card>
            <Card title={t("application_what")}>
              <Facts
                rows={[
                  ["pupils_col_name", (
                    <>
                      <Link href={pupilHref(a.pupil_ref)}>
                        {pupil.data ? `${pupil.data.first_name} ${pupil.data.last_name}` : a.pupil_ref}
                      </Link>
                      {pupil.data && ` (${a.pupil_ref})`}
                    </>
                  )],
                  ["application_received_on", formatDate(lang, a.received_on)],
                  ["application_subscription", formatDate(lang, a.subscription_started_on)],
                  ["application_isp", `${a.isp} · ${connectionText(a.connection_type)}`],
                  ["application_payee", a.payee_name],
                  ["application_iban", <span class="iban">{a.iban}</span>],
                  ["application_proof", a.proof_received_on ? formatDate(lang, a.proof_received_on) : t("application_no_proof")],
                ]}
              />
            </Card>
            {open && (
              <Card title={t("application_proof_title")}>
                <p>{t(a.status === "awaiting_proof" ? "application_proof_waiting" : "application_proof_text")}</p>
                <ProofForm application={a} onChanged={setChanged} />
              </Card>
            )}
            {open && (
              <Card title={t("withdraw_title")}>
                <Withdrawal application={a} onChanged={setChanged} />
              </Card>
            )}
          </div>
        </>
      )}
    </Layout>
  );
}
