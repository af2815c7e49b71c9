// The bursary office's two lists, the applications and the pupils: their
// filters, sort and page as the address holds them (as the device list's do,
// logic/deviceQuery.ts), and the API's paths for a page or the spreadsheet.

export interface ListSpec<F extends string, S extends string> {
  /// The console's page and the API's list.
  page: string;
  api: string;
  filters: readonly F[];
  sorts: readonly S[];
  /// The API's own order when none is asked (left out of the address).
  defaultSort: S;
  defaultDescending: boolean;
  /// Sorted the first time from the largest or the latest.
  descendingFirst: readonly S[];
}

export interface ListQuery<F extends string, S extends string> {
  filters: Partial<Record<F, string>>;
  sort: S;
  descending: boolean;
  cursor: string | null;
}

export const kApplicationStatuses = ["awaiting_proof", "eligible", "mandated", "rejected", "withdrawn"] as const;
export const kRejectionReasons = ["late", "subscribed_before_handover", "already_granted", "no_handover"] as const;
export const kConnectionTypes = ["adsl", "fibre", "cable", "dialup", "mobile", "satellite", "other"] as const;

export const kApplicationList: ListSpec<"q" | "cohort" | "status" | "school" | "pupil", "received_on" | "id" | "name" | "status"> = {
  page: "/applications",
  api: "/api/v1/bursary/applications",
  filters: ["q", "cohort", "status", "school", "pupil"],
  sorts: ["received_on", "id", "name", "status"],
  defaultSort: "received_on",
  defaultDescending: true,
  descendingFirst: ["received_on", "id"],
};

export const kPupilList: ListSpec<"q" | "cohort" | "school" | "class", "name" | "ref" | "first_handover"> = {
  page: "/pupils",
  api: "/api/v1/pupils",
  filters: ["q", "cohort", "school", "class"],
  sorts: ["name", "ref", "first_handover"],
  defaultSort: "name",
  defaultDescending: false,
  descendingFirst: ["first_handover"],
};

export type ApplicationQuery = ListQuery<(typeof kApplicationList.filters)[number], (typeof kApplicationList.sorts)[number]>;
export type PupilQuery = ListQuery<(typeof kPupilList.filters)[number], (typeof kPupilList.sorts)[number]>;

export function parseListQuery<F extends string, S extends string>(spec: ListSpec<F, S>, search: string): ListQuery<F, S> {
  const params = new URLSearchParams(search);
  const filters: Partial<Record<F, string>> = {};
  for (const key of spec.filters) {
    const value = params.get(key)?.trim();
    if (value) filters[key] = value;
  }
  const asked = params.get("sort");
  const descending = asked?.startsWith("-") ?? false;
  const key = (descending ? asked!.slice(1) : asked) as S | null;
  if (key === null || !spec.sorts.includes(key)) {
    return { filters, sort: spec.defaultSort, descending: spec.defaultDescending, cursor: params.get("cursor") };
  }
  return { filters, sort: key, descending, cursor: params.get("cursor") };
}

function sortParam<F extends string, S extends string>(q: ListQuery<F, S>): string {
  return (q.descending ? "-" : "") + q.sort;
}

function filterParams<F extends string, S extends string>(spec: ListSpec<F, S>, q: ListQuery<F, S>): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of spec.filters) {
    const value = q.filters[key];
    if (value) params.set(key, value);
  }
  return params;
}

/// The console's address for `q`: only what differs from the plain list.
export function listHref<F extends string, S extends string>(spec: ListSpec<F, S>, q: ListQuery<F, S>): string {
  const params = filterParams(spec, q);
  if (q.sort !== spec.defaultSort || q.descending !== spec.defaultDescending) params.set("sort", sortParam(q));
  if (q.cursor) params.set("cursor", q.cursor);
  const text = params.toString();
  return spec.page + (text ? "?" + text : "");
}

/// The API's path for one page of `q`.
export function listApiPath<F extends string, S extends string>(spec: ListSpec<F, S>, q: ListQuery<F, S>, limit: number): string {
  const params = filterParams(spec, q);
  params.set("sort", sortParam(q));
  params.set("limit", String(limit));
  if (q.cursor) params.set("cursor", q.cursor);
  return `${spec.api}?${params}`;
}

/// The API's path for the whole filtered list as a spreadsheet, whatever page is shown.
export function listCsvPath<F extends string, S extends string>(spec: ListSpec<F, S>, q: ListQuery<F, S>): string {
  const params = filterParams(spec, q);
  params.set("sort", sortParam(q));
  params.set("format", "csv");
  return `${spec.api}?${params}`;
}

/// The same list with one filter changed, from its first page.
export function withListFilter<F extends string, S extends string>(q: ListQuery<F, S>, key: NoInfer<F>, value: string): ListQuery<F, S> {
  const filters = { ...q.filters };
  if (value.trim()) filters[key] = value.trim();
  else delete filters[key];
  return { ...q, filters, cursor: null };
}

/// Sorted by `key` in its first direction; the other way when it already was.
export function withListSort<F extends string, S extends string>(spec: ListSpec<F, S>, q: ListQuery<F, S>, key: NoInfer<S>): ListQuery<F, S> {
  const descending = q.sort === key ? !q.descending : spec.descendingFirst.includes(key);
  return { ...q, sort: key, descending, cursor: null };
}

/// The deadline checks as the address holds them: open (the default) or
/// expired, and for the open ones how many days ahead.
export interface DeadlineQuery {
  state: "open" | "expired";
  withinDays: number | null;
}

export function parseDeadlineQuery(search: string): DeadlineQuery {
  const params = new URLSearchParams(search);
  const state = params.get("state") === "expired" ? "expired" : "open";
  const text = params.get("within_days")?.trim() ?? "";
  const days = /^\d{1,3}$/.test(text) ? Number(text) : null;
  return { state, withinDays: state === "open" && days !== null && days <= 366 ? days : null };
}

function deadlineParams(q: DeadlineQuery): URLSearchParams {
  const params = new URLSearchParams();
  if (q.state === "expired") params.set("state", "expired");
  else if (q.withinDays !== null) params.set("within_days", String(q.withinDays));
  return params;
}

/// The console's address of the list, or of its letters.
export function deadlinesHref(q: DeadlineQuery, letters = false): string {
  const text = deadlineParams(q).toString();
  return (letters ? "/deadlines/letters" : "/deadlines") + (text ? "?" + text : "");
}

/// The API's list (JSON, or the reminders' CSV with `Accept: text/csv`).
export function deadlinesApiPath(q: DeadlineQuery): string {
  const params = deadlineParams(q);
  params.set("state", q.state);
  return `/api/v1/bursary/deadlines?${params}`;
}
