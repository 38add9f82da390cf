// The frame every chart shares: a titled <figure>, a legend, and the same numbers as a table
// under <details>, so a screen reader (or anyone who wants the exact figures) reads them.
import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';
import { defineStrings, useT } from '../lib/i18n.js';

const S = defineStrings(
  { table: 'Show the numbers as a table', legend: 'Legend' },
  { table: 'आँकड़े तालिका के रूप में देखें', legend: 'संकेत' },
);

export interface Series {
  key: string;
  label: string;
}

/** The colour class of the i-th series (reports.css: .c1…c8, readable in light and dark mode). */
export const colourOf = (i: number) => `c${(i % 8) + 1}`;

export interface TableData {
  head: string[];
  rows: (string | number)[][];
}

export function ChartFrame(props: {
  title: string;
  /** One sentence: what the chart shows (read as the SVG's description). */
  summary: string;
  series?: Series[];
  table: TableData;
  name: string;
  children: (ids: { titleId: string; descId: string }) => ComponentChildren;
}) {
  const t = useT(S);
  const id = useId();
  const titleId = `${id}-t`;
  const descId = `${id}-d`;
  return (
    <figure class="chart" data-chart={props.name}>
      <figcaption id={titleId} class="chart-title">
        {props.title}
      </figcaption>
      <p id={descId} class="chart-summary">
        {props.summary}
      </p>
      {props.series && props.series.length > 1 && (
        <ul class="chart-legend" aria-label={t('legend')}>
          {props.series.map((s, i) => (
            <li key={s.key} data-series={s.key}>
              <span class={`swatch ${colourOf(i)}`} aria-hidden="true" />
              {s.label}
            </li>
          ))}
        </ul>
      )}
      {props.children({ titleId, descId })}
      <details class="chart-data">
        <summary>{t('table')}</summary>
        <div class="table-wrap">
          <table>
            <caption class="sr-only">{props.title}</caption>
            <thead>
              <tr>
                {props.table.head.map((h, i) => (
                  <th key={h} scope="col" class={i > 0 ? 'num' : undefined}>
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {props.table.rows.map((r) => (
                <tr key={String(r[0])}>
                  {r.map((cell, i) =>
                    i === 0 ? (
                      <th key={`${i}`} scope="row">
                        {cell}
                      </th>
                    ) : (
                      <td key={`${i}`} class="num">
                        {cell}
                      </td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}

/** A round axis maximum and step: 0, 5, 10 … or 0, 20, 40 … covering `max` in about `ticks` steps. */
export function niceScale(max: number, ticks = 4): { max: number; step: number } {
  if (!(max > 0)) return { max: 1, step: 1 };
  const raw = max / ticks;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  return { max: Math.ceil(max / step) * step, step };
}

/** The text of a number in the current language's digits grouping. */
export const fmtNumber = (n: number, lang: string) =>
  new Intl.NumberFormat(lang === 'hi' ? 'hi-IN' : 'en-IN', { maximumFractionDigits: 1 }).format(n);
