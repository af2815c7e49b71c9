import { Fragment } from "preact";
import { useState } from "preact/hooks";

import { kDeliberation, StatusBadge, type Application, type CohortSettings } from "../components/Bursary";
import { FormField } from "../components/FormField";
import { Layout } from "../components/Layout";
import { Link } from "../components/Link";
import { Card, ErrorNote, Loading } from "../components/Status";
import { useApi } from "../components/useApi";
import { api, ApiError } from "../logic/api";
import { cohortLabel, formatEuros } from "../logic/bursary";
import { formatDate, formatNumber } from "../logic/i18n";
import type { MessageKey } from "../logic/messages";
import { mayOpen } from "../logic/routes";
import { fieldProblem } from "../logic/serverWords";
import { account, language, t } from "../state";

interface Handover {
  serial: string;
  handed_on: string;
  kind: string;
  /// The laptop's id, once its agent enrolled (or `serial:SERIAL`); null when unknown.
  device_id?: string | null;
}

interface InternetCard {
  card_number: string;
  valid_from: string | null;
  valid_until: string | null;
  training_hours_used: number;
  /// The training the pupil's cohort is offered.
  training_hours_offered: number;
  training_hours_left: number;
}

export interface PupilRecord {
  ref: string;
  first_name: string;
  last_name: string;
  school: string | null;
  class: string | null;
  handovers: Handover[];
  applications: Application[];
  first_handover: string | null;
  cohort_year: number | null;
  card: InternetCard | null;
}

function Identity(props: { pupil: PupilRecord }) {
  const p = props.pupil;
  const lang = language.value;
  const rows: [MessageKey, string][] = [
    ["pupils_col_ref", p.ref],
    ["devices_col_school", p.school ?? "—"],
    ["pupils_class", p.class ?? "—"],
    ["pupils_col_first_handover", formatDate(lang, p.first_handover)],
    ["pupils_cohort", p.cohort_year === null ? "—" : cohortLabel(p.cohort_year)],
  ];
  return (
    <dl class="facts">
      {rows.map(([k, v]) => (
        <Fragment key={k}>
          <dt>{t(k)}</dt>
          <dd>{v}</dd>
        </Fragment>
      ))}
    </dl>
  );
}

/// Every laptop the pupil was handed, oldest first; the latest is the one they have now.
function Handovers(props: { handovers: Handover[] }) {
  const lang = language.value;
  const canOpen = mayOpen(account.value!.role, "device");
  if (props.handovers.length === 0) return <p>{t("pupil_no_handover")}</p>;
  const last = props.handovers.length - 1;
  return (
    <table class="handovers">
      <thead>
        <tr>
          <th scope="col">{t("pupils_col_laptop")}</th>
          <th scope="col">{t("pupil_handed_on")}</th>
          <th scope="col">{t("pupil_kind")}</th>
          <th scope="col">{t("pupil_laptop_state")}</th>
        </tr>
      </thead>
      <tbody>
        {props.handovers.map((h, i) => (
          <tr key={`${h.serial}-${h.handed_on}`}>
            <th scope="row">
              {h.device_id && canOpen ? (
                <Link href={`/devices/${encodeURIComponent(h.device_id)}`}>{h.serial}</Link>
              ) : (
                h.serial
              )}
            </th>
            <td>{formatDate(lang, h.handed_on)}</td>
            <td>{t(h.kind === "replacement" ? "handover_replacement" : "handover_initial")}</td>
            <td>{i === last ? <strong>{t("pupil_current_laptop")}</strong> : t("pupil_replaced_laptop")}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Applications(props: { pupil: PupilRecord }) {
  const lang = language.value;
  const apps = props.pupil.applications;
  return (
    <>
      {apps.length === 0 ? (
        <p>{t("pupil_no_application")}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("applications_col_id")}</th>
                <th scope="col">{t("applications_col_received")}</th>
                <th scope="col">{t("applications_col_status")}</th>
                <th scope="col">{t("applications_col_deadline")}</th>
                <th scope="col" class="number">{t("applications_col_amount")}</th>
                <th scope="col">{t("applications_col_mandate")}</th>
              </tr>
            </thead>
            <tbody>
              {apps.map((a) => (
                <tr key={a.id}>
                  <th scope="row">
                    <Link href={`/applications/${a.id}`}>{t("application_number", { id: a.id ?? "" })}</Link>
                  </th>
                  <td>{formatDate(lang, a.received_on)}</td>
                  <td>
                    <StatusBadge status={a.status} reason={a.reason} />
                  </td>
                  <td>{formatDate(lang, a.deadline)}</td>
                  <td class="number">{formatEuros(lang, a.amount_cents)}</td>
                  <td>{a.mandate_ref ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p>
        <Link href={`/applications/new?pupil=${encodeURIComponent(props.pupil.ref)}`} class="button">
          {t("pupil_new_application")}
        </Link>
      </p>
    </>
  );
}

/// The public-internet-space card and the training hours used, of those the
/// pupil's cohort is offered (the deliberation's 12 unless set otherwise).
function CardForm(props: { pupil: PupilRecord; offer: { training_hours: number; card_months: number }; onSaved: (p: PupilRecord) => void }) {
  const lang = language.value;
  const card = props.pupil.card;
  const offered = card?.training_hours_offered ?? props.offer.training_hours;
  const [number, setNumber] = useState(card?.card_number ?? "");
  const [hours, setHours] = useState(String(card?.training_hours_used ?? 0));
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<{ field: string | null; message: string } | null>(null);
  const [saved, setSaved] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setProblem(null);
    setSaved(false);
    try {
      const p = await api<PupilRecord>(`/api/v1/pupils/${encodeURIComponent(props.pupil.ref)}/card`, {
        method: "PUT",
        body: { card_number: number.trim(), training_hours_used: Number(hours) },
      });
      setSaved(true);
      props.onSaved(p);
    } catch (err) {
      const field = err instanceof ApiError ? err.field : null;
      const message = err instanceof ApiError ? fieldProblem(lang, err.message) : String(err);
      setProblem({ field, message });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="inline-form" onSubmit={submit} aria-label={t("card_form")} noValidate>
      <FormField
        id="card_number"
        label={t("card_number")}
        value={number}
        onValue={(v) => {
          setNumber(v);
          setProblem(null);
        }}
        required
        maxLength={32}
        error={problem?.field === "card_number" ? problem.message : null}
      />
      <FormField
        id="training_hours_used"
        label={t("card_hours_used", { n: offered })}
        type="number"
        min={0}
        max={offered}
        inputMode="numeric"
        value={hours}
        onValue={(v) => {
          setHours(v);
          setProblem(null);
        }}
        required
        error={problem?.field === "training_hours_used" ? problem.message : null}
      />
      <div class="buttons">
        <button type="submit" disabled={busy}>
          {t("card_save")}
        </button>
      </div>
      <div class="form-status" aria-live="polite">
        {saved && <p class="notice">{t("card_saved")}</p>}
        {problem && problem.field !== "card_number" && problem.field !== "training_hours_used" && (
          <p class="error" role="alert">
            {problem.message}
          </p>
        )}
      </div>
      <p class="hint">
        {t("card_hint", { hours: formatNumber(lang, offered), months: formatNumber(lang, props.offer.card_months) })}
      </p>
    </form>
  );
}

function InternetCardFacts(props: { card: InternetCard | null }) {
  const lang = language.value;
  const c = props.card;
  if (!c) return <p>{t("card_none")}</p>;
  return (
    <dl class="facts">
      <dt>{t("card_number")}</dt>
      <dd>{c.card_number}</dd>
      <dt>{t("card_valid")}</dt>
      <dd>
        {c.valid_from ? t("card_valid_dates", { from: formatDate(lang, c.valid_from), until: formatDate(lang, c.valid_until) }) : t("card_valid_none")}
      </dd>
      <dt>{t("card_hours")}</dt>
      <dd>{t("card_hours_text", { used: c.training_hours_used, left: c.training_hours_left })}</dd>
    </dl>
  );
}

/// One pupil: who, their laptops, their applications, the card and training.
export function PupilPage(props: { ref: string }) {
  const loaded = useApi<PupilRecord>(`/api/v1/pupils/${encodeURIComponent(props.ref)}`);
  const [changed, setChanged] = useState<PupilRecord | null>(null);
  const p = changed ?? loaded.data;
  // What the pupil's cohort is offered: the training hours and the card's length.
  const cohort = useApi<CohortSettings>(p?.cohort_year != null ? `/api/v1/bursary/cohorts/${p.cohort_year}` : null);
  const offer = cohort.data ?? kDeliberation;
  const title = p ? t("pupil_title", { name: `${p.first_name} ${p.last_name}`, ref: p.ref }) : loaded.error ? t("pupil_unknown") : t("loading");
  return (
    <Layout title={title}>
      <p class="breadcrumb">
        <Link href="/pupils">{t("pupil_back")}</Link>
      </p>
      {loaded.error ? (
        <ErrorNote error={loaded.error} retry={loaded.reload} />
      ) : !p ? (
        <Loading />
      ) : (
        <div class="grid two-one">
          <Card title={t("pupil_identity")}>
            <Identity pupil={p} />
          </Card>
          <Card title={t("pupil_laptops")}>
            <Handovers handovers={p.handovers} />
          </Card>
          <Card title={t("pupil_applications")} wide>
            <Applications pupil={p} />
          </Card>
          <Card title={t("card_title")} wide>
            <InternetCardFacts card={p.card} />
            <CardForm pupil={p} offer={offer} onSaved={setChanged} />
          </Card>
        </div>
      )}
    </Layout>
  );
}
