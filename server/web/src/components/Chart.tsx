import { useEffect, useMemo, useRef } from "preact/hooks";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

import { formatDate, formatDateTime, formatDayShort, formatNumber, formatTime } from "../logic/i18n";
import { language, t } from "../state";

export interface Series {
  label: string;
  values: (number | null)[];
  color: string;  ///< a CSS colour readable on light and dark
}

interface ChartProps {
  title: string;
  xs: number[];  ///< unix seconds
  series: Series[];
  /// How a point's time reads: a day, or a day and time.
  byDay: boolean;
  height?: number;
  /// How a value reads (numbers by default).
  formatValue?: (v: number) => string;
  /// The span the x axis shows, in unix seconds (else the data's).
  range?: [number, number];
  /// Counts: whole numbers only on the y axis (no "0,5 laptop").
  integer?: boolean;
  /// Amounts read against nothing (free space, memory): the y axis starts at 0,
  /// so a disk a little fuller does not look empty.
  fromZero?: boolean;
}

/// The y axis steps of a count: 1, 2, 5, 10, 20, 50… up to ten million.
const kIntegerSteps = Array.from({ length: 7 }, (_, i) => [1, 2, 5].map((m) => m * 10 ** i)).flat();

/// The y axis's width: room for its longest label, in CSS pixels.
function axisWidth(labels: string[] | undefined): number {
  const longest = Math.max(0, ...(labels ?? []).map((l) => l.length));
  return Math.max(40, Math.ceil(longest * 7.5) + 20);
}

/// A time series (uPlot), with its figures in a table below for those who
/// do not see the drawing (and for screen readers).
export function Chart(props: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const lang = language.value;
  const value = props.formatValue ?? ((v: number) => formatNumber(lang, v));
  const when = (s: number) => {
    const iso = new Date(s * 1000).toISOString();
    return props.byDay ? formatDate(lang, iso) : formatDateTime(lang, iso);
  };
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const text = getComputedStyle(el).color;
    const grid = getComputedStyle(el).getPropertyValue("--border").trim() || "#888";
    const axis = { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
    const height = props.height ?? 180;
    const plot = new uPlot(
      {
        width: Math.max(el.clientWidth, 200),
        height,
        legend: { show: true },
        cursor: { drag: { x: false, y: false } },
        scales: {
          x: props.range ? { time: true, range: () => props.range! } : { time: true },
          ...(props.fromZero ? { y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] } } : {}),
        },
        axes: [
          {
            ...axis,
            // Hours within a day or two, days beyond; in the console's language.
            values: (u, ticks) => {
              const span = (u.scales.x.max ?? 0) - (u.scales.x.min ?? 0);
              return ticks.map((s) => {
                const iso = new Date(s * 1000).toISOString();
                return !props.byDay && span <= 2 * 86400 ? formatTime(lang, iso) : formatDayShort(lang, iso);
              });
            },
          },
          {
            ...axis,
            size: (_u, labels) => axisWidth(labels),
            incrs: props.integer ? kIntegerSteps : undefined,
            values: (_u, ticks) => ticks.map((n) => value(n)),
          },
        ],
        series: [
          { label: t("when"), value: (_u, s) => (s == null ? "—" : when(s)) },
          ...props.series.map((s) => ({
            label: s.label,
            stroke: s.color,
            width: 2,
            spanGaps: false,
            points: { show: props.xs.length <= 60, size: 5 },
            value: (_u: uPlot, v: number | null) => (v == null ? "—" : value(v)),
          })),
        ],
      },
      [props.xs, ...props.series.map((s) => s.values)],
      el,
    );
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(el.clientWidth, 200), height }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [props.xs, props.series, props.range?.[0], props.range?.[1], lang]);

  return (
    <figure class="chart">
      <figcaption>{props.title}</figcaption>
      <div ref={box} class="plot" aria-hidden="true" />
      <details>
        <summary>{t("chart_figures")}</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("when")}</th>
              {props.series.map((s) => (
                <th scope="col" class="number" key={s.label}>
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.xs.map((x, i) => (
              <tr key={x}>
                <th scope="row">{when(x)}</th>
                {props.series.map((s) => (
                  <td class="number" key={s.label}>
                    {s.values[i] == null ? "—" : value(s.values[i]!)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

/// Days ("2026-11-24") on the x axis.
export function DayChart(props: { title: string; days: string[]; series: Series[]; height?: number }) {
  const xs = useMemo(() => props.days.map((d) => Date.parse(d + "T12:00:00Z") / 1000), [props.days]);
  return <Chart title={props.title} xs={xs} series={props.series} byDay integer height={props.height} />;
}

/// Bars, one a category (a cohort, say), with their figures in a table as
/// the time series have. `labels` name the categories in order.
export function BarChart(props: {
  title: string;
  labels: string[];
  series: Series[];
  height?: number;
}) {
  const box = useRef<HTMLDivElement>(null);
  const lang = language.value;
  useEffect(() => {
    const el = box.current;
    if (!el || props.labels.length === 0) return;
    const text = getComputedStyle(el).color;
    const grid = getComputedStyle(el).getPropertyValue("--border").trim() || "#888";
    const axis = { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
    const height = props.height ?? 220;
    const xs = props.labels.map((_, i) => i);
    const bars = uPlot.paths.bars!({ size: [0.6 / props.series.length, 80], gap: 2 });
    const plot = new uPlot(
      {
        width: Math.max(el.clientWidth, 200),
        height,
        legend: { show: props.series.length > 1 },
        cursor: { drag: { x: false, y: false }, points: { show: false } },
        scales: {
          x: { time: false, range: () => [-0.5, props.labels.length - 0.5] },
          y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.15 : 1] },
        },
        axes: [
          { ...axis, incrs: [1], values: (_u, ticks) => ticks.map((i) => props.labels[i] ?? "") },
          {
            ...axis,
            size: (_u, labels) => axisWidth(labels),
            incrs: kIntegerSteps,
            values: (_u, ticks) => ticks.map((n) => formatNumber(lang, n)),
          },
        ],
        series: [
          { label: props.title, value: (_u, i) => (i == null ? "—" : (props.labels[i] ?? "")) },
          ...props.series.map((s) => ({
            label: s.label,
            stroke: s.color,
            fill: s.color,
            width: 1,
            paths: bars,
            points: { show: false },
            value: (_u: uPlot, v: number | null) => (v == null ? "—" : formatNumber(lang, v)),
          })),
        ],
      },
      [xs, ...props.series.map((s) => s.values)],
      el,
    );
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(el.clientWidth, 200), height }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [props.labels.join("|"), props.series, lang]);

  return (
    <figure class="chart">
      <figcaption>{props.title}</figcaption>
      <div ref={box} class="plot bars" aria-hidden="true" />
      <details>
        <summary>{t("chart_figures")}</summary>
        <table>
          <thead>
            <tr>
              <td />
              {props.series.map((s) => (
                <th scope="col" class="number" key={s.label}>
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.labels.map((label, i) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                {props.series.map((s) => (
                  <td class="number" key={s.label}>
                    {s.values[i] == null ? "—" : formatNumber(lang, s.values[i]!)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
