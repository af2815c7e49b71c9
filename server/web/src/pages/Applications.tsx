import { StatusBadge, useCohortOptions, type Application } from "../components/Bursary";
import { Layout } from "../components/Layout";
import { Link } from "../components/Link";
import {
  ClearFilters,
  ListPager,
  ListSearch,
  ListSelect,
  ListSortHeader,
  ListState,
  ListText,
  schoolOptions,
} from "../components/ListControls";
import { useApi } from "../components/useApi";
import { formatEuros } from "../logic/bursary";
import { formatDate } from "../logic/i18n";
import {
  kApplicationList,
  kApplicationStatuses,
  listApiPath,
  listCsvPath,
  parseListQuery,
} from "../logic/listQuery";
import type { MessageKey } from "../logic/messages";
import { language, location, t } from "../state";
import { pupilHref } from "./Pupils";

const kPageSize = 50;

/// The applications, filtered as the address says, newest received first.
export function ApplicationsPage() {
  const lang = language.value;
  const spec = kApplicationList;
  const query = parseListQuery(spec, location.value.search);
  const page = useApi<{ applications: Application[]; next_cursor: string | null }>(listApiPath(spec, query, kPageSize));
  const summary = useApi<{ by_school: Record<string, number> }>("/api/v1/fleet/summary");
  const cohorts = useCohortOptions();
  const filtered = Object.keys(query.filters).length > 0;
  return (
    <Layout title={t("applications_title")}>
      <p class="page-actions">
        <Link href="/applications/new" class="button">
          {t("applications_new")}
        </Link>
      </p>
      <form class="filters" aria-label={t("devices_filters")} onSubmit={(e) => e.preventDefault()}>
        <ListSearch spec={spec} query={query} name="q" label="devices_search" hint="applications_search_hint" />
        <ListSelect spec={spec} query={query} name="cohort" label="pupils_cohort" options={cohorts} anyLabel="any_cohort" />
        <ListSelect
          spec={spec}
          query={query}
          name="status"
          label="applications_col_status"
          anyLabel="applications_any_status"
          options={kApplicationStatuses.map((s) => ({ value: s, label: t(`app_status_${s}` as MessageKey) }))}
        />
        <ListSelect spec={spec} query={query} name="school" label="devices_school" options={schoolOptions(summary.data?.by_school)} />
        <ListText spec={spec} query={query} name="pupil" label="applications_pupil_ref" />
        <ClearFilters spec={spec} query={query} filtered={filtered} />
      </form>
      <ListState page={page} items={(d) => d.applications} filtered={filtered} none="applications_none" noneYet="applications_none_yet">
        {(data) => (
          <>
            <div class="table-wrap">
              <table class="applications">
                <thead>
                  <tr>
                    <ListSortHeader spec={spec} query={query} sortKey="id" label="applications_col_id" />
                    <ListSortHeader spec={spec} query={query} sortKey="received_on" label="applications_col_received" />
                    <ListSortHeader spec={spec} query={query} sortKey="name" label="pupils_col_name" />
                    <th scope="col">{t("devices_col_school")}</th>
                    <ListSortHeader spec={spec} query={query} sortKey="status" label="applications_col_status" />
                    <th scope="col">{t("applications_col_deadline")}</th>
                    <th scope="col">{t("applications_col_payee")}</th>
                    <th scope="col" class="number">{t("applications_col_amount")}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.applications.map((a) => (
                    <tr key={a.id}>
                      <th scope="row">
                        <Link href={`/applications/${a.id}`}>{t("application_number", { id: a.id ?? "" })}</Link>
                      </th>
                      <td>{formatDate(lang, a.received_on)}</td>
                      <td>
                        <Link href={pupilHref(a.pupil_ref)}>
                          {a.pupil ? `${a.pupil.last_name} ${a.pupil.first_name}` : a.pupil_ref}
                        </Link>{" "}
                        <small class="hint">{a.pupil_ref}</small>
                      </td>
                      <td>{a.school ?? "—"}</td>
                      <td>
                        <StatusBadge status={a.status} reason={a.reason} />
                      </td>
                      <td>{formatDate(lang, a.deadline)}</td>
                      <td>{a.payee_name}</td>
                      <td class="number">{formatEuros(lang, a.amount_cents)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <ListPager
              spec={spec}
              query={query}
              label={t("applications_title")}
              nextCursor={data.next_cursor}
              pageSize={kPageSize}
              csvPath={listCsvPath(spec, query)}
              file="applications_csv_file"
              exportLabel="applications_export"
            />
          </>
        )}
      </ListState>
    </Layout>
  );
}
