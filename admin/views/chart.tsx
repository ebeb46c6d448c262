import type { DailyVolume } from '../../core/admin/dashboard.ts';
import { formatUsdt } from './format.ts';

/** Server-rendered bar chart: no script, only attributes (the CSP allows no inline styles). */
export function VolumeChart(props: { data: DailyVolume[] }) {
  const W = 720, H = 220, left = 56, bottom = 34, top = 18, right = 8;
  const max = props.data.reduce((m, d) => (d.usdt > m ? d.usdt : m), 0n);
  // Round the scale up to a "nice" whole-USDT step so the gridlines read well.
  const maxUsdt = Number(max / 1_000_000n) + 1;
  const mag = 10 ** Math.floor(Math.log10(maxUsdt));
  const top$ = Math.ceil(maxUsdt / mag) * mag;
  const plotH = H - top - bottom;
  const slot = (W - left - right) / Math.max(props.data.length, 1);
  const y = (usdt: number) => top + plotH - (usdt / top$) * plotH;
  const ticks = [0, 0.5, 1].map((f) => f * top$);
  return (
    <svg class="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label="Daily completed volume in USDT">
      {ticks.map((v) => (
        <g>
          <line class="axis" x1={left} x2={W - right} y1={y(v)} y2={y(v)} stroke-dasharray={v === 0 ? undefined : '3 3'} />
          <text x={left - 6} y={y(v) + 3} text-anchor="end">{compact(v)}</text>
        </g>
      ))}
      {props.data.map((d, i) => {
        // Bar heights only need display precision; the exact figure is in the label.
        const v = Number(d.usdt) / 1e6;
        const h = Math.max((v / top$) * plotH, d.usdt > 0n ? 1 : 0);
        const x = left + i * slot + slot * 0.15;
        return (
          <g>
            <rect class="bar" x={x} y={top + plotH - h} width={slot * 0.7} height={h} rx="2">
              <title>{`${d.day}: ${formatUsdt(d.usdt)} USDT, ${d.orders} orders`}</title>
            </rect>
            {d.usdt > 0n ? <text class="val" x={x + slot * 0.35} y={top + plotH - h - 4} text-anchor="middle">{compact(v)}</text> : null}
            <text x={x + slot * 0.35} y={H - bottom + 14} text-anchor="middle">{d.day.slice(5)}</text>
          </g>
        );
      })}
    </svg>
  );
}

function compact(v: number): string {
  if (v >= 1e6) return `${+(v / 1e6).toFixed(1)}M`;
  if (v >= 1e3) return `${+(v / 1e3).toFixed(1)}k`;
  return `${+v.toFixed(v < 10 ? 2 : 0)}`;
}
