import { useMemo } from "preact/hooks";

import { type Figures } from "../components/Bursary";
import { BarChart, type Series } from "../components/Chart";
import { ExportButton } from "../components/ExportButton";
import { Layout } from "../components/Layout";
import { Link } from "../components/Link";
import { Card, ErrorNote, Loading } from "../components/Status";
import { useApi } from "../components/useApi";
import { cohortLabel, formatEuros } from "../logic/bursary";
import { formatNumber } from "../logic/i18n";
import { kRejectionReasons } from "../logic/listQuery";
import type { MessageKey } from "../logic/messages";
import { language, location, navigate, t } from "../state";

/// The measures of a cohort, in the order the office reads them, each from the report's figures.
function measures(): { key: string; label: string; value: (f: Figures) => number; money?: boolean; sub?: boolean }[] {
  return [
    { key: "handed_over", label: t("figures_handed_over"), value: (f) => f.handed_over },
    { key: "applications", label: t("figures_applications"), value: (f) => f.applications },
    { key: "granted", label: t("figures_granted"), value: (f) => f.mandated + f.eligible },
    { key: "mandated", label: t("figures_mandated"), value: (f) => f.mandated, sub: true },
    { key: "eligible", label: t("figures_eligible"), value: (f) => f.eligible, sub: true },
    { key: "awaiting_proof", label: t("app_status_awaiting_proof"), value: (f) => f.awaiting_proof },
    { key: "rejected", label: t("figures_rejected"), value: (f) => rejected(f) },
    ...kRejectionReasons.map((r) => ({
      key: `rejected_${r}`,
      label: t(`reason_${r}` as MessageKey),
      value: (f: Figures) => f.rejected_by_reason[r] ?? 0,
      sub: true,
    })),
    { key: "withdrawn", label: t("figures_withdrawn"), value: (f) => f.withdrawn },
    { key: "paid", label: t("figures_paid"), value: (f) => f.total_paid_cents, money: true },
  ];
}

function rejected(f: Figures): number {
  return Object.values(f.rejected_by_reason).reduce((a, b) => a + b, 0);
}

/// Every cohort side by side: a row per measure, a column per school year.
function YearsTable(props: { years: Figures[] }) {
  const lang = language.value;
  return (
    <div class="table-wrap fit" tabIndex={0}>
      <table class="figures">
        <caption class="visually-hidden">{t("figures_years")}</caption>
        <thead>
          <tr>
            <td />
            {props.years.map((y) => (
              <th scope="col" class="number" key={y.cohort_year}>
                {cohortLabel(y.cohort_year)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {measures().map((m) => (
            <tr key={m.key} class={m.sub ? "sub" : undefined} data-measure={m.key}>
              <th scope="row">{m.label}</th>
              {props.years.map((y) => (
                <td class="number" key={y.cohort_year}>
                  {m.money ? formatEuros(lang, m.value(y)) : formatNumber(lang, m.value(y))}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/// One cohort per school, then the total.
function SchoolsTable(props: { report: Figures & { per_school: Figures[] } }) {
  const lang = language.value;
  const columns = measures().filter((m) => !m.sub || m.key === "mandated");
  const rows = [...props.report.per_school.map((f) => ({ name: f.school ?? t("payments_no_school"), f, total: false })),
    { name: t("figures_total"), f: props.report as Figures, total: true }];
  return (
    <div class="table-wrap" tabIndex={0}>
      <table class="figures schools">
        <caption class="visually-hidden">{t("figures_schools_caption", { cohort: cohortLabel(props.report.cohort_year) })}</caption>
        <thead>
          <tr>
            <th scope="col">{t("devices_col_school")}</th>
            {columns.map((m) => (
              <th scope="col" class="number" key={m.key}>
                {m.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.name} class={r.total ? "total-row" : undefined}>
              <th scope="row">{r.name}</th>
              {columns.map((m) => (
                <td class="number" key={m.key}>
                  {m.money ? formatEuros(lang, m.value(r.f)) : formatNumber(lang, m.value(r.f))}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/// The yearly figures, as the deliberation reports them (« En 2004, 110
/// bourses ont été attribuées et 108 en 2005 »): every cohort, then one per school.
export function FiguresPage() {
  const lang = language.value;
  const years = useApi<{ years: Figures[] }>("/api/v1/bursary/report/years");
  const all = years.data?.years ?? [];
  const asked = new URLSearchParams(location.value.search).get("cohort");
  const newest = all.length > 0 ? all[all.length - 1].cohort_year : null;
  const cohort = asked && /^\d{4}$/.test(asked) ? Number(asked) : newest;
  const report = useApi<Figures & { per_school: Figures[] }>(cohort === null ? null : `/api/v1/bursary/report?cohort=${cohort}`);
  const labels = useMemo(() => all.map((y) => cohortLabel(y.cohort_year)), [years.data]);
  const series = useMemo<Series[]>(
    () => [{ label: t("figures_granted_series"), values: all.map((y) => y.mandated + y.eligible), color: "#2e7d32" }],
    [years.data, lang],
  );
  const choices = [...all].reverse().map((y) => y.cohort_year);
  if (cohort !== null && !choices.includes(cohort)) choices.unshift(cohort);
  return (
    <Layout title={t("figures_title")}>
      <p class="intro">
        {t("figures_intro")} <Link href="/settings">{t("figures_settings")}</Link>.
      </p>
      {years.error ? (
        <ErrorNote error={years.error} retry={years.reload} />
      ) : !years.data ? (
        <Loading />
      ) : all.length === 0 ? (
        <p role="status">{t("figures_none")}</p>
      ) : (
        <>
          <Card title={t("figures_years")} wide>
            <YearsTable years={all} />
            <BarChart title={t("figures_chart")} labels={labels} series={series} />
          </Card>
          <Card title={t("figures_by_school")} wide>
            <form class="filters" aria-label={t("devices_filters")} onSubmit={(e) => e.preventDefault()}>
              <label>
                <span>{t("pupils_cohort")}</span>
                <select name="cohort" value={String(cohort)} onChange={(e) => navigate(`/figures?cohort=${e.currentTarget.value}`)}>
                  {choices.map((y) => (
                    <option key={y} value={String(y)}>
                      {cohortLabel(y)}
                    </option>
                  ))}
                </select>
              </label>
              {cohort !== null && (
                <ExportButton
                  path={`/api/v1/bursary/report?cohort=${cohort}`}
                  file="figures_csv_file"
                  label="figures_export"
                  vars={{ year: cohort, cohort: cohortLabel(cohort) }}
                />
              )}
            </form>
            {report.error ? (
              <ErrorNote error={report.error} retry={report.reload} />
            ) : !report.data ? (
              <Loading />
            ) : (
              <SchoolsTable report={report.data} />
            )}
          </Card>
        </>
      )}
    </Layout>
  );
}
