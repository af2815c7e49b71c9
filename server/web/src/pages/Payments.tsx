import { useRef, useState } from "preact/hooks";

import { ExportButton } from "../components/ExportButton";
import { Layout } from "../components/Layout";
import { Link } from "../components/Link";
import { Card, ErrorNote, Loading } from "../components/Status";
import { useApi } from "../components/useApi";
import { api, ApiError } from "../logic/api";
import { formatEuros } from "../logic/bursary";
import { formatDateTime } from "../logic/i18n";
import { language, t, tc } from "../state";
import { pupilHref } from "./Pupils";

/// A line of a preview or a batch: one application, its IBAN masked.
interface Line {
  application_id: number;
  pupil_ref: string;
  payee_name: string;
  iban: string;
  amount_cents: number;
  school: string | null;
  mandate_ref?: string;
}

interface PerSchool {
  school: string | null;
  count: number;
  total_cents: number;
}

interface Preview {
  preview_id: string;
  fiscal_year: number;
  budget_line: string;
  count: number;
  total_cents: number;
  per_school: PerSchool[];
  lines: Line[];
}

interface BatchSummary {
  id: number;
  created_at: string;
  created_by: string;
  fiscal_year: number;
  budget_line: string;
  count: number;
  total_cents: number;
}

interface Batch extends BatchSummary {
  per_school: PerSchool[];
  lines: Line[];
}

type State =
  | { phase: "idle" }
  | { phase: "previewing" }
  | { phase: "previewed"; preview: Preview }
  | { phase: "paying"; preview: Preview }
  | { phase: "paid"; batch: Batch }
  | { phase: "conflict"; changed: boolean }
  | { phase: "failed"; error: unknown };

function Lines(props: { lines: Line[]; caption: string }) {
  const lang = language.value;
  const paid = props.lines.some((l) => l.mandate_ref);
  return (
    <div class="table-wrap">
      <table class="payment-lines">
        <caption class="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("payments_col_application")}</th>
            {paid && <th scope="col">{t("applications_col_mandate")}</th>}
            <th scope="col">{t("pupils_col_ref")}</th>
            <th scope="col">{t("applications_col_payee")}</th>
            <th scope="col">{t("application_iban")}</th>
            <th scope="col">{t("devices_col_school")}</th>
            <th scope="col" class="number">{t("applications_col_amount")}</th>
          </tr>
        </thead>
        <tbody>
          {props.lines.map((l) => (
            <tr key={l.application_id}>
              <th scope="row">
                <Link href={`/applications/${l.application_id}`}>{t("application_number", { id: l.application_id })}</Link>
              </th>
              {paid && <td>{l.mandate_ref ?? "—"}</td>}
              <td>
                <Link href={pupilHref(l.pupil_ref)}>{l.pupil_ref}</Link>
              </td>
              <td>{l.payee_name}</td>
              <td class="iban">{l.iban}</td>
              <td>{l.school ?? t("payments_no_school")}</td>
              <td class="number">{formatEuros(lang, l.amount_cents)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function PerSchoolTable(props: { rows: PerSchool[] }) {
  const lang = language.value;
  return (
    <table class="counts per-school">
      <caption>{t("payments_per_school")}</caption>
      <thead>
        <tr>
          <th scope="col">{t("devices_col_school")}</th>
          <th scope="col" class="number">{t("payments_col_count")}</th>
          <th scope="col" class="number">{t("payments_col_total")}</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((r) => (
          <tr key={r.school ?? ""}>
            <th scope="row">{r.school ?? t("payments_no_school")}</th>
            <td class="number">{r.count}</td>
            <td class="number">{formatEuros(lang, r.total_cents)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/// The mandate file of a batch: the one answer with the IBANs in full.
function MandateFile(props: { id: number }) {
  return (
    <ExportButton
      path={`/api/v1/bursary/payment-batches/${props.id}`}
      file="payments_mandate_file"
      label="payments_download"
      vars={{ id: props.id }}
      describedBy="mandate-note"
    />
  );
}

/// What a payment would pay, then, once confirmed, the batch.
function PaymentStep(props: { onPaid: () => void }) {
  const lang = language.value;
  const [state, setState] = useState<State>({ phase: "idle" });
  const result = useRef<HTMLDivElement>(null);
  const show = (next: State) => {
    setState(next);
    window.setTimeout(() => result.current?.focus());
  };
  const preview = async () => {
    setState({ phase: "previewing" });
    try {
      show({ phase: "previewed", preview: await api<Preview>("/api/v1/bursary/payment-batches/preview", { method: "POST" }) });
    } catch (error) {
      show({ phase: "failed", error });
    }
  };
  const confirm = async (p: Preview) => {
    setState({ phase: "paying", preview: p });
    try {
      const batch = await api<Batch>("/api/v1/bursary/payment-batches", { method: "POST", body: { preview_id: p.preview_id } });
      show({ phase: "paid", batch });
      props.onPaid();
    } catch (error) {
      // 409: the set changed since the preview, or nothing was left to pay; nothing was paid.
      if (error instanceof ApiError && error.status === 409) {
        show({ phase: "conflict", changed: error.field === "preview_id" });
        props.onPaid();  // another batch may have paid them: the list shows it
      } else {
        show({ phase: "failed", error });
      }
    }
  };
  const p = state.phase === "previewed" || state.phase === "paying" ? state.preview : null;
  return (
    <>
      <p>{t("payments_intro")}</p>
      {(state.phase === "idle" || state.phase === "previewing") && (
        <button type="button" onClick={preview} disabled={state.phase === "previewing"}>
          {state.phase === "previewing" ? t("loading") : t("payments_preview")}
        </button>
      )}
      <div class="payment-result" tabIndex={-1} ref={result} aria-live="polite">
        {state.phase === "failed" && <ErrorNote error={state.error} retry={preview} />}
        {state.phase === "conflict" && (
          <div class="error" role="alert">
            <p>{t(state.changed ? "payments_stale" : "payments_nothing_left")}</p>
            <button type="button" onClick={preview}>
              {t("payments_preview_again")}
            </button>
          </div>
        )}
        {p && p.count === 0 && (
          <>
            <p role="status">{t("payments_nothing")}</p>
            <button type="button" class="secondary" onClick={preview}>
              {t("payments_preview_again")}
            </button>
          </>
        )}
        {p && p.count > 0 && (
          <>
            <p class="total" role="status">
              {tc("payments_preview_total", p.count)} {formatEuros(lang, p.total_cents)}
            </p>
            <dl class="facts">
              <dt>{t("payments_fiscal_year")}</dt>
              <dd>{p.fiscal_year}</dd>
              <dt>{t("payments_budget_line")}</dt>
              <dd>
                {p.budget_line} <small class="hint">(<Link href="/settings">{t("payments_settings")}</Link>)</small>
              </dd>
            </dl>
            <PerSchoolTable rows={p.per_school} />
            <Lines lines={p.lines} caption={t("payments_lines")} />
            <p class="hint">{t("payments_confirm_hint")}</p>
            <div class="buttons">
              <button type="button" onClick={() => confirm(p)} disabled={state.phase === "paying"}>
                {state.phase === "paying" ? t("loading") : t("payments_confirm")}
              </button>
              <button type="button" class="secondary" onClick={() => setState({ phase: "idle" })}>
                {t("alerts_cancel")}
              </button>
            </div>
          </>
        )}
        {state.phase === "paid" && (
          <>
            <p class="notice" role="status">
              {t("payments_paid", {
                id: state.batch.id,
                count: state.batch.count,
                total: formatEuros(lang, state.batch.total_cents),
              })}
            </p>
            <div class="buttons">
              <MandateFile id={state.batch.id} />
              <button type="button" class="secondary" onClick={() => setState({ phase: "idle" })}>
                {t("payments_done")}
              </button>
            </div>
            <Lines lines={state.batch.lines} caption={t("payments_batch_lines", { id: state.batch.id })} />
          </>
        )}
      </div>
    </>
  );
}

/// Paying the bursaries granted, in two steps, and the batches made so far with their mandate files.
export function PaymentsPage() {
  const lang = language.value;
  const batches = useApi<{ batches: BatchSummary[] }>("/api/v1/bursary/payment-batches");
  return (
    <Layout title={t("payments_title")}>
      <Card title={t("payments_new")} wide>
        <PaymentStep onPaid={batches.reload} />
      </Card>
      <Card title={t("payments_batches")} wide>
        <p id="mandate-note" class="notice warning">
          {t("payments_mandate_note")}
        </p>
        {batches.error ? (
          <ErrorNote error={batches.error} retry={batches.reload} />
        ) : !batches.data ? (
          <Loading />
        ) : batches.data.batches.length === 0 ? (
          <p>{t("payments_no_batch")}</p>
        ) : (
          <div class="table-wrap">
            <table class="batches">
              <thead>
                <tr>
                  <th scope="col">{t("payments_col_batch")}</th>
                  <th scope="col">{t("payments_col_made")}</th>
                  <th scope="col">{t("payments_fiscal_year")}</th>
                  <th scope="col">{t("payments_budget_line")}</th>
                  <th scope="col" class="number">{t("payments_col_count")}</th>
                  <th scope="col" class="number">{t("payments_col_total")}</th>
                  <th scope="col">{t("payments_col_file")}</th>
                </tr>
              </thead>
              <tbody>
                {batches.data.batches.map((b) => (
                  <tr key={b.id}>
                    <th scope="row">{t("application_number", { id: b.id })}</th>
                    <td>{t("payments_made_by", { when: formatDateTime(lang, b.created_at), by: b.created_by })}</td>
                    <td>{b.fiscal_year}</td>
                    <td>{b.budget_line}</td>
                    <td class="number">{b.count}</td>
                    <td class="number">{formatEuros(lang, b.total_cents)}</td>
                    <td>
                      <MandateFile id={b.id} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </Layout>
  );
}
