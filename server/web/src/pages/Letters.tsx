import { useEffect, useState } from "preact/hooks";

import type { CohortSettings } from "../components/Bursary";
import { Layout } from "../components/Layout";
import { Link } from "../components/Link";
import { ErrorNote, Loading } from "../components/Status";
import { useApi } from "../components/useApi";
import { api } from "../logic/api";
import { cohortOf } from "../logic/bursary";
import { reminderLetter, type DeadlineRow } from "../logic/letters";
import { deadlinesApiPath, deadlinesHref, parseDeadlineQuery } from "../logic/listQuery";
import { location, t, tc } from "../state";
import type { DeadlinesAnswer } from "./Deadlines";
import { WithinDays } from "./Deadlines";

/// Each cohort's amount and window, for the letters of its families.
function useCohortSettings(rows: DeadlineRow[] | undefined) {
  const [settings, setSettings] = useState<{ years: string; byYear: Map<number, CohortSettings>; error: unknown } | null>(null);
  const years = [...new Set((rows ?? []).map((r) => cohortOf(r.first_handover)))].sort().join(",");
  useEffect(() => {
    if (rows === undefined) return;
    let stale = false;
    const wanted = years ? years.split(",").map(Number) : [];
    Promise.all(wanted.map((y) => api<CohortSettings>(`/api/v1/bursary/cohorts/${y}`)))
      .then((all) => {
        if (!stale) setSettings({ years, byYear: new Map(all.map((s) => [s.cohort_year, s])), error: null });
      })
      .catch((error) => {
        if (!stale) setSettings({ years, byYear: new Map(), error });
      });
    return () => {
      stale = true;
    };
  }, [years, rows === undefined]);
  return settings?.years === years ? settings : null;
}

function LetterView(props: { row: DeadlineRow; today: string; settings: CohortSettings }) {
  const letter = reminderLetter(props.row, {
    today: props.today,
    amountCents: props.settings.amount_cents,
    windowMonths: props.settings.window_months,
    trainingHours: props.settings.training_hours,
    cardMonths: props.settings.card_months,
  });
  return (
    <article class="letter" lang="fr" aria-label={letter.to[0]}>
      <p class="letter-from">{letter.signature}</p>
      <address class="letter-to">
        {letter.to.map((line) => (
          <span key={line}>{line}</span>
        ))}
      </address>
      <p class="letter-date">{letter.dated}</p>
      <p class="letter-subject">{letter.subject}</p>
      {letter.before.map((p) => (
        <p key={p.text} class={p.strong ? "letter-deadline" : undefined}>
          {p.text}
        </p>
      ))}
      <ul>
        {letter.bring.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
      {letter.after.map((text) => (
        <p key={text}>{text}</p>
      ))}
      <p>{letter.closing}</p>
      <p class="letter-signature">{letter.signature}</p>
    </article>
  );
}

/// One reminder letter per pupil whose deadline is near, in French, each on
/// its own printed page; the console's frame is not printed.
export function LettersPage() {
  const query = parseDeadlineQuery(location.value.search);
  const list = useApi<DeadlinesAnswer>(deadlinesApiPath({ state: "open", withinDays: query.withinDays }));
  const settings = useCohortSettings(list.data?.deadlines);
  const rows = list.data?.deadlines ?? [];
  return (
    <Layout title={t("letters_title")} mainClass="letters-page">
      <div class="no-print">
        <p class="breadcrumb">
          <Link href={deadlinesHref(query)}>{t("letters_back")}</Link>
        </p>
        <p class="intro">{t("letters_intro")}</p>
        <form class="filters" aria-label={t("devices_filters")} onSubmit={(e) => e.preventDefault()}>
          <WithinDays query={query} letters />
          <button type="button" onClick={() => window.print()} disabled={!settings || rows.length === 0}>
            {t("letters_print")}
          </button>
        </form>
        {list.data && settings && (
          <p role="status">{rows.length === 0 ? t("letters_none") : tc("letters_count", rows.length)}</p>
        )}
      </div>
      {list.error || settings?.error ? (
        <ErrorNote error={list.error ?? settings?.error} retry={list.reload} />
      ) : !list.data || !settings ? (
        <Loading />
      ) : (
        <div class="letters">
          {rows.map((row) => (
            <LetterView
              key={row.pupil_ref}
              row={row}
              today={list.data!.today}
              settings={settings.byYear.get(cohortOf(row.first_handover))!}
            />
          ))}
        </div>
      )}
    </Layout>
  );
}
