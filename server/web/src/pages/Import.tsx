import { useRef, useState } from "preact/hooks";

import { Layout } from "../components/Layout";
import { Link } from "../components/Link";
import { api, ApiError } from "../logic/api";
import { formatDate } from "../logic/i18n";
import type { MessageKey } from "../logic/messages";
import { fileProblem, importColumn, importReason } from "../logic/serverWords";
import { language, t, tc } from "../state";

type Kind = "handovers" | "pupils";

/// What an import does to one row of the file (the answer's `changes`).
interface Change {
  line: number;
  pupil_ref: string;
  /// null: the row only names a pupil already recorded.
  pupil: "created" | "updated" | "unchanged" | null;
  handover?: "created" | "unchanged";
  serial?: string;
  handover_date?: string;
  kind?: string;
}

interface Outcome {
  imported: number;
  pupils: { created: number; updated: number; unchanged: number };
  /// A handovers file's only.
  handovers?: { created: number; unchanged: number };
  changes: Change[];
  applications_redecided: number;
  ignored_columns: string[];
  dry_run: boolean;
}

type State =
  | { phase: "idle" }
  | { phase: "checking" }
  | { phase: "refused"; error: unknown }
  | { phase: "checked"; outcome: Outcome; file: Blob }
  | { phase: "importing"; outcome: Outcome; file: Blob }
  | { phase: "done"; outcome: Outcome };

/// At most this many rows are drawn: a file may hold 100,000.
const kRowsShown = 500;

function send(kind: Kind, file: Blob, dryRun: boolean): Promise<Outcome> {
  return api<Outcome>(`/api/v1/imports/${kind}${dryRun ? "?dry_run=true" : ""}`, {
    method: "POST",
    upload: { data: file, type: "text/csv" },
  });
}

/// "3 nouvelles remises, 1 déjà enregistrée"; "2 élèves créés, 1 modifié, 0 inchangé".
function Summary(props: { outcome: Outcome }) {
  const { pupils, handovers } = props.outcome;
  return (
    <ul class="import-summary">
      {handovers && (
        <li>
          {t("import_handovers_label")}
          {tc("import_handovers_created", handovers.created)}, {tc("import_handovers_unchanged", handovers.unchanged)}
        </li>
      )}
      <li>
        {t("import_pupils_label")}
        {tc("import_pupils_created", pupils.created)}, {tc("import_pupils_updated", pupils.updated)},{" "}
        {tc("import_pupils_unchanged", pupils.unchanged)}
      </li>
      {props.outcome.applications_redecided > 0 && <li>{tc("import_redecided", props.outcome.applications_redecided)}</li>}
    </ul>
  );
}

function changeWord(what: "pupil" | "handover", value: string | null | undefined): string {
  return t(`import_${what}_${value ?? "known"}` as MessageKey);
}

/// One row per line of the file: what the import does with it.
function Changes(props: { kind: Kind; outcome: Outcome }) {
  const lang = language.value;
  const [all, setAll] = useState(false);
  const changes = props.outcome.changes;
  const changing = changes.filter((c) => c.pupil === "created" || c.pupil === "updated" || c.handover === "created");
  const listed = all || changing.length === 0 ? changes : changing;
  const shown = listed.slice(0, kRowsShown);
  const handovers = props.kind === "handovers";
  if (changes.length === 0) return null;
  return (
    <>
      {changing.length > 0 && changing.length < changes.length && (
        <label class="checkbox">
          <input type="checkbox" checked={all} onChange={(e) => setAll(e.currentTarget.checked)} />
          {tc("import_show_unchanged", changes.length - changing.length)}
        </label>
      )}
      <div class="table-wrap fit">
        <table class="import-changes">
          <caption class="visually-hidden">{t("import_changes_caption")}</caption>
          <thead>
            <tr>
              <th scope="col" class="number">{t("import_col_line")}</th>
              <th scope="col">{t("pupils_col_ref")}</th>
              <th scope="col">{t("import_col_pupil")}</th>
              {handovers && (
                <>
                  <th scope="col">{t("pupils_col_laptop")}</th>
                  <th scope="col">{t("pupil_handed_on")}</th>
                  <th scope="col">{t("pupil_kind")}</th>
                  <th scope="col">{t("import_col_handover")}</th>
                </>
              )}
            </tr>
          </thead>
          <tbody>
            {shown.map((c) => (
              <tr key={c.line}>
                <th scope="row" class="number">{c.line}</th>
                <td>{c.pupil_ref}</td>
                <td class={`change-${c.pupil ?? "known"}`}>{changeWord("pupil", c.pupil)}</td>
                {handovers && (
                  <>
                    <td>{c.serial ?? "—"}</td>
                    <td>{formatDate(lang, c.handover_date)}</td>
                    <td>{t(c.kind === "replacement" ? "handover_replacement" : "handover_initial")}</td>
                    <td class={`change-${c.handover ?? "known"}`}>{changeWord("handover", c.handover)}</td>
                  </>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {listed.length > shown.length && <p class="hint">{tc("import_more_rows", listed.length - shown.length)}</p>}
    </>
  );
}

/// Every bad row the server found: nothing was imported.
function Refusal(props: { error: unknown }) {
  const lang = language.value;
  const e = props.error;
  if (!(e instanceof ApiError)) {
    return (
      <p class="error" role="alert">
        {t("error_prefix", { message: String(e) })}
      </p>
    );
  }
  if (e.rows.length === 0) {
    return (
      <p class="error" role="alert">
        {t("import_refused_file", { message: e.status === 422 ? fileProblem(lang, e.message) : e.message })}
      </p>
    );
  }
  return (
    <>
      <p class="error" role="alert">
        {tc("import_refused", e.rows.length)}
      </p>
      <div class="table-wrap fit">
        <table class="import-problems">
          <caption class="visually-hidden">{t("import_problems_caption")}</caption>
          <thead>
            <tr>
              <th scope="col" class="number">{t("import_col_line")}</th>
              <th scope="col">{t("import_col_column")}</th>
              <th scope="col">{t("import_col_reason")}</th>
            </tr>
          </thead>
          <tbody>
            {e.rows.map((r, i) => (
              <tr key={`${r.line}-${r.column}-${i}`}>
                <th scope="row" class="number">{r.line}</th>
                <td>{importColumn(lang, r.column)}</td>
                <td>{importReason(lang, r.reason)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/// A pupils or handovers CSV: checked first (a dry run that shows every
/// change, or every bad row), then imported as checked once confirmed.
export function ImportPage() {
  const [kind, setKind] = useState<Kind>("handovers");
  const [chosen, setChosen] = useState<File | null>(null);
  const [state, setState] = useState<State>({ phase: "idle" });
  const result = useRef<HTMLDivElement>(null);

  const reset = () => setState({ phase: "idle" });
  const check = async (e: Event) => {
    e.preventDefault();
    if (!chosen) return;
    setState({ phase: "checking" });
    let file: Blob;
    try {
      // The bytes as they are now: the import confirmed is the one checked,
      // even if the file on disk changes in between.
      file = new Blob([await chosen.arrayBuffer()]);
    } catch {
      setState({ phase: "refused", error: new Error(t("import_file_changed")) });
      return;
    }
    try {
      setState({ phase: "checked", outcome: await send(kind, file, true), file });
    } catch (error) {
      setState({ phase: "refused", error });
    }
    result.current?.focus();
  };
  const confirm = async () => {
    if (state.phase !== "checked") return;
    setState({ phase: "importing", outcome: state.outcome, file: state.file });
    try {
      setState({ phase: "done", outcome: await send(kind, state.file, false) });
    } catch (error) {
      setState({ phase: "refused", error });
    }
    result.current?.focus();
  };

  const outcome = state.phase === "checked" || state.phase === "importing" || state.phase === "done" ? state.outcome : null;
  return (
    <Layout title={t("import_title")}>
      <p class="breadcrumb">
        <Link href="/pupils">{t("pupil_back")}</Link>
      </p>
      <p class="intro">{t("import_intro")}</p>
      <form class="import" onSubmit={check}>
        <fieldset class="choices">
          <legend>{t("import_kind")}</legend>
          {(["handovers", "pupils"] as const).map((k) => (
            <div class="choice" key={k}>
              <label>
                <input
                  type="radio"
                  name="kind"
                  value={k}
                  checked={kind === k}
                  aria-describedby={`kind-${k}-hint`}
                  onChange={() => {
                    setKind(k);
                    reset();
                  }}
                />
                {t(`import_kind_${k}` as MessageKey)}
              </label>
              <small id={`kind-${k}-hint`} class="hint">
                {t(`import_kind_${k}_hint` as MessageKey)}
              </small>
            </div>
          ))}
        </fieldset>
        <div class="field">
          <label for="import-file">{t("import_file")}</label>
          <input
            id="import-file"
            type="file"
            name="file"
            accept=".csv,text/csv"
            required
            aria-describedby="import-file-hint"
            onChange={(e) => {
              setChosen(e.currentTarget.files?.[0] ?? null);
              reset();
            }}
          />
          <small id="import-file-hint" class="hint">
            {t("import_file_hint")}
          </small>
        </div>
        <div class="buttons">
          <button type="submit" disabled={!chosen || state.phase === "checking" || state.phase === "importing"}>
            {state.phase === "checking" ? t("import_checking") : t("import_check")}
          </button>
        </div>
      </form>
      <div class="import-result" tabIndex={-1} ref={result} aria-live="polite">
        {state.phase === "refused" && state.error instanceof ApiError && state.error.ignoredColumns.length > 0 && (
          <p class="notice warning">{t("import_ignored", { columns: state.error.ignoredColumns.join(", ") })}</p>
        )}
        {state.phase === "refused" && <Refusal error={state.error} />}
        {outcome && outcome.ignored_columns.length > 0 && (
          <p class="notice warning">{t("import_ignored", { columns: outcome.ignored_columns.join(", ") })}</p>
        )}
        {outcome && (
          <section class="card" aria-label={t(state.phase === "done" ? "import_done_title" : "import_will_title")}>
            <h2>{t(state.phase === "done" ? "import_done_title" : "import_will_title")}</h2>
            {state.phase === "done" ? (
              <p class="notice" role="status">
                {t("import_done")}
              </p>
            ) : (
              <p class="hint">{t("import_nothing_yet")}</p>
            )}
            <Summary outcome={outcome} />
            <Changes kind={kind} outcome={outcome} />
            {state.phase !== "done" ? (
              <div class="buttons">
                <button type="button" onClick={confirm} disabled={state.phase === "importing"}>
                  {state.phase === "importing" ? t("import_importing") : t("import_confirm")}
                </button>
              </div>
            ) : (
              <p>
                <Link href="/pupils">{t("import_see_pupils")}</Link>
              </p>
            )}
          </section>
        )}
      </div>
    </Layout>
  );
}
