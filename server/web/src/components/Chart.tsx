import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

import { formatDate, formatDayShort, formatNumber } from "../logic/i18n";
import { language, t } from "../state";

export interface Series {
  label: string;
  values: (number | null)[];
  color: string;  ///< a CSS colour readable on light and dark
}

/// A time series over days (uPlot), with its figures in a table below for
/// those who do not see the drawing (and for screen readers).
export function DayChart(props: { title: string; days: string[]; series: Series[]; height?: number }) {
  const box = useRef<HTMLDivElement>(null);
  const lang = language.value;
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const xs = props.days.map((d) => Date.parse(d + "T12:00:00Z") / 1000);
    const text = getComputedStyle(el).color;
    const grid = getComputedStyle(el).getPropertyValue("--border").trim() || "#888";
    const axis = { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
    const plot = new uPlot(
      {
        width: Math.max(el.clientWidth, 200),
        height: props.height ?? 180,
        legend: { show: true },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: true } },
        axes: [
          { ...axis, values: (_u, ticks) => ticks.map((s) => formatDayShort(lang, new Date(s * 1000).toISOString())) },
          { ...axis, values: (_u, ticks) => ticks.map((n) => formatNumber(lang, n)) },
        ],
        series: [
          {
            label: t("day"),
            value: (_u, s) => (s == null ? "—" : formatDate(lang, new Date(s * 1000).toISOString())),
          },
          ...props.series.map((s) => ({
            label: s.label,
            stroke: s.color,
            width: 2,
            points: { show: true, size: 5 },
            value: (_u: uPlot, v: number | null) => (v == null ? "—" : formatNumber(lang, v)),
          })),
        ],
      },
      [xs, ...props.series.map((s) => s.values)],
      el,
    );
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(el.clientWidth, 200), height: props.height ?? 180 }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [props.days, props.series, lang]);

  return (
    <figure class="chart">
      <figcaption>{props.title}</figcaption>
      <div ref={box} class="plot" aria-hidden="true" />
      <details>
        <summary>{t("chart_figures")}</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("day")}</th>
              {props.series.map((s) => (
                <th scope="col" class="number" key={s.label}>
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.days.map((d, i) => (
              <tr key={d}>
                <th scope="row">{formatDate(lang, d)}</th>
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
