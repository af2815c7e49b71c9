import { useEffect, useState } from "preact/hooks";

import type { CohortSettings } from "../components/Bursary";
import { FormField } from "../components/FormField";
import { Layout } from "../components/Layout";
import { Card, ErrorNote, Loading } from "../components/Status";
import { useApi } from "../components/useApi";
import { api, ApiError } from "../logic/api";
import { cohortLabel, cohortOf, eurosInput, formatEuros, localToday, parseEuros } from "../logic/bursary";
import { mayChangeSettings } from "../logic/routes";
import { fieldProblem } from "../logic/serverWords";
import { account, language, t, tc } from "../state";

interface BudgetLine {
  fiscal_year: number;
  budget_line: string;
  default?: boolean;
}

type Problem = { field: string | null; message: string } | null;

function problemOf(error: unknown): Problem {
  if (error instanceof ApiError) return { field: error.field, message: fieldProblem(language.value, error.message) };
  return { field: null, message: String(error) };
}

/// A year to look at (a cohort's, a fiscal year's): applied on Enter or when the field is left.
function YearChoice(props: { id: string; label: string; year: number; onYear: (y: number) => void }) {
  const [text, setText] = useState(String(props.year));
  useEffect(() => setText(String(props.year)), [props.year]);
  const apply = () => {
    const y = Number(text);
    if (Number.isInteger(y) && y >= 2000 && y <= 2100 && y !== props.year) props.onYear(y);
  };
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        type="number"
        min={2000}
        max={2100}
        value={text}
        onInput={(e) => setText(e.currentTarget.value)}
        onChange={apply}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            e.preventDefault();
            apply();
          }
        }}
      />
    </div>
  );
}

/// The numbers typed in the cohort's form.
interface CohortForm {
  amount: string;
  window_months: string;
  training_hours: string;
  card_months: string;
}

const kCohortFields = ["amount_cents", "window_months", "training_hours", "card_months"];

function CohortCard(props: { mayChange: boolean }) {
  const lang = language.value;
  const [year, setYear] = useState(cohortOf(localToday()));
  const loaded = useApi<CohortSettings>(`/api/v1/bursary/cohorts/${year}`);
  const [saved, setSaved] = useState<CohortSettings | null>(null);
  const current = saved?.cohort_year === year ? saved : loaded.data;
  const [form, setForm] = useState<CohortForm>({ amount: "", window_months: "", training_hours: "", card_months: "" });
  const [problem, setProblem] = useState<Problem>(null);
  const [done, setDone] = useState(false);
  useEffect(() => {
    if (!current) return;
    setForm({
      amount: eurosInput(lang, current.amount_cents),
      window_months: String(current.window_months),
      training_hours: String(current.training_hours),
      card_months: String(current.card_months),
    });
  }, [current?.cohort_year, current?.amount_cents, current?.window_months, current?.training_hours, current?.card_months]);
  const set = (field: keyof CohortForm) => (value: string) => {
    setForm((f) => ({ ...f, [field]: value }));
    setProblem(null);
  };
  const error = (field: string) => (problem?.field === field ? problem.message : null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setProblem(null);
    setDone(false);
    const cents = parseEuros(form.amount);
    if (cents === null) {
      setProblem({ field: "amount_cents", message: t("settings_amount_invalid") });
      return;
    }
    try {
      // Every setting is sent: one left out would go back to the deliberation's.
      setSaved(await api<CohortSettings>(`/api/v1/bursary/cohorts/${year}`, {
        method: "PUT",
        body: {
          amount_cents: cents,
          window_months: Number(form.window_months),
          training_hours: Number(form.training_hours),
          card_months: Number(form.card_months),
        },
      }));
      setDone(true);
    } catch (err) {
      setProblem(problemOf(err));
    }
  };
  return (
    <Card title={t("settings_cohort")}>
      <p class="hint">{t("settings_cohort_hint")}</p>
      <YearChoice id="cohort-year" label={t("settings_cohort_year")} year={year} onYear={(y) => { setYear(y); setDone(false); }} />
      {loaded.error ? (
        <ErrorNote error={loaded.error} retry={loaded.reload} />
      ) : !current ? (
        <Loading />
      ) : (
        <>
          <dl class="facts">
            <dt>{t("pupils_cohort")}</dt>
            <dd>{cohortLabel(current.cohort_year)}</dd>
            <dt>{t("settings_amount")}</dt>
            <dd>{formatEuros(lang, current.amount_cents)}</dd>
            <dt>{t("settings_window")}</dt>
            <dd>{tc("settings_months", current.window_months)}</dd>
            <dt>{t("settings_training")}</dt>
            <dd>{tc("settings_hours", current.training_hours)}</dd>
            <dt>{t("settings_card")}</dt>
            <dd>{tc("settings_card_months", current.card_months)}</dd>
          </dl>
          {current.default && <p class="hint">{t("settings_default")}</p>}
          {props.mayChange && (
            <form class="inline-form" onSubmit={submit} aria-label={t("settings_cohort_form")} noValidate>
              <FormField id="amount" label={t("settings_amount_euros")} value={form.amount} onValue={set("amount")} required
                inputMode="text" error={error("amount_cents")} />
              <FormField id="window_months" label={t("settings_window_months")} type="number" min={1} max={24}
                value={form.window_months} onValue={set("window_months")} required error={error("window_months")} />
              <FormField id="training_hours" label={t("settings_training_hours")} type="number" min={0} max={100}
                value={form.training_hours} onValue={set("training_hours")} required error={error("training_hours")} />
              <FormField id="card_months" label={t("settings_card_length")} type="number" min={1} max={36}
                value={form.card_months} onValue={set("card_months")} required error={error("card_months")} />
              <div class="buttons">
                <button type="submit">{t("settings_save")}</button>
              </div>
              <div class="form-status" aria-live="polite">
                {done && <p class="notice">{t("settings_cohort_saved", { cohort: cohortLabel(year) })}</p>}
                {problem && !kCohortFields.includes(problem.field ?? "") && (
                  <p class="error" role="alert">{problem.message}</p>
                )}
              </div>
            </form>
          )}
        </>
      )}
    </Card>
  );
}

function BudgetCard(props: { mayChange: boolean }) {
  const [year, setYear] = useState(Number(localToday().slice(0, 4)));
  const loaded = useApi<BudgetLine>(`/api/v1/bursary/fiscal-years/${year}`);
  const [saved, setSaved] = useState<BudgetLine | null>(null);
  const current = saved?.fiscal_year === year ? saved : loaded.data;
  const [line, setLine] = useState("");
  const [problem, setProblem] = useState<Problem>(null);
  const [done, setDone] = useState(false);
  useEffect(() => {
    if (current) setLine(current.budget_line);
  }, [current?.fiscal_year, current?.budget_line]);
  const submit = async (e: Event) => {
    e.preventDefault();
    setProblem(null);
    setDone(false);
    try {
      setSaved(await api<BudgetLine>(`/api/v1/bursary/fiscal-years/${year}`, { method: "PUT", body: { budget_line: line.trim() } }));
      setDone(true);
    } catch (err) {
      setProblem(problemOf(err));
    }
  };
  return (
    <Card title={t("settings_budget")}>
      <p class="hint">{t("settings_budget_hint")}</p>
      <YearChoice id="fiscal-year" label={t("payments_fiscal_year")} year={year} onYear={(y) => { setYear(y); setDone(false); }} />
      {loaded.error ? (
        <ErrorNote error={loaded.error} retry={loaded.reload} />
      ) : !current ? (
        <Loading />
      ) : (
        <>
          <dl class="facts">
            <dt>{t("payments_budget_line")}</dt>
            <dd>{current.budget_line}</dd>
          </dl>
          {current.default && <p class="hint">{t("settings_budget_default")}</p>}
          {props.mayChange && (
            <form class="inline-form" onSubmit={submit} aria-label={t("settings_budget_form")} noValidate>
              <FormField id="budget_line" label={t("payments_budget_line")} value={line} onValue={setLine} required
                maxLength={64} inputClass="wide" error={problem?.field === "budget_line" ? problem.message : null} />
              <div class="buttons">
                <button type="submit">{t("settings_save")}</button>
              </div>
              <div class="form-status" aria-live="polite">
                {done && <p class="notice">{t("settings_budget_saved", { year })}</p>}
                {problem && problem.field !== "budget_line" && <p class="error" role="alert">{problem.message}</p>}
              </div>
            </form>
          )}
        </>
      )}
    </Card>
  );
}

/// The bursary's settings: an admin changes them, the office reads them.
export function SettingsPage() {
  const mayChange = mayChangeSettings(account.value!.role);
  return (
    <Layout title={t("settings_title")}>
      {!mayChange && <p class="notice">{t("settings_read_only")}</p>}
      <div class="grid settings">
        <CohortCard mayChange={mayChange} />
        <BudgetCard mayChange={mayChange} />
        <Card title={t("settings_fixed")}>
          <p class="hint">{t("settings_fixed_hint")}</p>
          <ul class="facts-list">
            <li>{t("settings_fixed_once")}</li>
            <li>{t("settings_fixed_after")}</li>
            <li>{t("settings_fixed_mandate")}</li>
          </ul>
          <p class="hint">{t("settings_fixed_defaults")}</p>
        </Card>
      </div>
    </Layout>
  );
}
