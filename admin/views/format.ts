import { formatUsdt, formatMinor } from '../../core/admin/amounts.ts';
export { formatUsdt, formatMinor };

const PG_TS = /^(\d{4}-\d\d-\d\d)[ T](\d\d:\d\d:\d\d)(\.\d+)?([+-]\d\d)(?::?(\d\d))?$/;

/** Raw queries return timestamptz as text ("2026-01-02 03:04:05.6+00"); shown in UTC. */
export function toDate(v: unknown): Date | null {
  if (v === null || v === undefined || v === '') return null;
  if (v instanceof Date) return v;
  const m = PG_TS.exec(String(v));
  const d = m ? new Date(`${m[1]}T${m[2]}${m[3] ?? ''}${m[4]}:${m[5] ?? '00'}`) : new Date(String(v));
  return Number.isNaN(d.getTime()) ? null : d;
}

export function fmtTime(v: unknown): string {
  const d = toDate(v);
  return d ? d.toISOString().slice(0, 16).replace('T', ' ') + ' UTC' : '—';
}

export function fmtAge(sec: number | null | undefined): string {
  if (sec === null || sec === undefined) return '—';
  const s = Math.max(0, Math.floor(sec));
  const d = Math.floor(s / 86400), h = Math.floor((s % 86400) / 3600), m = Math.floor((s % 3600) / 60);
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return m > 0 ? `${h}h ${m}m` : `${h}h`;
  return `${m}m`;
}

export const fmtJson = (v: unknown) =>
  v === null || v === undefined ? '' : JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x), 1);
