import { useEffect, useState } from "preact/hooks";

import { ExportButton } from "../components/ExportButton";
import { Layout } from "../components/Layout";
import { Link } from "../components/Link";
import { ErrorNote, Loading } from "../components/Status";
import { useApi } from "../components/useApi";
import {
  devicesCsvPath,
  deviceSearch,
  devicesApiPath,
  kAlertRules,
  kStatuses,
  parseDeviceQuery,
  withFilter,
  withSort,
  type DeviceQuery,
  type FilterKey,
  type SortKey,
} from "../logic/deviceQuery";
import { formatAgo, formatDateTime, formatNumber } from "../logic/i18n";
import type { MessageKey } from "../logic/messages";
import { language, location, navigate, t } from "../state";

const kPageSize = 50;

interface DeviceRow {
  id: string;
  hostname: string | null;
  serial: string | null;
  model: string | null;
  status: string;
  last_seen_at: string | null;
  school: string | null;
  pupil: { ref: string; name: string | null } | null;
  open_alerts: number;
}

interface Summary {
  by_school: Record<string, number>;
  by_model: Record<string, number>;
  by_os: Record<string, number>;
}

function go(q: DeviceQuery, replace = false) {
  navigate("/devices" + deviceSearch(q), replace);
}

export function StatusBadge(props: { status: string }) {
  return <span class={`badge status-${props.status}`}>{t(`status_${props.status}` as MessageKey)}</span>;
}

/// A choice among `options`, "all" first; changing it shows the first page of the new list.
function FilterSelect(props: {
  query: DeviceQuery;
  name: FilterKey;
  label: MessageKey;
  options: { value: string; label: string }[];
  anyLabel?: MessageKey;
}) {
  // The value in the address is a choice even before (or without) the list
  // of choices: a shared link shows its filter at once.
  const value = props.query.filters[props.name] ?? "";
  const options =
    value && !props.options.some((o) => o.value === value)
      ? [{ value, label: value }, ...props.options]
      : props.options;
  return (
    <label>
      <span>{t(props.label)}</span>
      <select
        name={props.name}
        value={value}
        onChange={(e) => go(withFilter(props.query, props.name, e.currentTarget.value))}
      >
        <option value="">{t(props.anyLabel ?? "devices_any")}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/// The search box: the list follows as one types, a moment after the last key.
function SearchBox(props: { query: DeviceQuery }) {
  const [text, setText] = useState(props.query.filters.q ?? "");
  useEffect(() => setText(props.query.filters.q ?? ""), [props.query.filters.q]);
  useEffect(() => {
    if ((props.query.filters.q ?? "") === text.trim()) return;
    const timer = window.setTimeout(() => go(withFilter(props.query, "q", text), true), 300);
    return () => window.clearTimeout(timer);
  }, [text]);
  return (
    <label class="search">
      <span>{t("devices_search")}</span>
      <input
        type="search"
        name="q"
        value={text}
        aria-describedby="search-hint"
        onInput={(e) => setText(e.currentTarget.value)}
      />
      <small id="search-hint" class="hint">
        {t("devices_search_hint")}
      </small>
    </label>
  );
}

function SortHeader(props: { query: DeviceQuery; sortKey: SortKey; label: MessageKey; numeric?: boolean }) {
  const active = props.query.sort === props.sortKey;
  const direction = active ? (props.query.descending ? "descending" : "ascending") : undefined;
  return (
    <th scope="col" aria-sort={direction ?? "none"} class={props.numeric ? "number" : undefined}>
      <button
        type="button"
        class="sort"
        onClick={() => go(withSort(props.query, props.sortKey))}
        aria-label={t("sort_by", { column: t(props.label) })}
      >
        {t(props.label)}
        <span aria-hidden="true">{active ? (props.query.descending ? " ▼" : " ▲") : ""}</span>
      </button>
    </th>
  );
}

function options(counts: Record<string, number> | undefined) {
  return Object.keys(counts ?? {})
    .filter((k) => k !== "unknown")
    .sort((a, b) => a.localeCompare(b, "fr"))
    .map((k) => ({ value: k, label: k }));
}

export function DevicesPage() {
  const query = parseDeviceQuery(location.value.search);
  const lang = language.value;
  const page = useApi<{ devices: DeviceRow[]; next_cursor: string | null }>(
    devicesApiPath(query, kPageSize),
  );
  const summary = useApi<Summary>("/api/v1/fleet/summary");
  const now = new Date();
  const filtered = Object.keys(query.filters).length > 0;

  return (
    <Layout title={t("devices_title")}>
      <form class="filters" aria-label={t("devices_filters")} onSubmit={(e) => e.preventDefault()}>
        <SearchBox query={query} />
        <FilterSelect
          query={query}
          name="status"
          label="devices_status"
          options={kStatuses.map((s) => ({ value: s, label: t(`status_${s}` as MessageKey) }))}
        />
        <FilterSelect query={query} name="school" label="devices_school" options={options(summary.data?.by_school)} />
        <FilterSelect query={query} name="model" label="devices_model" options={options(summary.data?.by_model)} />
        <FilterSelect query={query} name="os" label="devices_os" options={options(summary.data?.by_os)} />
        <FilterSelect
          query={query}
          name="alert"
          label="devices_alert"
          anyLabel="devices_any"
          options={[
            { value: "any", label: t("devices_any_alert") },
            ...kAlertRules.map((r) => ({ value: r, label: t(`rule_${r}` as MessageKey) })),
          ]}
        />
        {filtered && (
          <button type="button" class="secondary" onClick={() => go({ ...query, filters: {}, cursor: null })}>
            {t("devices_clear")}
          </button>
        )}
      </form>
      {page.error ? (
        <ErrorNote error={page.error} retry={page.reload} />
      ) : !page.data ? (
        <Loading />
      ) : page.data.devices.length === 0 ? (
        <p role="status">{t("devices_none")}</p>
      ) : (
        <>
          <div class="table-wrap">
            <table class="devices">
              <thead>
                <tr>
                  <SortHeader query={query} sortKey="serial" label="devices_col_serial" />
                  <SortHeader query={query} sortKey="hostname" label="devices_col_hostname" />
                  <th scope="col">{t("devices_col_pupil")}</th>
                  <th scope="col">{t("devices_col_school")}</th>
                  <th scope="col">{t("devices_col_model")}</th>
                  <SortHeader query={query} sortKey="status" label="devices_col_status" />
                  <SortHeader query={query} sortKey="last_seen" label="devices_col_last_seen" />
                  <SortHeader query={query} sortKey="open_alerts" label="devices_col_alerts" numeric />
                </tr>
              </thead>
              <tbody>
                {page.data.devices.map((d) => (
                  <tr key={d.id}>
                    <th scope="row">
                      <Link href={`/devices/${encodeURIComponent(d.id)}`}>{d.serial ?? d.id}</Link>
                    </th>
                    <td>{d.hostname ?? "—"}</td>
                    <td>{d.pupil ? `${d.pupil.name ?? ""} (${d.pupil.ref})`.trim() : "—"}</td>
                    <td>{d.school ?? "—"}</td>
                    <td>{d.model ?? "—"}</td>
                    <td>
                      <StatusBadge status={d.status} />
                    </td>
                    <td title={formatDateTime(lang, d.last_seen_at)}>{formatAgo(lang, d.last_seen_at, now)}</td>
                    <td class="number">{formatNumber(lang, d.open_alerts)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <nav class="pager" aria-label={t("devices_title")}>
            <span class="hint">{t("devices_page_size", { count: kPageSize })}</span>
            <ExportButton path={devicesCsvPath(query)} file="devices_csv_file" label="devices_export" />
            {query.cursor && (
              <button type="button" class="secondary" onClick={() => go({ ...query, cursor: null })}>
                {t("devices_first")}
              </button>
            )}
            {page.data.next_cursor && (
              <button type="button" onClick={() => go({ ...query, cursor: page.data!.next_cursor })}>
                {t("devices_next")}
              </button>
            )}
          </nav>
        </>
      )}
    </Layout>
  );
}
