import { useEffect, useRef, useState } from "preact/hooks";

import { connectionText, StatusBadge, type Application } from "../components/Bursary";
import { FormField, SelectField } from "../components/FormField";
import { Layout } from "../components/Layout";
import { Link } from "../components/Link";
import { useApi } from "../components/useApi";
import { api, ApiError } from "../logic/api";
import { applicationBody, emptyDraft, isComplete, kApplicationFields, type ApplicationDraft } from "../logic/applicationForm";
import { cohortLabel, formatEuros, localToday } from "../logic/bursary";
import { formatDate } from "../logic/i18n";
import { caretAfterGrouping, checkIban, groupIban } from "../logic/iban";
import { kConnectionTypes } from "../logic/listQuery";
import type { MessageKey } from "../logic/messages";
import { fieldProblem } from "../logic/serverWords";
import { language, location, navigate, t, tc } from "../state";
import type { PupilRecord } from "./Pupil";

/// Providers families often name: a suggestion, any other may be typed.
const kProviders = ["Orange", "Free", "SFR", "Bouygues Telecom", "Sosh", "RED by SFR", "B&You", "Starlink"];

type Problems = Partial<Record<keyof ApplicationDraft | "(form)", string>>;

/// The server's refusal, field by field (every bad field at once), in the page's language.
function problemsOf(error: unknown): Problems {
  const lang = language.value;
  if (!(error instanceof ApiError)) return { "(form)": String(error) };
  const fields = kApplicationFields as readonly string[];
  const out: Problems = {};
  for (const p of error.problems) {
    if (fields.includes(p.field)) out[p.field as keyof ApplicationDraft] = fieldProblem(lang, p.message);
  }
  if (Object.keys(out).length === 0) {
    if (error.field && fields.includes(error.field)) out[error.field as keyof ApplicationDraft] = fieldProblem(lang, error.message);
    else out["(form)"] = fieldProblem(lang, error.message);
  }
  return out;
}

/// What the rules decide for the application as typed, and the warnings, before anything is saved.
function Decision(props: { decision: Application | null; checking: boolean; complete: boolean; problems: boolean }) {
  const lang = language.value;
  const d = props.decision;
  if (!d) {
    const why = props.checking
      ? "application_checking"
      : props.problems
        ? "application_fix_hint"
        : props.complete
          ? "application_check_hint"
          : "application_fill_hint";
    return <p class="hint">{t(why)}</p>;
  }
  return (
    <>
      <p class="decision">
        <StatusBadge status={d.status} reason={d.reason} />
      </p>
      <dl class="facts">
        <dt>{t("applications_col_deadline")}</dt>
        <dd>{d.deadline ? formatDate(lang, d.deadline) : t("application_no_deadline")}</dd>
        <dt>{t("applications_col_amount")}</dt>
        <dd>
          {formatEuros(lang, d.amount_cents)}
          {d.cohort_year !== null && ` · ${cohortLabel(d.cohort_year)}`}
        </dd>
      </dl>
      {(d.warnings ?? []).length > 0 && (
        <div class="notice warning">
          <p>
            <strong>{tc("application_warnings", d.warnings!.length)}</strong>
          </p>
          <ul class="warnings">
            {d.warnings!.map((w, i) => (
              <li key={`${w.code}-${i}`}>{w.message}</li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}

/// Who the reference names, as it is typed: the pupil, their school and first handover.
function PupilHint(props: { pupilRef: string }) {
  const lang = language.value;
  const [asked, setAsked] = useState(props.pupilRef.trim());
  useEffect(() => {
    const timer = window.setTimeout(() => setAsked(props.pupilRef.trim()), 400);
    return () => window.clearTimeout(timer);
  }, [props.pupilRef]);
  const pupil = useApi<PupilRecord>(asked ? `/api/v1/pupils/${encodeURIComponent(asked)}` : null);
  if (!asked) return <>{t("application_pupil_hint")}</>;
  if (pupil.error) return <>{t("srv_no_such_pupil")}</>;
  if (!pupil.data) return <>{t("loading")}</>;
  const p = pupil.data;
  const where = [p.school, p.class].filter(Boolean).join(", ");
  return (
    <>
      {`${p.first_name} ${p.last_name}`}
      {where && ` · ${where}`}
      {" · "}
      {p.first_handover ? t("application_pupil_handed", { date: formatDate(lang, p.first_handover) }) : t("pupil_no_handover")}
    </>
  );
}

/// A new application: typed, decided by the server's rules as a dry run with
/// its warnings, then saved once the person has seen them.
export function ApplicationNewPage() {
  const lang = language.value;
  const prefilled = new URLSearchParams(location.value.search).get("pupil") ?? "";
  const [draft, setDraft] = useState<ApplicationDraft>(() => emptyDraft(prefilled, localToday()));
  const [problems, setProblems] = useState<Problems>({});
  const [checked, setChecked] = useState<{ body: string; decision: Application | null } | null>(null);
  const [checking, setChecking] = useState(false);
  const [warningsSeen, setWarningsSeen] = useState(false);
  const [saving, setSaving] = useState(false);
  const summary = useRef<HTMLDivElement>(null);
  const generation = useRef(0);

  const body = applicationBody(draft);
  // The warnings come in the request's language: a change of language asks again.
  const bodyText = JSON.stringify(body) + lang;
  const complete = isComplete(draft);
  const set = (field: keyof ApplicationDraft) => (value: string) => setDraft((d) => ({ ...d, [field]: value }));

  const check = async () => {
    const mine = ++generation.current;
    setChecking(true);
    try {
      const decision = await api<Application>("/api/v1/bursary/applications?dry_run=true", { method: "POST", body });
      if (mine !== generation.current) return;
      setChecked({ body: bodyText, decision });
      setProblems({});
    } catch (error) {
      if (mine !== generation.current) return;
      setChecked({ body: bodyText, decision: null });
      setProblems(problemsOf(error));
    } finally {
      if (mine === generation.current) setChecking(false);
    }
  };

  // The decision follows the form: asked again a moment after the last key,
  // once everything required is typed.
  useEffect(() => {
    setWarningsSeen(false);
    if (!complete || checked?.body === bodyText) return;
    const timer = window.setTimeout(check, 500);
    return () => window.clearTimeout(timer);
  }, [bodyText, complete]);

  const decision = checked?.body === bodyText ? checked.decision : null;
  const warnings = decision?.warnings?.length ?? 0;
  const maySave = decision !== null && (warnings === 0 || warningsSeen) && !saving;

  const save = async (e: Event) => {
    e.preventDefault();
    if (!maySave) {
      if (!decision) await check();
      return;
    }
    setSaving(true);
    try {
      const saved = await api<Application>("/api/v1/bursary/applications", { method: "POST", body });
      navigate(`/applications/${saved.id}?saved=1`);
    } catch (error) {
      setProblems(problemsOf(error));
      setChecked(null);
      summary.current?.focus();
    } finally {
      setSaving(false);
    }
  };

  const iban = checkIban(draft.iban);
  const ibanHint =
    iban.problem === null
      ? `✓ ${t("iban_valid")}`
      : iban.problem === "empty"
        ? t("iban_hint")
        : t(`iban_problem_${iban.problem}` as MessageKey, { typed: iban.compact.length, length: iban.length ?? "" });
  const ibanWrong = iban.problem !== null && iban.problem !== "empty" && iban.problem !== "too_short";
  const count = Object.keys(problems).length;

  return (
    <Layout title={t("application_new_title")}>
      <p class="breadcrumb">
        <Link href="/applications">{t("application_back")}</Link>
      </p>
      <div class="form-summary" tabIndex={-1} ref={summary}>
        {count > 0 && (
          <div class="error" role="alert">
            <p>{problems["(form)"] ?? tc("form_problems", count)}</p>
          </div>
        )}
      </div>
      <form class="application" onSubmit={save} noValidate>
        <div class="application-fields">
          <FormField
            id="pupil_ref"
            label={t("application_pupil_ref")}
            value={draft.pupil_ref}
            onValue={set("pupil_ref")}
            required
            maxLength={32}
            hint={<PupilHint pupilRef={draft.pupil_ref} />}
            liveHint
            error={problems.pupil_ref}
          />
          <FormField id="received_on" label={t("application_received_on")} type="date" value={draft.received_on}
            onValue={set("received_on")} required max={localToday()} error={problems.received_on}
            hint={t("application_received_hint")} />
          <FormField id="subscription_started_on" label={t("application_subscription")} type="date"
            value={draft.subscription_started_on} onValue={set("subscription_started_on")} required max={localToday()}
            error={problems.subscription_started_on} hint={t("application_subscription_hint")} />
          <FormField id="isp" label={t("application_isp")} value={draft.isp} onValue={set("isp")} required list="providers"
            maxLength={100} error={problems.isp} />
          <datalist id="providers">
            {kProviders.map((p) => (
              <option key={p} value={p} />
            ))}
          </datalist>
          <SelectField
            id="connection_type"
            label={t("application_connection")}
            value={draft.connection_type}
            onValue={set("connection_type")}
            required
            placeholder={t("application_choose")}
            options={kConnectionTypes.map((c) => ({ value: c, label: connectionText(c) }))}
            error={problems.connection_type}
          />
          <FormField id="payee_name" label={t("application_payee")} value={draft.payee_name} onValue={set("payee_name")}
            required maxLength={100} autocomplete="off" error={problems.payee_name} hint={t("application_payee_hint")} />
          <FormField
            id="iban"
            label={t("application_iban")}
            value={draft.iban}
            onValue={set("iban")}
            required
            class="iban-field"
            hint={<span class={ibanWrong ? "attention" : iban.problem === null ? "valid" : undefined}>{ibanHint}</span>}
            liveHint
            invalid={ibanWrong}
            error={problems.iban ?? null}
            reshape={(value, caret) => [groupIban(value), caretAfterGrouping(value, caret)]}
          />
          <FormField id="proof_received_on" label={t("application_proof")} type="date" value={draft.proof_received_on}
            onValue={set("proof_received_on")} max={localToday()} error={problems.proof_received_on}
            hint={t("application_proof_hint")} />
        </div>
        <section class="card decision-card" aria-label={t("application_decision")} aria-live="polite">
          <h2>{t("application_decision")}</h2>
          <Decision decision={decision} checking={checking} complete={complete} problems={count > 0} />
          {warnings > 0 && (
            <label class="checkbox">
              <input type="checkbox" checked={warningsSeen} onChange={(e) => setWarningsSeen(e.currentTarget.checked)} />
              {t("application_warnings_seen")}
            </label>
          )}
          <div class="buttons">
            <button type="button" class="secondary" onClick={check} disabled={checking}>
              {t("application_check")}
            </button>
            <button type="submit" disabled={!maySave}>
              {saving ? t("application_saving") : t("application_save")}
            </button>
          </div>
          <p class="hint">{t("application_iban_masked")}</p>
        </section>
      </form>
      <p class="hint">{t("application_rules")}</p>
    </Layout>
  );
}
