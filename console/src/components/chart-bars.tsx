// Horizontal bars, one series: a funnel, reasons ranked, breaches by district. Inline SVG,
// no chart library; the frame adds the title, the description and the data table.
import { useLang } from '../lib/i18n.js';
import { ChartFrame, fmtNumber, niceScale } from './chart-frame.js';

export interface BarItem {
  key: string;
  label: string;
  value: number;
  /** Shown after the value, e.g. "62% of cases". */
  note?: string;
}

const W = 760;
const ROW = 32;
const TOP = 8;
const AXIS = 44;

export function HBarChart(props: {
  name: string;
  title: string;
  summary: string;
  /** Names the categories (table's first column) and the value axis. */
  categoryLabel: string;
  valueLabel: string;
  noteLabel?: string;
  items: BarItem[];
  format?: (n: number) => string;
  labelWidth?: number;
}) {
  const lang = useLang();
  const format = props.format ?? ((n: number) => fmtNumber(n, lang));
  const labelW = props.labelWidth ?? 190;
  const valueW = props.items.some((i) => i.note) ? 150 : 70;
  const plotW = W - labelW - valueW;
  const { max, step } = niceScale(Math.max(0, ...props.items.map((i) => i.value)));
  const x = (v: number) => labelW + (plotW * v) / max;
  const height = TOP + props.items.length * ROW + AXIS;
  const ticks: number[] = [];
  for (let v = 0; v <= max + 1e-9; v += step) ticks.push(v);
  const table = {
    head: [props.categoryLabel, props.valueLabel, ...(props.noteLabel ? [props.noteLabel] : [])],
    rows: props.items.map((i) => [i.label, format(i.value), ...(props.noteLabel ? [i.note ?? '—'] : [])]),
  };
  return (
    <ChartFrame name={props.name} title={props.title} summary={props.summary} table={table}>
      {({ titleId, descId }) => (
        <svg
          class="chart-svg"
          viewBox={`0 0 ${W} ${height}`}
          role="img"
          aria-labelledby={titleId}
          aria-describedby={descId}
        >
          <title>{props.title}</title>
          <g class="grid">
            {ticks.map((v) => (
              <g key={v}>
                <line x1={x(v)} x2={x(v)} y1={TOP} y2={TOP + props.items.length * ROW} />
                <text class="tick" x={x(v)} y={TOP + props.items.length * ROW + 16} text-anchor="middle">
                  {format(v)}
                </text>
              </g>
            ))}
          </g>
          <text class="axis-label" x={labelW + plotW / 2} y={height - 6} text-anchor="middle">
            {props.valueLabel}
          </text>
          {props.items.map((item, i) => {
            const y = TOP + i * ROW;
            const w = Math.max(0, x(item.value) - labelW);
            return (
              <g key={item.key} class="bar-row">
                <text class="cat" x={labelW - 8} y={y + ROW / 2 + 4} text-anchor="end">
                  {item.label}
                </text>
                {item.value > 0 && (
                  <rect
                    class="bar c1"
                    x={labelW}
                    y={y + 5}
                    width={Math.max(w, 2)}
                    height={ROW - 10}
                    rx="2"
                    data-category={item.key}
                    data-value={item.value}
                  >
                    <title>{`${item.label}: ${format(item.value)}${item.note ? ` (${item.note})` : ''}`}</title>
                  </rect>
                )}
                <text class="val" x={labelW + w + 6} y={y + ROW / 2 + 4}>
                  {format(item.value)}
                  {item.note && <tspan class="note">{`  ${item.note}`}</tspan>}
                </text>
              </g>
            );
          })}
        </svg>
      )}
    </ChartFrame>
  );
}
