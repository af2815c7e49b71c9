import { useEffect, useRef, useState } from "preact/hooks";

import { ExportButton } from "../components/ExportButton";
import { Layout } from "../components/Layout";
import { Link } from "../components/Link";
import { ErrorNote, Loading } from "../components/Status";
import { useApi } from "../components/useApi";
import { api, ApiError } from "../logic/api";
import { kAlertRules } from "../logic/deviceQuery";
import { formatAgo, formatDateTime } from "../logic/i18n";
import type { MessageKey } from "../logic/messages";
import { alertDetail, language, location, navigate, t } from "../state";

export interface Alert {
  id: number;
  device_id: string;
  serial: string | null;
  hostname: string | null;
  rule: string;
  state: "open" | "resolved";
  opened_at: string;
  resolved_at: string | null;
  detail: string;
  detail_fr: string;
  acknowledged: { at: string; by: string; note: string } | null;
}

const kStates = ["open", "resolved", "all"] as const;

/// The API's list for the filters in the address: a page of it, or every
/// page as a spreadsheet.
function alertsPath(search: URLSearchParams, format: "page" | "csv"): string {
  const params = new URLSearchParams();
  for (const key of format === "page" ? ["rule", "state", "school", "cursor"] : ["rule", "state", "school"]) {
    const value = search.get(key);
    if (value) params.set(key, value);
  }
  if (format === "page") params.set("limit", "100");
  else params.set("format", "csv");
  return "/api/v1/alerts?" + params.toString();
}

function withParam(search: URLSearchParams, key: string, value: string): string {
  const next = new URLSearchParams(search);
  if (value) next.set(key, value);
  else next.delete(key);
  if (key !== "cursor") next.delete("cursor");
  const text = next.toString();
  return "/alerts" + (text ? "?" + text : "");
}

/// The note asked before an alert is taken in hand; saved, it says who and what.
function AcknowledgeForm(props: { alert: Alert; onDone: (a: Alert) => void; onCancel: () => void }) {
  const [note, setNote] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const laptop = props.alert.hostname ?? props.alert.serial ?? props.alert.device_id;
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      props.onDone(
        await api<Alert>(`/api/v1/alerts/${props.alert.id}/acknowledgement`, {
          method: "POST",
          body: { note },
        }),
      );
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  const id = `note-${props.alert.id}`;
  const field = useRef<HTMLTextAreaElement>(null);
  useEffect(() => field.current?.focus(), []);
  return (
    <form class="acknowledge" onSubmit={submit}>
      <p class="form-title">
        {t("alerts_acknowledge_title", { rule: t(`rule_${props.alert.rule}` as MessageKey), laptop })}
      </p>
      <label for={id}>{t("alerts_note")}</label>
      <textarea
        id={id}
        name="note"
        required
        maxLength={500}
        rows={2}
        placeholder={t("alerts_note_placeholder")}
        value={note}
        ref={field}
        onInput={(e) => setNote(e.currentTarget.value)}
      />
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="buttons">
        <button type="submit" disabled={busy}>
          {t("alerts_save")}
        </button>
        <button type="button" class="secondary" onClick={props.onCancel}>
          {t("alerts_cancel")}
        </button>
      </div>
    </form>
  );
}

/// What has been done about an alert: resolved, taken in hand, or not yet.
export function FollowUp(props: { alert: Alert; canAcknowledge: boolean; onChange: (a: Alert) => void }) {
  const lang = language.value;
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const a = props.alert;
  const now = new Date();
  if (a.state === "resolved") return <span>{t("alerts_resolved_at", { when: formatAgo(lang, a.resolved_at, now) })}</span>;
  if (open) {
    return (
      <AcknowledgeForm
        alert={a}
        onDone={(changed) => {
          setOpen(false);
          props.onChange(changed);
        }}
        onCancel={() => {
          setOpen(false);
          window.setTimeout(() => button.current?.focus());
        }}
      />
    );
  }
  return (
    <>
      {a.acknowledged ? (
        <span class="acknowledged">
          {t("alerts_acknowledged", {
            by: a.acknowledged.by,
            when: formatAgo(lang, a.acknowledged.at, now),
            note: a.acknowledged.note,
          })}
        </span>
      ) : (
        <strong class="attention">{t("alerts_to_handle")}</strong>
      )}{" "}
      {props.canAcknowledge && (
        <button type="button" class="secondary small" ref={button} onClick={() => setOpen(true)}>
          {t(a.acknowledged ? "alerts_change_note" : "alerts_acknowledge")}
        </button>
      )}
    </>
  );
}

export function AlertsPage() {
  const lang = language.value;
  const search = new URLSearchParams(location.value.search);
  const list = useApi<{ alerts: Alert[]; next_cursor: string | null }>(alertsPath(search, "page"));
  const summary = useApi<{ by_school: Record<string, number> }>("/api/v1/fleet/summary");
  const chosenSchool = search.get("school");
  const schools = Object.keys(summary.data?.by_school ?? {})
    .filter((k) => k !== "unknown")
    .sort((a, b) => a.localeCompare(b, "fr"));
  // The school in the address is a choice even before the list of schools arrives.
  if (chosenSchool && !schools.includes(chosenSchool)) schools.unshift(chosenSchool);
  const [changed, setChanged] = useState<Record<number, Alert>>({});
  const now = new Date();
  return (
    <Layout title={t("alerts_title")}>
      <form class="filters" aria-label={t("devices_filters")} onSubmit={(e) => e.preventDefault()}>
        <label>
          <span>{t("alerts_rule")}</span>
          <select name="rule" value={search.get("rule") ?? ""} onChange={(e) => navigate(withParam(search, "rule", e.currentTarget.value))}>
            <option value="">{t("devices_any")}</option>
            {kAlertRules.map((r) => (
              <option value={r} key={r}>
                {t(`rule_${r}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t("devices_school")}</span>
          <select name="school" value={search.get("school") ?? ""} onChange={(e) => navigate(withParam(search, "school", e.currentTarget.value))}>
            <option value="">{t("devices_any")}</option>
            {schools.map((school) => (
              <option value={school} key={school}>
                {school}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t("alerts_state")}</span>
          <select name="state" value={search.get("state") ?? "open"} onChange={(e) => navigate(withParam(search, "state", e.currentTarget.value === "open" ? "" : e.currentTarget.value))}>
            {kStates.map((s) => (
              <option value={s} key={s}>
                {t(`alerts_state_${s}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
      </form>
      {list.error ? (
        <ErrorNote error={list.error} retry={list.reload} />
      ) : !list.data ? (
        <Loading />
      ) : list.data.alerts.length === 0 ? (
        <p role="status">{t("alerts_none")}</p>
      ) : (
        <>
          <div class="table-wrap">
            <table class="alerts">
              <thead>
                <tr>
                  <th scope="col">{t("alerts_col_laptop")}</th>
                  <th scope="col">{t("alerts_col_rule")}</th>
                  <th scope="col">{t("alerts_col_detail")}</th>
                  <th scope="col">{t("alerts_col_opened")}</th>
                  <th scope="col">{t("alerts_col_state")}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.alerts.map((original) => {
                  const a = changed[original.id] ?? original;
                  return (
                    <tr key={a.id}>
                      <th scope="row">
                        <Link href={`/devices/${encodeURIComponent(a.device_id)}`}>
                          {a.hostname ?? a.serial ?? a.device_id}
                        </Link>
                        {a.serial && a.hostname && <small class="hint"> {a.serial}</small>}
                      </th>
                      <td>{t(`rule_${a.rule}` as MessageKey)}</td>
                      <td>{alertDetail(a)}</td>
                      <td title={formatDateTime(lang, a.opened_at)}>{formatAgo(lang, a.opened_at, now)}</td>
                      <td>
                        <FollowUp alert={a} canAcknowledge onChange={(c) => setChanged({ ...changed, [c.id]: c })} />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <nav class="pager" aria-label={t("alerts_title")}>
            <ExportButton path={alertsPath(search, "csv")} file="alerts_csv_file" label="alerts_export" />
            {search.get("cursor") && (
              <button type="button" class="secondary" onClick={() => navigate(withParam(search, "cursor", ""))}>
                {t("alerts_first")}
              </button>
            )}
            {list.data.next_cursor && (
              <button type="button" onClick={() => navigate(withParam(search, "cursor", list.data!.next_cursor!))}>
                {t("alerts_more")}
              </button>
            )}
          </nav>
        </>
      )}
    </Layout>
  );
}
