// Vertical columns with several series, side by side (grouped: median and p90) or on top of
// each other (stacked: outcomes by age band). Inline SVG; the frame adds legend and table.
import { useLang } from '../lib/i18n.js';
import { ChartFrame, colourOf, fmtNumber, niceScale, type Series } from './chart-frame.js';

export interface Category {
  key: string;
  label: string;
}

const H = 300;
const TOP = 24;
const BOTTOM = 58;
const LEFT = 78;
const RIGHT = 12;

/** A label on two lines at its arrow ("Alert → located"), so long step names fit their band. */
const wrap = (label: string, band: number) => {
  const at = label.indexOf(' → ');
  if (at >= 0) return [label.slice(0, at + 2), label.slice(at + 3)];
  const space = label.indexOf(' ');
  return label.length * 7.5 > band && space > 0 ? [label.slice(0, space), label.slice(space + 1)] : [label];
};

/** Tick text for seconds: 1h 30m, 45m, 30s. */
const tickTime = (s: number) => {
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}h${m ? ` ${m}m` : ''}` : m > 0 ? `${m}m` : `${Math.round(s)}s`;
};

/** Round time steps (seconds): 1, 2, 5, 10, 15, 30 min, 1, 2, 3, 6, 12 h. */
function timeScale(max: number, ticks = 4): { max: number; step: number } {
  if (!(max > 0)) return { max: 60, step: 60 };
  const steps = [10, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];
  const step = steps.find((s) => s >= max / ticks) ?? 86400 * Math.ceil(max / ticks / 86400);
  return { max: Math.ceil(max / step) * step, step };
}

export function ColumnChart(props: {
  name: string;
  title: string;
  summary: string;
  mode: 'grouped' | 'stacked';
  categories: Category[];
  series: Series[];
  /** The value of a category in a series (0 or undefined: no bar). */
  value: (category: string, series: string) => number | undefined;
  xLabel: string;
  yLabel: string;
  format?: (n: number) => string;
  /** Minimum width of one category's band in SVG units. */
  band?: number;
  /** Draw only the first `limit` categories (the table keeps them all). */
  limit?: number;
  /** Axis values are seconds: ticks fall on round minutes and hours. */
  seconds?: boolean;
}) {
  const lang = useLang();
  const format = props.format ?? ((n: number) => fmtNumber(n, lang));
  const { series, mode } = props;
  const categories = props.limit ? props.categories.slice(0, props.limit) : props.categories;
  const val = (c: string, s: string) => props.value(c, s) ?? 0;
  const total = (c: string) => series.reduce((n, s) => n + val(c, s.key), 0);
  const top = Math.max(
    0,
    ...categories.map((c) =>
      mode === 'stacked' ? total(c.key) : Math.max(0, ...series.map((s) => val(c.key, s.key))),
    ),
  );
  const { max, step } = props.seconds ? timeScale(top) : niceScale(top);
  const band = Math.max(props.band ?? 44, mode === 'grouped' ? series.length * 16 + 12 : 30);
  const W = Math.max(760, LEFT + RIGHT + categories.length * band);
  const plotW = W - LEFT - RIGHT;
  const bandW = plotW / Math.max(1, categories.length);
  const plotH = H - TOP - BOTTOM;
  const y = (v: number) => TOP + plotH - (plotH * v) / max;
  const ticks: number[] = [];
  for (let v = 0; v <= max + 1e-9; v += step) ticks.push(v);
  const barW = mode === 'stacked' ? Math.min(bandW * 0.6, 56) : Math.min((bandW * 0.8) / series.length, 28);
  const showTotals = mode === 'stacked' || bandW / series.length >= 30;
  const table = {
    head: [props.xLabel, ...series.map((s) => s.label), ...(mode === 'stacked' && series.length > 1 ? ['Σ'] : [])],
    rows: props.categories.map((c) => [
      c.label,
      ...series.map((s) => (props.value(c.key, s.key) === undefined ? '—' : format(val(c.key, s.key)))),
      ...(mode === 'stacked' && series.length > 1 ? [format(total(c.key))] : []),
    ]),
  };
  return (
    <ChartFrame name={props.name} title={props.title} summary={props.summary} series={series} table={table}>
      {({ titleId, descId }) => (
        <div class="chart-scroll">
          <svg
            class="chart-svg"
            viewBox={`0 0 ${W} ${H}`}
            style={{ minWidth: `${Math.min(W, 1400) * 0.6}px` }}
            role="img"
            aria-labelledby={titleId}
            aria-describedby={descId}
          >
            <title>{props.title}</title>
            <g class="grid">
              {ticks.map((v) => (
                <g key={v}>
                  <line x1={LEFT} x2={W - RIGHT} y1={y(v)} y2={y(v)} />
                  <text class="tick" x={LEFT - 6} y={y(v) + 4} text-anchor="end">
                    {props.seconds ? tickTime(v) : format(v)}
                  </text>
                </g>
              ))}
            </g>
            <text class="axis-label" transform={`translate(14 ${TOP + plotH / 2}) rotate(-90)`} text-anchor="middle">
              {props.yLabel}
            </text>
            <text class="axis-label" x={LEFT + plotW / 2} y={H - 6} text-anchor="middle">
              {props.xLabel}
            </text>
            {categories.map((c, ci) => {
              const x0 = LEFT + ci * bandW;
              let stackTop = 0;
              const groupX = x0 + (bandW - (mode === 'stacked' ? barW : barW * series.length)) / 2;
              return (
                <g key={c.key} class="column" data-category={c.key}>
                  <text class="cat" x={x0 + bandW / 2} y={TOP + plotH + 18} text-anchor="middle">
                    {wrap(c.label, bandW).map((line, i) => (
                      <tspan key={line} x={x0 + bandW / 2} dy={i === 0 ? 0 : 15}>
                        {line}
                      </tspan>
                    ))}
                  </text>
                  {series.map((s, si) => {
                    const v = val(c.key, s.key);
                    if (!(v > 0)) return null;
                    const bx = mode === 'stacked' ? groupX : groupX + si * barW;
                    const base = mode === 'stacked' ? stackTop : 0;
                    if (mode === 'stacked') stackTop += v;
                    return (
                      <rect
                        key={s.key}
                        class={`bar ${colourOf(si)}`}
                        x={bx}
                        y={y(base + v)}
                        width={mode === 'stacked' ? barW : Math.max(barW - 2, 2)}
                        height={Math.max(y(base) - y(base + v), 1)}
                        data-category={c.key}
                        data-series={s.key}
                        data-value={v}
                      >
                        <title>{`${c.label} · ${s.label}: ${format(v)}`}</title>
                      </rect>
                    );
                  })}
                  {showTotals &&
                    (mode === 'stacked'
                      ? total(c.key) > 0 && (
                          <text class="val" x={groupX + barW / 2} y={y(total(c.key)) - 5} text-anchor="middle">
                            {format(total(c.key))}
                          </text>
                        )
                      : series.map((s, si) =>
                          val(c.key, s.key) > 0 ? (
                            <text
                              key={s.key}
                              class="val small"
                              x={groupX + si * barW + barW / 2 - 1}
                              y={y(val(c.key, s.key)) - 4}
                              text-anchor="middle"
                            >
                              {format(val(c.key, s.key))}
                            </text>
                          ) : null,
                        ))}
                </g>
              );
            })}
          </svg>
        </div>
      )}
    </ChartFrame>
  );
}
