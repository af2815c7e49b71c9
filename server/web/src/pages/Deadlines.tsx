import { useEffect, useState } from "preact/hooks";

import { ExportButton } from "../components/ExportButton";
import { Layout } from "../components/Layout";
import { Link } from "../components/Link";
import { ErrorNote, Loading } from "../components/Status";
import { useApi } from "../components/useApi";
import { formatDate } from "../logic/i18n";
import type { DeadlineRow } from "../logic/letters";
import { deadlinesApiPath, deadlinesHref, parseDeadlineQuery, type DeadlineQuery } from "../logic/listQuery";
import type { MessageKey } from "../logic/messages";
import { language, location, navigate, t, tc } from "../state";
import { pupilHref } from "./Pupils";

export interface DeadlinesAnswer {
  today: string;
  state: "open" | "expired";
  deadlines: DeadlineRow[];
}

/// "11 jours", "dernier jour", "dépassée depuis 3 jours".
function daysText(days: number): string {
  if (days === 0) return t("deadlines_last_day");
  if (days < 0) return tc("deadlines_passed", -days);
  return tc("deadlines_days", days);
}

/// How many days ahead: typed, applied when the field is left or Enter pressed.
export function WithinDays(props: { query: DeadlineQuery; letters?: boolean }) {
  const current = props.query.withinDays === null ? "" : String(props.query.withinDays);
  const [text, setText] = useState(current);
  useEffect(() => setText(current), [current]);
  const apply = () => {
    const days = /^\d{1,3}$/.test(text.trim()) ? Math.min(366, Number(text.trim())) : null;
    if (String(days ?? "") !== current) navigate(deadlinesHref({ ...props.query, withinDays: days }, props.letters));
  };
  return (
    <label>
      <span>{t("deadlines_within")}</span>
      <input
        type="number"
        name="within_days"
        min={0}
        max={366}
        inputMode="numeric"
        value={text}
        aria-describedby="within-hint"
        onInput={(e) => setText(e.currentTarget.value)}
        onChange={apply}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            e.preventDefault();
            apply();
          }
        }}
      />
      <small id="within-hint" class="hint">
        {t("deadlines_within_hint")}
      </small>
    </label>
  );
}

/// The families who may still apply, by deadline: who to remind, and who let it pass.
export function DeadlinesPage() {
  const lang = language.value;
  const query = parseDeadlineQuery(location.value.search);
  const list = useApi<DeadlinesAnswer>(deadlinesApiPath(query));
  const open = query.state === "open";
  return (
    <Layout title={t("deadlines_title")}>
      <p class="intro">{t("deadlines_intro")}</p>
      <form class="filters" aria-label={t("devices_filters")} onSubmit={(e) => e.preventDefault()}>
        <label>
          <span>{t("deadlines_state")}</span>
          <select
            name="state"
            value={query.state}
            onChange={(e) => navigate(deadlinesHref({ state: e.currentTarget.value as DeadlineQuery["state"], withinDays: null }))}
          >
            <option value="open">{t("deadlines_state_open")}</option>
            <option value="expired">{t("deadlines_state_expired")}</option>
          </select>
        </label>
        {open && <WithinDays query={query} />}
      </form>
      {open && (
        <div class="page-actions">
          <Link href={deadlinesHref(query, true)} class="button">
            {t("deadlines_letters")}
          </Link>
          <ExportButton path={deadlinesApiPath(query)} file="deadlines_csv_file" label="deadlines_export" />
        </div>
      )}
      {list.error ? (
        <ErrorNote error={list.error} retry={list.reload} />
      ) : !list.data ? (
        <Loading />
      ) : list.data.deadlines.length === 0 ? (
        <p role="status">{t(open ? "deadlines_none_open" : "deadlines_none_expired")}</p>
      ) : (
        <>
          <p role="status">{tc(open ? "deadlines_count_open" : "deadlines_count_expired", list.data.deadlines.length)}</p>
          <div class="table-wrap">
            <table class="deadlines">
              <thead>
                <tr>
                  <th scope="col">{t("pupils_col_name")}</th>
                  <th scope="col">{t("devices_col_school")}</th>
                  <th scope="col">{t("pupils_col_first_handover")}</th>
                  <th scope="col">{t("applications_col_deadline")}</th>
                  <th scope="col" class="number">{t("deadlines_col_days")}</th>
                  <th scope="col">{t("deadlines_col_online")}</th>
                  <th scope="col">{t("deadlines_col_refused")}</th>
                  {open && <td />}
                </tr>
              </thead>
              <tbody>
                {list.data.deadlines.map((d) => (
                  <tr key={d.pupil_ref} class={open && d.days_left <= 7 ? "soon" : undefined}>
                    <th scope="row">
                      <Link href={pupilHref(d.pupil_ref)}>
                        {d.last_name} {d.first_name}
                      </Link>{" "}
                      <small class="hint">{d.pupil_ref}</small>
                    </th>
                    <td>
                      {d.school ?? "—"}
                      {d.class && <small class="hint"> · {d.class}</small>}
                    </td>
                    <td class="date">{formatDate(lang, d.first_handover)}</td>
                    <td class="date">{formatDate(lang, d.deadline)}</td>
                    <td class="number">{daysText(d.days_left)}</td>
                    <td>{d.online_at_home ? <strong>{t("deadlines_online_yes")}</strong> : t("deadlines_online_no")}</td>
                    <td>{d.refused_reason ? t(`reason_${d.refused_reason}` as MessageKey) : "—"}</td>
                    {open && (
                      <td>
                        <Link href={`/applications/new?pupil=${encodeURIComponent(d.pupil_ref)}`}>
                          {t("deadlines_enter")}
                          <span class="visually-hidden"> {t("deadlines_enter_for", { name: `${d.first_name} ${d.last_name}` })}</span>
                        </Link>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p class="hint">{t("deadlines_online_hint")}</p>
        </>
      )}
    </Layout>
  );
}
