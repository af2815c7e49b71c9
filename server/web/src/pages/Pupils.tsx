import { StatusBadge, useCohortOptions } from "../components/Bursary";
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
import { cohortLabel } from "../logic/bursary";
import { formatDate } from "../logic/i18n";
import { kPupilList, listApiPath, listCsvPath, parseListQuery } from "../logic/listQuery";
import { language, location, t } from "../state";

const kPageSize = 50;

interface PupilRow {
  ref: string;
  first_name: string;
  last_name: string;
  school: string | null;
  class: string | null;
  first_handover: string | null;
  cohort_year: number | null;
  laptop: string | null;
  application_status: string | null;
}

export function pupilHref(ref: string): string {
  return `/pupils/${encodeURIComponent(ref)}`;
}

/// The office's search among the pupils the imports recorded: by name,
/// reference or any laptop's serial, school, class and cohort.
export function PupilsPage() {
  const lang = language.value;
  const query = parseListQuery(kPupilList, location.value.search);
  const page = useApi<{ pupils: PupilRow[]; next_cursor: string | null }>(listApiPath(kPupilList, query, kPageSize));
  const summary = useApi<{ by_school: Record<string, number> }>("/api/v1/fleet/summary");
  const cohorts = useCohortOptions();
  const filtered = Object.keys(query.filters).length > 0;
  const spec = kPupilList;

  return (
    <Layout title={t("pupils_title")}>
      <p class="page-actions">
        <Link href="/imports" class="button">
          {t("pupils_import_link")}
        </Link>
      </p>
      <form class="filters" aria-label={t("devices_filters")} onSubmit={(e) => e.preventDefault()}>
        <ListSearch spec={spec} query={query} name="q" label="devices_search" hint="pupils_search_hint" />
        <ListSelect spec={spec} query={query} name="cohort" label="pupils_cohort" options={cohorts} anyLabel="any_cohort" />
        <ListSelect spec={spec} query={query} name="school" label="devices_school" options={schoolOptions(summary.data?.by_school)} />
        <ListText spec={spec} query={query} name="class" label="pupils_class" />
        <ClearFilters spec={spec} query={query} filtered={filtered} />
      </form>
      <ListState page={page} items={(d) => d.pupils} filtered={filtered} none="pupils_none" noneYet="pupils_none_yet">
        {(data) => (
          <>
            <div class="table-wrap">
              <table class="pupils">
                <thead>
                  <tr>
                    <ListSortHeader spec={spec} query={query} sortKey="name" label="pupils_col_name" />
                    <ListSortHeader spec={spec} query={query} sortKey="ref" label="pupils_col_ref" />
                    <th scope="col">{t("devices_col_school")}</th>
                    <th scope="col">{t("pupils_class")}</th>
                    <ListSortHeader spec={spec} query={query} sortKey="first_handover" label="pupils_col_first_handover" />
                    <th scope="col">{t("pupils_col_laptop")}</th>
                    <th scope="col">{t("pupils_col_application")}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.pupils.map((p) => (
                    <tr key={p.ref}>
                      <th scope="row">
                        <Link href={pupilHref(p.ref)}>
                          {p.last_name} {p.first_name}
                        </Link>
                      </th>
                      <td>{p.ref}</td>
                      <td>{p.school ?? "—"}</td>
                      <td>{p.class ?? "—"}</td>
                      <td>
                        {formatDate(lang, p.first_handover)}
                        {p.cohort_year !== null && <small class="hint"> · {cohortLabel(p.cohort_year)}</small>}
                      </td>
                      <td>{p.laptop ?? "—"}</td>
                      <td>{p.application_status ? <StatusBadge status={p.application_status} /> : t("pupils_no_application")}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <ListPager
              spec={spec}
              query={query}
              label={t("pupils_title")}
              nextCursor={data.next_cursor}
              pageSize={kPageSize}
              csvPath={listCsvPath(spec, query)}
              file="pupils_csv_file"
              exportLabel="pupils_export"
            />
          </>
        )}
      </ListState>
    </Layout>
  );
}
