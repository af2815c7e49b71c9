import { Fragment } from "preact";
import { useMemo, useState } from "preact/hooks";

import { Chart, type Series } from "../components/Chart";
import { Layout } from "../components/Layout";
import { Link } from "../components/Link";
import { Card, ErrorNote, Loading } from "../components/Status";
import { useApi } from "../components/useApi";
import { isEnrolledId } from "../logic/deviceQuery";
import { describeChanges } from "../logic/inventoryChanges";
import { formatAgo, formatBytes, formatDate, formatDateTime, formatNumber } from "../logic/i18n";
import type { MessageKey } from "../logic/messages";
import { mayOpen, seesDeviceAlerts, seesDeviceHealth } from "../logic/routes";
import { account, alertDetail, language, t } from "../state";
import { FollowUp, type Alert } from "./Alerts";
import { StatusBadge } from "./Devices";

interface Handover {
  serial: string;
  pupil_ref: string;
  pupil_name: string;
  school: string | null;
  class: string | null;
  handed_on: string;
  kind: string;
}

interface Step {
  step: string;
  result: string;
  code?: string;
  detail?: string;
  target?: string;
  latency_ms?: number;
}

interface Run {
  seq?: number;
  run_id: string;
  support_code: string;
  verdict: string;
  started_at: string;
  origin: string;
  steps?: Step[];
  first_failing_step: { step: string; code: string; title: string } | null;
}

interface Detail {
  id: string;
  hostname: string | null;
  serial: string | null;
  model: string | null;
  os_name: string | null;
  os_version: string | null;
  agent_version: string | null;
  status: string;
  last_seen_at: string | null;
  enrolled: boolean;
  enrolled_at: string | null;
  device_number: string | null;
  handover: Handover | null;
  replaced_by: Handover | null;
  alerts: Alert[];
  connectivity_runs: Run[];
  inventory?: Inventory | null;
  inventory_at?: string | null;
}

interface Inventory {
  os?: { name?: string; version?: string; kernel?: string };
  hardware?: { vendor?: string; model?: string; bios_version?: string };
  cpu?: { model?: string; cores?: number; threads?: number };
  memory_total_bytes?: number;
  disks?: { name: string; model?: string; size_bytes?: number }[];
  interfaces?: { name: string; mac?: string; kind?: string }[];
  battery?: { health_pct?: number; cycle_count?: number } | null;
  software?: Record<string, { name: string; version: string }[]>;
}

interface History {
  samples: {
    at: string;
    cpu_use_pct: number | null;
    memory_available_bytes: number | null;
    root_free_bytes: number | null;
    temperature_max_c: number | null;
    battery_charge_pct: number | null;
  }[];
  days: {
    day: string;
    cpu_use_pct_avg: number | null;
    memory_available_min: number | null;
    root_free_bytes_min: number | null;
    temperature_max_c: number | null;
    battery_charge_min: number | null;
  }[];
  inventory_changes: { at: string; changes: Record<string, unknown> }[];
  runs: Run[];
}

const kPeriods = [1, 7, 30] as const;
type Period = (typeof kPeriods)[number];

/// A run's colour: its first failing step's, or OK's.
function stepClass(run: Run): string {
  return run.verdict === "OK" ? "run-ok" : `run-${run.verdict.slice(0, 1)}`;
}

function Identity(props: { d: Detail }) {
  const { d } = props;
  const lang = language.value;
  const rows: [MessageKey, string][] = [
    ["device_hostname", d.hostname ?? "—"],
    ["device_serial", d.serial ?? "—"],
    ["device_number", d.device_number ?? "—"],
    ["device_model", d.model ?? "—"],
    ["device_os", [d.os_name, d.os_version].filter(Boolean).join(" ") || "—"],
    ["device_agent", d.agent_version ?? "—"],
    ["device_last_seen", d.last_seen_at ? `${formatAgo(lang, d.last_seen_at, new Date())} (${formatDateTime(lang, d.last_seen_at)})` : t("never")],
    ["device_enrolled_at", formatDateTime(lang, d.enrolled_at)],
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

function Holder(props: { d: Detail }) {
  const lang = language.value;
  const h = props.d.handover;
  const toPupil = mayOpen(account.value!.role, "pupil");
  return (
    <>
      {h ? (
        <p>
          <strong>
            {toPupil ? <Link href={`/pupils/${encodeURIComponent(h.pupil_ref)}`}>{h.pupil_name}</Link> : h.pupil_name}
          </strong>{" "}
          ({h.pupil_ref}) · {h.school ?? "—"}
          {h.class && ` · ${t("support_class", { class: h.class })}`}
          <br />
          {t("device_handed_on", {
            date: formatDate(lang, h.handed_on),
            kind: t((h.kind === "replacement" ? "handover_replacement" : "handover_initial") as MessageKey),
          })}
        </p>
      ) : (
        <p>{t("device_no_holder")}</p>
      )}
      {props.d.replaced_by && (
        <p class="notice">
          {t("device_replaced_by", {
            serial: props.d.replaced_by.serial,
            date: formatDate(lang, props.d.replaced_by.handed_on),
          })}
        </p>
      )}
      {!props.d.enrolled && <p class="notice">{t("device_not_enrolled")}</p>}
    </>
  );
}

function RunSteps(props: { deviceId: string; run: Run }) {
  const lang = language.value;
  const loaded = useApi<Run>(
    props.run.steps || props.run.seq === undefined
      ? null
      : `/api/v1/devices/${encodeURIComponent(props.deviceId)}/runs/${props.run.seq}`,
  );
  const run = props.run.steps ? props.run : loaded.data;
  if (loaded.error) return <ErrorNote error={loaded.error} />;
  if (!run?.steps) return <Loading />;
  return (
    <div class="run-steps">
      <h3>{t("device_run_title", { code: run.support_code, when: formatDateTime(lang, run.started_at) })}</h3>
      <table>
        <thead>
          <tr>
            <th scope="col">{t("device_step")}</th>
            <th scope="col">{t("device_result")}</th>
            <th scope="col">{t("device_detail")}</th>
          </tr>
        </thead>
        <tbody>
          {run.steps.map((s) => (
            <tr key={s.step} class={`result-${s.result}`}>
              <th scope="row">{t(`step_${s.step}` as MessageKey)}</th>
              <td>
                {t(`result_${s.result}` as MessageKey)}
                {s.code && ` (${s.code})`}
              </td>
              <td>
                {s.detail ?? ""}
                {s.target && ` · ${s.target}`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/// Every run of the period as a square coloured by its first failing step.
function Timeline(props: { deviceId: string; runs: Run[] }) {
  const lang = language.value;
  const [chosen, setChosen] = useState<Run | null>(null);
  if (props.runs.length === 0) return <p>{t("device_no_run")}</p>;
  return (
    <>
      <p class="hint">{t("device_timeline_hint")}</p>
      <ol class="timeline">
        {props.runs.map((r) => {
          const label = `${formatDateTime(lang, r.started_at)} · ${r.verdict === "OK" ? t("verdict_ok") : r.verdict}`;
          return (
            <li key={`${r.seq ?? ""}-${r.started_at}`}>
              <button
                type="button"
                class={`run ${stepClass(r)}`}
                aria-pressed={chosen === r}
                title={label}
                aria-label={label}
                onClick={() => setChosen(chosen === r ? null : r)}
              >
                {r.verdict === "OK" ? "" : r.verdict.slice(0, 1)}
              </button>
            </li>
          );
        })}
      </ol>
      {chosen && <RunSteps deviceId={props.deviceId} run={chosen} />}
    </>
  );
}

function HealthCharts(props: {
  history: History;
  period: Period;
  range: [number, number];
  battery?: Inventory["battery"];
}) {
  const lang = language.value;
  const { history, period } = props;
  const byDay = period === 30;
  const charts = useMemo(() => {
    const gib = (v: number | null) => (v == null ? null : v / 1024 ** 3);
    if (byDay) {
      const xs = history.days.map((d) => Date.parse(d.day + "T12:00:00Z") / 1000);
      return {
        xs,
        battery: history.days.map((d) => d.battery_charge_min),
        disk: history.days.map((d) => gib(d.root_free_bytes_min)),
        memory: history.days.map((d) => gib(d.memory_available_min)),
        cpu: history.days.map((d) => d.cpu_use_pct_avg),
        temperature: history.days.map((d) => d.temperature_max_c),
      };
    }
    return {
      xs: history.samples.map((s) => Date.parse(s.at) / 1000),
      battery: history.samples.map((s) => s.battery_charge_pct),
      disk: history.samples.map((s) => gib(s.root_free_bytes)),
      memory: history.samples.map((s) => gib(s.memory_available_bytes)),
      cpu: history.samples.map((s) => s.cpu_use_pct),
      temperature: history.samples.map((s) => s.temperature_max_c),
    };
  }, [history, byDay]);
  const one = (label: string, values: (number | null)[], color: string): Series[] => [{ label, values, color }];
  const gibText = (v: number) => formatBytes(lang, v * 1024 ** 3);
  const battery = props.battery;
  const all: { title: MessageKey; values: (number | null)[]; color: string; bytes?: boolean }[] = [
    { title: "device_battery_charge", values: charts.battery, color: "#2ca02c" },
    { title: "device_disk_free", values: charts.disk, color: "#1f77b4", bytes: true },
    { title: "device_memory", values: charts.memory, color: "#9467bd", bytes: true },
    { title: "device_cpu", values: charts.cpu, color: "#ff7f0e" },
    { title: "device_temperature", values: charts.temperature, color: "#d62728" },
  ];
  // A laptop that never measures a value (no battery, no sensor) gets no empty chart.
  const shown = all.filter((c) => c.values.some((v) => v != null));
  const missing = all.filter((c) => !shown.includes(c));
  return (
    <>
      {battery?.health_pct != null && (
        <p>
          {t("device_battery_health", {
            pct: formatNumber(lang, Math.round(battery.health_pct)),
            cycles: formatNumber(lang, battery.cycle_count ?? 0),
          })}
        </p>
      )}
      {shown.length === 0 ? (
        <p>{t("device_no_health")}</p>
      ) : (
        <div class="charts">
          {shown.map((c) => (
            <Chart
              key={c.title}
              title={t(c.title)}
              xs={charts.xs}
              byDay={byDay}
              range={props.range}
              formatValue={c.bytes ? gibText : undefined}
              fromZero={c.bytes}
              series={one(t(c.title), c.values, c.color)}
            />
          ))}
        </div>
      )}
      {missing.length > 0 && shown.length > 0 && (
        <p class="hint">{t("device_not_measured", { what: missing.map((c) => t(c.title)).join(", ") })}</p>
      )}
    </>
  );
}

function InventoryFacts(props: { inventory: Inventory; at: string | null | undefined }) {
  const lang = language.value;
  const inv = props.inventory;
  const software = Object.values(inv.software ?? {}).flat();
  return (
    <>
      <p class="hint">{t("device_inventory_at", { when: formatDateTime(lang, props.at) })}</p>
      <dl class="facts">
        <dt>{t("device_os")}</dt>
        <dd>{[inv.os?.name, inv.os?.kernel].filter(Boolean).join(" · ") || "—"}</dd>
        <dt>{t("device_model")}</dt>
        <dd>{[inv.hardware?.vendor, inv.hardware?.model, inv.hardware?.bios_version].filter(Boolean).join(" · ") || "—"}</dd>
        <dt>{t("device_cpu_model")}</dt>
        <dd>
          {inv.cpu?.model ?? "—"}
          {inv.cpu?.cores != null && ` · ${t("device_cores", { cores: inv.cpu.cores, threads: inv.cpu.threads ?? inv.cpu.cores })}`}
        </dd>
        <dt>{t("device_memory_total")}</dt>
        <dd>{formatBytes(lang, inv.memory_total_bytes)}</dd>
        <dt>{t("device_disks")}</dt>
        <dd>{(inv.disks ?? []).map((d) => `${d.name} ${d.model ?? ""} ${formatBytes(lang, d.size_bytes)}`).join(" ; ") || "—"}</dd>
        <dt>{t("device_interfaces")}</dt>
        <dd>{(inv.interfaces ?? []).map((i) => `${i.name} (${i.kind ?? "?"})`).join(" ; ") || "—"}</dd>
      </dl>
      {software.length > 0 && <SoftwareList software={software} />}
    </>
  );
}

/// The installed packages, folded: a laptop has a thousand or more, drawn
/// only once someone opens the list, so the page is ready sooner.
function SoftwareList(props: { software: { name: string; version: string }[] }) {
  const [open, setOpen] = useState(false);
  return (
    <details onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{t("device_software", { count: formatNumber(language.value, props.software.length) })}</summary>
      {open && (
        <ul class="software">
          {props.software.map((p) => (
            <li key={p.name + p.version}>
              {p.name} {p.version}
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}

function Changes(props: { changes: History["inventory_changes"] }) {
  const lang = language.value;
  if (props.changes.length === 0) return <p>{t("device_no_change")}</p>;
  return (
    <ul class="changes">
      {props.changes.map((c) => (
        <li key={c.at}>
          <strong>{formatDateTime(lang, c.at)}</strong>
          <dl class="facts">
            {describeChanges(lang, c.changes).map((part) => (
              <Fragment key={part.label}>
                <dt>{part.label}</dt>
                <dd>
                  {part.text}
                  {part.names && part.names.length > 0 && (
                    <details>
                      <summary>{t("change_names")}</summary>
                      <ul class="software">
                        {part.names.map((name) => (
                          <li key={name}>{name}</li>
                        ))}
                      </ul>
                    </details>
                  )}
                </dd>
              </Fragment>
            ))}
          </dl>
        </li>
      ))}
    </ul>
  );
}

export function DevicePage(props: { id: string }) {
  const role = account.value!.role;
  const seesHealth = seesDeviceHealth(role);
  // The bursary office sees a pupil's laptop as the desk does, without its alerts.
  const seesAlerts = seesDeviceAlerts(role);
  const [period, setPeriod] = useState<Period>(7);
  const detail = useApi<Detail>(`/api/v1/devices/${encodeURIComponent(props.id)}`);
  const range = useMemo<[number, number]>(() => {
    const now = Math.floor(Date.now() / 1000);
    return [now - period * 86400, now];
  }, [period]);
  const from = new Date(range[0] * 1000).toISOString().replace(/\.\d+Z$/, "Z");
  // Asked at once, beside the detail rather than after it: the page is ready
  // one round trip sooner.
  const history = useApi<History>(
    seesHealth && isEnrolledId(props.id)
      ? `/api/v1/devices/${encodeURIComponent(props.id)}/history?from=${encodeURIComponent(from)}`
      : null,
  );
  const [alerts, setAlerts] = useState<Record<number, Alert>>({});
  const d = detail.data;
  const title = d ? (d.hostname ?? d.serial ?? d.id) : t("loading");

  return (
    <Layout title={title}>
      {detail.error ? (
        <ErrorNote error={detail.error} retry={detail.reload} />
      ) : !d ? (
        <Loading />
      ) : (
        <>
          <p>
            <StatusBadge status={d.status} />
          </p>
          <div class="grid">
            <Card title={t("device_identity")}>
              <Identity d={d} />
            </Card>
            <Card title={t("device_holder")}>
              <Holder d={d} />
            </Card>
            {seesAlerts && (
              <Card title={t("device_alerts")}>
                {d.alerts.length === 0 ? (
                  <p>{t("device_no_alert")}</p>
                ) : (
                  <ul class="device-alerts">
                    {d.alerts.map((original) => {
                      const a = alerts[original.id] ?? original;
                      return (
                        <li key={a.id}>
                          <strong>{t(`rule_${a.rule}` as MessageKey)}</strong> · {alertDetail(a)}
                          <br />
                          <FollowUp alert={a} canAcknowledge={seesHealth} onChange={(c) => setAlerts({ ...alerts, [c.id]: c })} />
                        </li>
                      );
                    })}
                  </ul>
                )}
              </Card>
            )}
          </div>
          {seesHealth && d.enrolled && (
            <fieldset class="period">
              <legend>{t("device_period")}</legend>
              {kPeriods.map((p) => (
                <label key={p}>
                  <input type="radio" name="period" value={p} checked={period === p} onChange={() => setPeriod(p)} />
                  {t(`device_period_${p}` as MessageKey)}
                </label>
              ))}
            </fieldset>
          )}
          <Card title={t("device_connectivity")} wide>
            {seesHealth && d.enrolled ? (
              history.error ? <ErrorNote error={history.error} retry={history.reload} /> : !history.data ? <Loading /> : <Timeline deviceId={d.id} runs={history.data.runs} />
            ) : (
              <Timeline deviceId={d.id} runs={[...d.connectivity_runs].reverse()} />
            )}
          </Card>
          {seesHealth && d.enrolled && (
            <Card title={t("device_health")} wide>
              {history.error ? <ErrorNote error={history.error} /> : !history.data ? <Loading /> : <HealthCharts history={history.data} period={period} range={range} battery={d.inventory?.battery} />}
            </Card>
          )}
          {seesHealth && d.inventory && (
            <Card title={t("device_inventory")} wide>
              <InventoryFacts inventory={d.inventory} at={d.inventory_at} />
            </Card>
          )}
          {seesHealth && history.data && (
            <Card title={t("device_changes")} wide>
              <Changes changes={history.data.inventory_changes} />
            </Card>
          )}
        </>
      )}
    </Layout>
  );
}
