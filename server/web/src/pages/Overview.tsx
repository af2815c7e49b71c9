import { useMemo } from "preact/hooks";

import { DayChart, type Series } from "../components/Chart";
import { Link } from "../components/Link";
import { Layout } from "../components/Layout";
import { Card, ErrorNote, Loading } from "../components/Status";
import { useApi } from "../components/useApi";
import { formatDate, formatDateTime, formatNumber } from "../logic/i18n";
import type { MessageKey } from "../logic/messages";
import { mayOpen, mayReadIncidents, seesDeviceAlerts } from "../logic/routes";
import { account, language, t, tc } from "../state";

export const kRefreshSeconds = 30;

interface Trends {
  days: string[];
  laptops_seen: number[];
  reports: number[];
  runs: number[];
  failures_by_step: Record<string, number[]>;
}

interface Summary {
  total: number;
  by_status: Record<string, number>;
  by_school: Record<string, number>;
  by_model: Record<string, number>;
  alerts: {
    open: Record<string, number>;
    needing_attention: Record<string, number>;
    laptops_needing_attention: number;
  };
  trends: Trends;
  /// For admins and IT only; null for the other roles.
  server_certificate: { expires_at: string; renew_soon: boolean } | null;
  generated_at: string;
}

interface Incident {
  id: number;
  code: string;
  target: string | null;
  laptops: number;
  since: string;
  summary: string;
}

const kStatuses = ["online", "offline", "stale", "missing", "never_seen"];

/// Where a count links for this role: the device list it counts for IT and
/// the desk; for the bursary office, a school's pupils.
function countHref(role: string, filter: string, key: string): string | null {
  if (mayOpen(role, "devices")) return `/devices?${filter}=${encodeURIComponent(key)}`;
  if (filter === "school" && key !== "unknown" && mayOpen(role, "pupils")) return `/pupils?school=${encodeURIComponent(key)}`;
  return null;
}

/// Counts, largest first, each a link to the list it counts when the role may
/// open it. Beyond `first` rows (a city has dozens of schools), the rest fold
/// away under « N autres ».
function Counts(props: {
  counts: Record<string, number>;
  filter: string;
  label?: (key: string) => string;
  order?: string[];
  first?: number;
}) {
  const lang = language.value;
  const role = account.value!.role;
  const keys = props.order
    ? props.order.filter((k) => k in props.counts)
    : Object.keys(props.counts).sort((a, b) => props.counts[b] - props.counts[a]);
  if (keys.length === 0) return <p>{t("overview_none")}</p>;
  const shown = props.first && keys.length > props.first + 1 ? keys.slice(0, props.first) : keys;
  const rest = keys.slice(shown.length);
  const rows = (list: string[]) => (
    <table class="counts">
      <tbody>
        {list.map((k) => {
          // The server counts what it does not know under "unknown".
          const label = props.label ? props.label(k) : k === "unknown" ? t("unknown") : k || "—";
          const href = countHref(role, props.filter, k);
          return (
            <tr key={k}>
              <th scope="row">{href ? <Link href={href}>{label}</Link> : label}</th>
              <td class="number">{formatNumber(lang, props.counts[k])}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
  return (
    <>
      {rows(shown)}
      {rest.length > 0 && (
        <details class="more">
          <summary>{tc("overview_more", rest.length)}</summary>
          {rows(rest)}
        </details>
      )}
    </>
  );
}

function Incidents() {
  const incidents = useApi<{ incidents: Incident[] }>("/api/v1/incidents", kRefreshSeconds);
  if (incidents.error) return <ErrorNote error={incidents.error} retry={incidents.reload} />;
  if (!incidents.data) return <Loading />;
  if (incidents.data.incidents.length === 0) return <p>{t("overview_no_incident")}</p>;
  return (
    <ul class="incidents">
      {incidents.data.incidents.map((i) => (
        <li key={i.id}>
          <strong>
            {i.code}
            {i.target ? ` · ${i.target}` : ""}
          </strong>{" "}
          {i.summary}
        </li>
      ))}
    </ul>
  );
}

/// Open alerts per rule, the ones nobody has in hand first; each links to its list.
function AlertsByRule(props: { alerts: Summary["alerts"] }) {
  const lang = language.value;
  const canList = mayOpen(account.value!.role, "alerts");
  const rules = Object.keys(props.alerts.open)
    .filter((r) => props.alerts.open[r] > 0)
    .sort((a, b) => props.alerts.needing_attention[b] - props.alerts.needing_attention[a] ||
      props.alerts.open[b] - props.alerts.open[a]);
  if (rules.length === 0) return <p>{t("overview_no_alert")}</p>;
  return (
    <table class="counts">
      <thead>
        <tr>
          <td />
          <th scope="col" class="number">{t("alerts_needing_attention")}</th>
          <th scope="col" class="number">{t("alerts_open")}</th>
        </tr>
      </thead>
      <tbody>
        {rules.map((rule) => {
          const label = t(`rule_${rule}` as MessageKey);
          return (
            <tr key={rule}>
              <th scope="row">
                {canList ? <Link href={`/alerts?rule=${encodeURIComponent(rule)}`}>{label}</Link> : label}
              </th>
              <td class="number">{formatNumber(lang, props.alerts.needing_attention[rule] ?? 0)}</td>
              <td class="number">{formatNumber(lang, props.alerts.open[rule])}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/// One colour per step, told apart in light and in dark.
const kStepColours: Record<string, string> = {
  L: "#7f7f7f", I: "#9467bd", G: "#8c564b", D: "#d62728", T: "#ff7f0e",
  S: "#e377c2", H: "#17becf", P: "#2ca02c", Q: "#1f77b4",
};

function TrendCharts(props: { trends: Trends }) {
  const { trends } = props;
  const lang = language.value;
  const fleet = useMemo<Series[]>(() => [
    { label: t("trend_laptops_series"), values: trends.laptops_seen, color: "#1f77b4" },
  ], [trends, lang]);
  const reports = useMemo<Series[]>(() => [
    { label: t("trend_reports_series"), values: trends.reports, color: "#2ca02c" },
  ], [trends, lang]);
  const failures = useMemo<Series[]>(() =>
    Object.entries(trends.failures_by_step)
      .filter(([, values]) => values.some((v) => v > 0))
      .map(([step, values]) => ({
        label: t(`step_${step}` as MessageKey),
        values,
        color: kStepColours[step] ?? "#7f7f7f",
      })), [trends, lang]);
  return (
    <div class="charts">
      <DayChart title={t("trend_laptops")} days={trends.days} series={fleet} />
      <DayChart title={t("trend_reports")} days={trends.days} series={reports} />
      {failures.length > 0 ? (
        <DayChart title={t("trend_failures")} days={trends.days} series={failures} />
      ) : (
        <figure class="chart">
          <figcaption>{t("trend_failures")}</figcaption>
          <p>{t("trend_no_failure")}</p>
        </figure>
      )}
    </div>
  );
}

/// From 30 days before its end, the server's certificate asks to be renewed
/// (docs/operations.md, "Certificates").
function CertificateNotice(props: { certificate: Summary["server_certificate"] }) {
  const certificate = props.certificate;
  if (!certificate?.renew_soon) return null;
  const date = formatDate(language.value, certificate.expires_at);
  const ended = new Date(certificate.expires_at).getTime() <= Date.now();
  return (
    <p class="notice warning" role="alert">
      {t(ended ? "certificate_expired" : "certificate_renew_soon", { date })}{" "}
      <code>clicfleet-server cert renew</code> {t("certificate_then")}{" "}
      <code>systemctl reload clicfleet-server</code>.
    </p>
  );
}

/// The bursary office's way in: the families whose deadline is near, and its lists.
function Bursary() {
  const lang = language.value;
  const soon = useApi<{ deadlines: unknown[] }>(`/api/v1/bursary/deadlines?within_days=${kSoonDays}`, kRefreshSeconds);
  return (
    <>
      {soon.error ? (
        <ErrorNote error={soon.error} retry={soon.reload} />
      ) : !soon.data ? (
        <Loading />
      ) : (
        <p>
          <Link href={`/deadlines?within_days=${kSoonDays}`}>
            {soon.data.deadlines.length === 0
              ? t("overview_deadlines_none", { days: formatNumber(lang, kSoonDays) })
              : tc("overview_deadlines_soon", soon.data.deadlines.length, { days: formatNumber(lang, kSoonDays) })}
          </Link>
        </p>
      )}
      <ul class="office-links">
        <li>
          <Link href="/applications?status=awaiting_proof">{t("overview_awaiting_proof")}</Link>
        </li>
        <li>
          <Link href="/applications?status=eligible">{t("overview_to_pay")}</Link>
        </li>
        <li>
          <Link href="/payments">{t("payments_new")}</Link>
        </li>
      </ul>
    </>
  );
}

const kSoonDays = 30;

export function OverviewPage() {
  const summary = useApi<Summary>("/api/v1/fleet/summary", kRefreshSeconds);
  const lang = language.value;
  const role = account.value!.role;
  // The bursary office has no use for the laptops' health: no alerts for it.
  const seesAlerts = seesDeviceAlerts(role);
  return (
    <Layout title={t("overview_title")}>
      <p class="hint" aria-live="polite">
        {summary.at && t("updated_at", { when: formatDateTime(lang, summary.at.toISOString()) })}
        {" · "}
        {t("refresh_every", { seconds: kRefreshSeconds })}
      </p>
      {summary.error ? (
        <ErrorNote error={summary.error} retry={summary.reload} />
      ) : !summary.data ? (
        <Loading />
      ) : (
        <>
          <CertificateNotice certificate={summary.data.server_certificate} />
          <p class="total">
            {tc("overview_total", summary.data.total)}
            {seesAlerts && summary.data.alerts.laptops_needing_attention > 0 && (
              <span class="attention">
                {" · "}
                {tc("overview_needing_attention", summary.data.alerts.laptops_needing_attention)}
              </span>
            )}
          </p>
          <div class="grid">
            {mayOpen(role, "deadlines") && (
              <Card title={t("overview_bursary")}>
                <Bursary />
              </Card>
            )}
            <Card title={t("overview_by_status")}>
              <Counts
                counts={summary.data.by_status}
                filter="status"
                order={kStatuses}
                label={(k) => t(`status_${k}` as MessageKey)}
              />
            </Card>
            {mayReadIncidents(role) && (
              <Card title={t("overview_incidents")}>
                <Incidents />
              </Card>
            )}
            {seesAlerts && (
              <Card title={t("overview_alerts")}>
                <AlertsByRule alerts={summary.data.alerts} />
              </Card>
            )}
            <Card title={t("overview_trends")} wide>
              <TrendCharts trends={summary.data.trends} />
            </Card>
            <Card title={t("overview_by_school")}>
              <Counts counts={summary.data.by_school} filter="school" first={10} />
            </Card>
            <Card title={t("overview_by_model")}>
              <Counts counts={summary.data.by_model} filter="model" first={10} />
            </Card>
          </div>
        </>
      )}
    </Layout>
  );
}
