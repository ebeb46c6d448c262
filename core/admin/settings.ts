import { z } from 'zod';
import type { Exec } from '../db.ts';
import { inTx } from '../db.ts';
import { DeskError } from '../errors.ts';
import { getSettings, setSetting } from '../settings.ts';
import { audit } from './audit.ts';
import type { AdminCtx } from './context.ts';
import { formatUsdt, parseUsdt } from './amounts.ts';

/**
 * How each setting is edited: the form shows `format(value)` and turns the admin's text back
 * into the stored JSON with `parse`, which throws DeskError('invalid_input') on bad input.
 */
export interface SettingDef {
  key: string;
  group: 'matching' | 'timers' | 'fees' | 'limits' | 'withdrawals' | 'other';
  unit: string;
  format(value: unknown): string;
  parse(input: string): unknown;
}

// Digits only: "1e3", "0x10" or " 5 " are typos here, not numbers.
const intIn = (min: number, max: number) => z.string().regex(/^\d{1,9}$/, 'whole number expected').transform(Number).pipe(z.number().int().min(min).max(max));
const seconds = (key: string, min: number, max: number, group: SettingDef['group'] = 'timers'): SettingDef => ({
  key, group, unit: 'seconds', format: (v) => String(v), parse: (s) => check(key, intIn(min, max), s.trim()),
});
const usdt = (key: string, group: SettingDef['group']): SettingDef => ({
  key, group, unit: 'USDT', format: (v) => formatUsdt(BigInt(String(v))).replace(/,/g, ''),
  parse: (s) => guard(key, () => parseUsdt(s).toString()),
});
/** A map of name → micro-USDT (per KYC tier, per chain), typed as `name=amount` lines. */
const usdtMap = (key: string, group: SettingDef['group'], names: z.ZodType<string>): SettingDef => ({
  key, group, unit: 'USDT per line, name=amount',
  format: (v) => Object.entries((v ?? {}) as Record<string, string>).map(([k, x]) => `${k}=${formatUsdt(BigInt(x)).replace(/,/g, '')}`).join('\n'),
  parse: (s) => {
    const out: Record<string, string> = {};
    for (const line of s.split(/\r?\n/).map((l) => l.trim()).filter(Boolean)) {
      const [name, amount, extra] = line.split('=').map((x) => x.trim());
      if (extra !== undefined || !amount) throw new DeskError('invalid_input', { field: key, line });
      const n = check(key, names, name);
      if (n in out) throw new DeskError('invalid_input', { field: key, line });
      out[n] = guard(key, () => parseUsdt(amount).toString());
    }
    if (Object.keys(out).length === 0) throw new DeskError('invalid_input', { field: key });
    return out;
  },
});

function check<T>(key: string, schema: z.ZodType<T>, input: unknown): T {
  const r = schema.safeParse(input);
  if (!r.success) throw new DeskError('invalid_input', { field: key, problem: r.error.issues[0]?.message ?? 'invalid' });
  return r.data;
}
function guard<T>(key: string, f: () => T): T {
  try { return f(); } catch { throw new DeskError('invalid_input', { field: key }); }
}

export const SETTING_DEFS: SettingDef[] = [
  { key: 'matching_mode', group: 'matching', unit: 'auto | group', format: (v) => String(v), parse: (s) => check('matching_mode', z.enum(['auto', 'group']), s.trim()) },
  seconds('payment_window_sec', 60, 86400),
  seconds('extend_sec', 0, 86400),
  seconds('extend_when_under_sec', 0, 86400),
  seconds('release_window_sec', 60, 86400),
  seconds('appeal_escalate_sec', 60, 7 * 86400),
  seconds('claim_timeout_sec', 10, 3600),
  seconds('match_timeout_sec', 30, 86400),
  seconds('dispute_response_target_sec', 300, 7 * 86400),
  { key: 'buyer_cancel_limit', group: 'limits', unit: 'cancellations / 24 h', format: (v) => String(v), parse: (s) => check('buyer_cancel_limit', intIn(1, 100), s.trim()) },
  { key: 'margin_ratio_bps', group: 'limits', unit: 'basis points', format: (v) => String(v), parse: (s) => check('margin_ratio_bps', intIn(0, 10000), s.trim()) },
  { key: 'trade_fee_bps', group: 'fees', unit: 'basis points', format: (v) => String(v), parse: (s) => check('trade_fee_bps', intIn(0, 1000), s.trim()) },
  usdt('min_order_usdt', 'limits'),
  usdt('max_order_usdt', 'limits'),
  usdtMap('kyc_daily_limits', 'limits', z.string().regex(/^\d{1,2}$/, 'tier must be a number')),
  usdt('withdraw_min_usdt', 'withdrawals'),
  usdt('withdraw_max_usdt', 'withdrawals'),
  usdt('withdraw_daily_usdt', 'withdrawals'),
  usdt('withdraw_approval_threshold_usdt', 'withdrawals'),
  usdtMap('withdraw_fee_usdt', 'fees', z.enum(['tron', 'ethereum', 'bsc', 'polygon'])),
];

/** Keys other features add later still get an editor: raw JSON of the same shape. */
function rawJson(key: string, current: unknown): SettingDef {
  return {
    key, group: 'other', unit: 'JSON', format: (v) => JSON.stringify(v),
    parse: (s) => {
      const v = guard(key, () => JSON.parse(s) as unknown);
      const kind = (x: unknown) => (Array.isArray(x) ? 'array' : x === null ? 'null' : typeof x);
      if (kind(v) !== kind(current)) throw new DeskError('invalid_input', { field: key, problem: `expected ${kind(current)}` });
      return v;
    },
  };
}

export async function settingsForm(exec: Exec): Promise<{ def: SettingDef; value: unknown; text: string }[]> {
  const all = await getSettings(exec);
  const known = new Set(SETTING_DEFS.map((d) => d.key));
  const defs = [...SETTING_DEFS.filter((d) => d.key in all), ...Object.keys(all).filter((k) => !known.has(k)).sort().map((k) => rawJson(k, all[k]))];
  return defs.map((def) => ({ def, value: all[def.key], text: def.format(all[def.key]) }));
}

/** Validates, stores and audits one key; returns false when the value did not change. */
export async function updateSetting(exec: Exec, key: string, input: string, ctx: AdminCtx): Promise<boolean> {
  return inTx(exec, async (tx) => {
    const [cur] = await tx`SELECT value FROM settings WHERE key = ${key} FOR UPDATE`;
    if (!cur) throw new DeskError('not_found', { key });
    const def = SETTING_DEFS.find((d) => d.key === key) ?? rawJson(key, cur.value);
    const value = def.parse(input);
    if (JSON.stringify(value) === JSON.stringify(cur.value)) return false;
    if (key === 'min_order_usdt' || key === 'max_order_usdt') {
      const [other] = await tx`SELECT value FROM settings WHERE key = ${key === 'min_order_usdt' ? 'max_order_usdt' : 'min_order_usdt'}`;
      const [min, max] = key === 'min_order_usdt' ? [value, other?.value] : [other?.value, value];
      if (min !== undefined && max !== undefined && BigInt(String(min)) > BigInt(String(max))) throw new DeskError('invalid_input', { field: key, problem: 'min above max' });
    }
    const before = await setSetting(tx, key, value, `admin:${ctx.adminId}`);
    await audit(tx, { adminId: ctx.adminId, action: 'settings.update', target: `setting:${key}`, before: { value: before }, after: { value }, ip: ctx.ip });
    return true;
  });
}
