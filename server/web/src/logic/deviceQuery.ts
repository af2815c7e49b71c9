// The device list's filters, sort and page as the URL holds them, so that a
// link shows the same list to whoever opens it.

export const kStatuses = ["online", "offline", "stale", "missing", "never_seen"] as const;
export const kAlertRules = [
  "disk_low",
  "battery_worn",
  "missing_handed_over",
  "connectivity_failing",
  "clock_skew",
  "agent_outdated",
  "hardware_changed",
  "duplicate_serial",
  "identity_changed",
] as const;
/// The sort keys the API takes; "-serial" is the same key, descending.
export const kSortKeys = ["serial", "hostname", "last_seen", "status", "open_alerts"] as const;
export type SortKey = (typeof kSortKeys)[number];

export const kFilterKeys = ["q", "status", "school", "model", "os", "alert"] as const;
export type FilterKey = (typeof kFilterKeys)[number];

export interface DeviceQuery {
  filters: Partial<Record<FilterKey, string>>;
  sort: SortKey;
  descending: boolean;
  cursor: string | null;
}

export function parseDeviceQuery(search: string): DeviceQuery {
  const params = new URLSearchParams(search);
  const filters: DeviceQuery["filters"] = {};
  for (const key of kFilterKeys) {
    const value = params.get(key)?.trim();
    if (value) filters[key] = value;
  }
  const sortParam = params.get("sort") ?? "serial";
  const descending = sortParam.startsWith("-");
  const key = descending ? sortParam.slice(1) : sortParam;
  const sort = (kSortKeys as readonly string[]).includes(key) ? (key as SortKey) : "serial";
  return { filters, sort, descending: descending && sort === key, cursor: params.get("cursor") };
}

function sortParam(q: DeviceQuery): string {
  return (q.descending ? "-" : "") + q.sort;
}

/// The URL's query for `q`: only what differs from the plain list.
export function deviceSearch(q: DeviceQuery): string {
  const params = new URLSearchParams();
  for (const key of kFilterKeys) {
    const value = q.filters[key];
    if (value) params.set(key, value);
  }
  if (q.sort !== "serial" || q.descending) params.set("sort", sortParam(q));
  if (q.cursor) params.set("cursor", q.cursor);
  const text = params.toString();
  return text ? "?" + text : "";
}

/// The API's path for one page of `q`.
export function devicesApiPath(q: DeviceQuery, limit: number): string {
  const params = new URLSearchParams();
  for (const key of kFilterKeys) {
    const value = q.filters[key];
    if (value) params.set(key, value);
  }
  params.set("sort", sortParam(q));
  params.set("limit", String(limit));
  if (q.cursor) params.set("cursor", q.cursor);
  return "/api/v1/devices?" + params.toString();
}

/// The API's path for the whole list as a spreadsheet (every page at once).
/// A laptop handed over but never enrolled has the id `serial:SERIAL` in the
/// API, and no reports: its page asks for no history.
export function isEnrolledId(id: string): boolean {
  return !id.startsWith("serial:");
}

export function devicesCsvPath(q: DeviceQuery): string {
  const params = new URLSearchParams();
  for (const key of kFilterKeys) {
    const value = q.filters[key];
    if (value) params.set(key, value);
  }
  params.set("sort", sortParam(q));
  params.set("format", "csv");
  return "/api/v1/devices?" + params.toString();
}

/// The same list with one filter changed, from its first page.
export function withFilter(q: DeviceQuery, key: FilterKey, value: string): DeviceQuery {
  const filters = { ...q.filters };
  if (value.trim()) filters[key] = value.trim();
  else delete filters[key];
  return { ...q, filters, cursor: null };
}

/// The first click's direction: the most recent contact and the most alerts
/// first; names and statuses (online first) from the top.
const kDescendingFirst: readonly SortKey[] = ["last_seen", "open_alerts"];

/// Sorted by `key`, in its first direction; the other way when it already was.
export function withSort(q: DeviceQuery, key: SortKey): DeviceQuery {
  const descending = q.sort === key ? !q.descending : kDescendingFirst.includes(key);
  return { ...q, sort: key, descending, cursor: null };
}
