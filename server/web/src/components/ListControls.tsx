import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";

import { listHref, withListFilter, withListSort, type ListQuery, type ListSpec } from "../logic/listQuery";
import type { MessageKey } from "../logic/messages";
import { navigate, t } from "../state";
import { ExportButton } from "./ExportButton";
import { ErrorNote, Loading } from "./Status";
import type { Loaded } from "./useApi";

// The filters, sort headers and pager of the bursary office's lists (pupils,
// applications), as the device list has them: all in the address, a change
// of filter or sort back to the first page.

function go<F extends string, S extends string>(spec: ListSpec<F, S>, q: ListQuery<F, S>, replace = false) {
  navigate(listHref(spec, q), replace);
}

/// The search box: the list follows as one types, a moment after the last key.
export function ListSearch<F extends string, S extends string>(props: {
  spec: ListSpec<F, S>;
  query: ListQuery<F, S>;
  name: F;
  label: MessageKey;
  hint: MessageKey;
}) {
  const current = props.query.filters[props.name] ?? "";
  const [text, setText] = useState(current);
  useEffect(() => setText(current), [current]);
  useEffect(() => {
    if (current === text.trim()) return;
    const timer = window.setTimeout(() => go(props.spec, withListFilter(props.query, props.name, text), true), 300);
    return () => window.clearTimeout(timer);
  }, [text]);
  const hint = `${props.name}-hint`;
  return (
    <label class="search">
      <span>{t(props.label)}</span>
      <input
        type="search"
        name={props.name}
        value={text}
        autocomplete="off"
        aria-describedby={hint}
        onInput={(e) => setText(e.currentTarget.value)}
      />
      <small id={hint} class="hint">
        {t(props.hint)}
      </small>
    </label>
  );
}

/// A choice among `options`, "all" first. The value in the address is a
/// choice even before (or without) the list of choices.
export function ListSelect<F extends string, S extends string>(props: {
  spec: ListSpec<F, S>;
  query: ListQuery<F, S>;
  name: F;
  label: MessageKey;
  options: { value: string; label: string }[];
  anyLabel?: MessageKey;
}) {
  const value = props.query.filters[props.name] ?? "";
  const options =
    value && !props.options.some((o) => o.value === value) ? [{ value, label: value }, ...props.options] : props.options;
  return (
    <label>
      <span>{t(props.label)}</span>
      <select
        name={props.name}
        value={value}
        onChange={(e) => go(props.spec, withListFilter(props.query, props.name, e.currentTarget.value))}
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

/// A filter typed exactly (a class, a pupil's reference): applied when the
/// field is left or Enter is pressed.
export function ListText<F extends string, S extends string>(props: {
  spec: ListSpec<F, S>;
  query: ListQuery<F, S>;
  name: F;
  label: MessageKey;
  size?: number;
}) {
  const current = props.query.filters[props.name] ?? "";
  const [text, setText] = useState(current);
  useEffect(() => setText(current), [current]);
  const apply = () => {
    if (text.trim() !== current) go(props.spec, withListFilter(props.query, props.name, text));
  };
  return (
    <label>
      <span>{t(props.label)}</span>
      <input
        type="text"
        name={props.name}
        value={text}
        size={props.size ?? 10}
        autocomplete="off"
        onInput={(e) => setText(e.currentTarget.value)}
        onChange={apply}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            e.preventDefault();
            apply();
          }
        }}
      />
    </label>
  );
}

export function ListSortHeader<F extends string, S extends string>(props: {
  spec: ListSpec<F, S>;
  query: ListQuery<F, S>;
  sortKey: S;
  label: MessageKey;
  numeric?: boolean;
}) {
  const active = props.query.sort === props.sortKey;
  const direction = active ? (props.query.descending ? "descending" : "ascending") : "none";
  return (
    <th scope="col" aria-sort={direction} class={props.numeric ? "number" : undefined}>
      <button
        type="button"
        class="sort"
        onClick={() => go(props.spec, withListSort(props.spec, props.query, props.sortKey))}
        aria-label={t("sort_by", { column: t(props.label) })}
      >
        {t(props.label)}
        <span aria-hidden="true">{active ? (props.query.descending ? " ▼" : " ▲") : ""}</span>
      </button>
    </th>
  );
}

/// The next page, back to the first, and the whole list as a spreadsheet.
export function ListPager<F extends string, S extends string>(props: {
  spec: ListSpec<F, S>;
  query: ListQuery<F, S>;
  label: string;
  nextCursor: string | null;
  pageSize: number;
  csvPath: string;
  file: MessageKey;
  exportLabel: MessageKey;
}) {
  return (
    <nav class="pager" aria-label={props.label}>
      <span class="hint">{t("devices_page_size", { count: props.pageSize })}</span>
      <ExportButton path={props.csvPath} file={props.file} label={props.exportLabel} />
      {props.query.cursor && (
        <button type="button" class="secondary" onClick={() => go(props.spec, { ...props.query, cursor: null })}>
          {t("devices_first")}
        </button>
      )}
      {props.nextCursor && (
        <button type="button" onClick={() => go(props.spec, { ...props.query, cursor: props.nextCursor })}>
          {t("devices_next")}
        </button>
      )}
    </nav>
  );
}

/// The schools the fleet's summary counts, by name: the choices of a school filter.
export function schoolOptions(bySchool: Record<string, number> | undefined) {
  return Object.keys(bySchool ?? {})
    .filter((k) => k !== "unknown" && k !== "")
    .sort((a, b) => a.localeCompare(b, "fr"))
    .map((k) => ({ value: k, label: k }));
}

/// "Clear the filters", while any filter is set.
export function ClearFilters<F extends string, S extends string>(props: {
  spec: ListSpec<F, S>;
  query: ListQuery<F, S>;
  filtered: boolean;
}) {
  if (!props.filtered) return null;
  return (
    <button type="button" class="secondary" onClick={() => go(props.spec, { ...props.query, filters: {}, cursor: null })}>
      {t("devices_clear")}
    </button>
  );
}

/// A list's page as it stands: the error with a retry, loading, a line
/// saying there is nothing (`none` when filtered, else `noneYet`), or the
/// rows `children` draws.
export function ListState<T>(props: {
  page: Loaded<T>;
  items: (data: T) => unknown[];
  filtered: boolean;
  none: MessageKey;
  noneYet: MessageKey;
  children: (data: T) => ComponentChildren;
}) {
  const { page } = props;
  if (page.error) return <ErrorNote error={page.error} retry={page.reload} />;
  if (!page.data) return <Loading />;
  if (props.items(page.data).length === 0) {
    return <p role="status">{t(props.filtered ? props.none : props.noneYet)}</p>;
  }
  return <>{props.children(page.data)}</>;
}
