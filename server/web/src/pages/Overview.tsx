import { Link } from "../components/Link";
import { Layout } from "../components/Layout";
import { Card, ErrorNote, Loading } from "../components/Status";
import { useApi } from "../components/useApi";
import { formatDateTime, formatNumber } from "../logic/i18n";
import type { MessageKey } from "../logic/messages";
import { mayOpen, mayReadIncidents } from "../logic/routes";
import { account, language, t } from "../state";

export const kRefreshSeconds = 30;

interface Summary {
  total: number;
  by_status: Record<string, number>;
  by_school: Record<string, number>;
  by_model: Record<string, number>;
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

/// Counts, largest first, each a link to the list it counts when the role may open it.
function Counts(props: {
  counts: Record<string, number>;
  filter: string;
  label?: (key: string) => string;
  order?: string[];
}) {
  const lang = language.value;
  const canList = mayOpen(account.value!.role, "devices");
  const keys = props.order
    ? props.order.filter((k) => k in props.counts)
    : Object.keys(props.counts).sort((a, b) => props.counts[b] - props.counts[a]);
  if (keys.length === 0) return <p>{t("overview_none")}</p>;
  return (
    <table class="counts">
      <tbody>
        {keys.map((k) => {
          // The server counts what it does not know under "unknown".
          const label = props.label ? props.label(k) : k === "unknown" ? t("unknown") : k || "—";
          const href = `/devices?${props.filter}=${encodeURIComponent(k)}`;
          return (
            <tr key={k}>
              <th scope="row">{canList ? <Link href={href}>{label}</Link> : label}</th>
              <td class="number">{formatNumber(lang, props.counts[k])}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
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

export function OverviewPage() {
  const summary = useApi<Summary>("/api/v1/fleet/summary", kRefreshSeconds);
  const lang = language.value;
  const role = account.value!.role;
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
          <p class="total">{t("overview_total", { count: formatNumber(lang, summary.data.total) })}</p>
          <div class="grid">
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
            <Card title={t("overview_by_school")}>
              <Counts counts={summary.data.by_school} filter="school" />
            </Card>
            <Card title={t("overview_by_model")}>
              <Counts counts={summary.data.by_model} filter="model" />
            </Card>
          </div>
        </>
      )}
    </Layout>
  );
}
