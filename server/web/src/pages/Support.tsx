import { useEffect, useRef, useState } from "preact/hooks";

import { Layout } from "../components/Layout";
import { Link } from "../components/Link";
import { ErrorNote, Loading } from "../components/Status";
import { api, ApiError } from "../logic/api";
import { formatAgo, formatDate, formatDateTime } from "../logic/i18n";
import type { MessageKey } from "../logic/messages";
import { alertDetail, language, location, navigate, t } from "../state";
import { StatusBadge } from "./Devices";

interface Guidance {
  code: string;
  sentence: string;
  try_at_home: string;
  meaning: string;
  escalate_to: string;
  escalate_to_label: string;
  escalate_when: string;
}

interface Run {
  run_id: string;
  support_code: string;
  verdict: string;
  started_at: string;
  origin: string;
  first_failing_step: { step: string; code: string; title: string } | null;
}

interface Match {
  matched_by: string;
  device: {
    id: string;
    hostname: string | null;
    serial: string | null;
    status: string;
    last_seen_at: string | null;
    school: string | null;
    device_number: string | null;
    current: boolean;
  };
  handover: { pupil_ref: string; pupil_name: string; school: string | null; class: string | null } | null;
  replaced_by: { serial: string; handed_on: string } | null;
  run: Run | null;
  run_status: "received" | "not_received" | "none";
  guidance: Guidance | null;
  connectivity_alert: { detail: string; detail_fr: string } | null;
  incidents: { id: number; summary: string }[];
  recent_runs: { started_at: string; verdict: string; support_code: string; origin: string }[];
}

interface Lookup {
  query: string;
  code?: { text: string; format: string; verdict: string; enrolled: boolean; guidance: Guidance | null };
  matches: Match[];
}

function GuidanceBlock(props: { guidance: Guidance }) {
  const g = props.guidance;
  return (
    <dl class="guidance">
      <dt>{t("support_say")}</dt>
      <dd class="say">{g.sentence}</dd>
      <dt>{t("support_try")}</dt>
      <dd>{g.try_at_home}</dd>
      <dt>{t("support_meaning")}</dt>
      <dd>{g.meaning}</dd>
      {g.escalate_to !== "nobody" && (
        <>
          <dt>{t("support_escalate")}</dt>
          <dd>{t("support_escalate_detail", { who: g.escalate_to_label, when: g.escalate_when })}</dd>
        </>
      )}
    </dl>
  );
}

function verdictText(verdict: string): string {
  return verdict === "OK" ? t("verdict_ok") : verdict;
}

function MatchCard(props: { match: Match; showGuidance: boolean }) {
  const m = props.match;
  const lang = language.value;
  const now = new Date();
  const name = m.device.hostname ?? m.device.serial ?? m.device.id;
  return (
    <section class={m.device.current ? "card match" : "card match replaced"} aria-label={name}>
      {m.incidents.map((i) => (
        <p class="incident" role="note" key={i.id}>
          {i.summary}
        </p>
      ))}
      <h2>
        {name} <StatusBadge status={m.device.status} />
      </h2>
      <p class="hint">{t(`support_matched_by_${m.matched_by}` as MessageKey)}</p>
      <dl class="facts">
        <dt>{t("support_laptop")}</dt>
        <dd>
          {m.device.serial ?? "—"}
          {m.device.device_number && ` · ${t("support_number", { number: m.device.device_number })}`}
          {" · "}
          {formatAgo(lang, m.device.last_seen_at, now)}
        </dd>
        {m.handover && (
          <>
            <dt>{t("support_pupil")}</dt>
            <dd>
              {m.handover.pupil_name} ({m.handover.pupil_ref}) · {m.handover.school ?? "—"}
              {m.handover.class && ` · ${t("support_class", { class: m.handover.class })}`}
            </dd>
          </>
        )}
      </dl>
      {m.replaced_by && (
        <p class="notice">
          {t("support_replaced", { serial: m.replaced_by.serial, date: formatDate(lang, m.replaced_by.handed_on) })}
        </p>
      )}
      <p>
        {m.run_status === "received" && m.run
          ? t("support_run_received", {
              verdict: verdictText(m.run.verdict),
              when: formatAgo(lang, m.run.started_at, now),
            })
          : m.run_status === "not_received"
            ? t("support_run_not_received")
            : t("support_run_none")}
        {m.run?.first_failing_step && (
          <>
            <br />
            {t("support_first_failing", {
              step: m.run.first_failing_step.title,
              code: m.run.first_failing_step.code,
            })}
          </>
        )}
      </p>
      {props.showGuidance && m.guidance && <GuidanceBlock guidance={m.guidance} />}
      {m.connectivity_alert && <p class="attention">{t("support_alert", { detail: alertDetail(m.connectivity_alert) })}</p>}
      {m.recent_runs.length > 0 && (
        <details>
          <summary>{t("support_recent_runs")}</summary>
          <ul class="runs">
            {m.recent_runs.map((r) => (
              <li key={r.started_at + r.support_code}>
                {formatDateTime(lang, r.started_at)} · {verdictText(r.verdict)} · {r.support_code} ·{" "}
                {t(`support_origin_${r.origin}` as MessageKey)}
              </li>
            ))}
          </ul>
        </details>
      )}
      <p>
        <Link href={`/devices/${encodeURIComponent(m.device.id)}`}>{t("support_open_device")}</Link>
      </p>
    </section>
  );
}

export function SupportPage() {
  const q = new URLSearchParams(location.value.search).get("q") ?? "";
  const [text, setText] = useState(q);
  const [answer, setAnswer] = useState<{ lookup: Lookup | null; error: unknown; misread: boolean } | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const lang = language.value;

  useEffect(() => setText(q), [q]);
  useEffect(() => {
    if (!q.trim()) {
      setAnswer(null);
      return;
    }
    const abort = new AbortController();
    setAnswer(null);
    api<Lookup>(`/api/v1/support/lookup?q=${encodeURIComponent(q)}`, { signal: abort.signal })
      .then((lookup) => setAnswer({ lookup, error: null, misread: false }))
      .catch((error) => {
        if (abort.signal.aborted) return;
        const misread = error instanceof ApiError && error.status === 422 && error.field === "q";
        setAnswer({ lookup: null, error, misread });
      });
    return () => abort.abort();
  }, [q, lang]);

  const submit = (e: Event) => {
    e.preventDefault();
    const value = text.trim();
    navigate(value ? `/support?q=${encodeURIComponent(value)}` : "/support");
  };

  const lookup = answer?.lookup;
  return (
    <Layout title={t("support_title")}>
      <form class="lookup" role="search" onSubmit={submit}>
        <label for="lookup-q">{t("support_query")}</label>
        <div class="row">
          <input
            id="lookup-q"
            ref={input}
            type="search"
            name="q"
            value={text}
            autocomplete="off"
            aria-describedby="lookup-hint"
            onInput={(e) => setText(e.currentTarget.value)}
          />
          <button type="submit">{t("support_search")}</button>
        </div>
        <small id="lookup-hint" class="hint">
          {t("support_query_hint")}
        </small>
      </form>
      <div aria-live="polite">
        {q.trim() && !answer && <Loading />}
        {answer?.misread && (
          <p class="error" role="alert">
            {t("support_misread")}
          </p>
        )}
        {answer?.error && !answer.misread && <ErrorNote error={answer.error} />}
        {lookup?.code && (
          <section class="card code" aria-label={t("support_code", { code: lookup.code.text })}>
            <h2 class="code-text">{t("support_code", { code: lookup.code.text })}</h2>
            {!lookup.code.enrolled && <p class="notice">{t("support_code_not_enrolled")}</p>}
            {lookup.code.guidance && <GuidanceBlock guidance={lookup.code.guidance} />}
          </section>
        )}
        {lookup && lookup.matches.length === 0 && !(lookup.code && !lookup.code.enrolled) && (
          <p role="status">{t("support_nothing", { q: lookup.query })}</p>
        )}
        {lookup?.matches.map((m) => (
          <MatchCard key={m.device.id} match={m} showGuidance={!lookup.code} />
        ))}
      </div>
    </Layout>
  );
}
