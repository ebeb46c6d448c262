import type { Exec } from './db.ts';

/** The desk's tunables, seeded by migration and changed by admins. */
export interface Settings {
  matching_mode: 'auto' | 'group';
  payment_window_sec: number;
  extend_sec: number;
  extend_when_under_sec: number;
  release_window_sec: number;
  appeal_escalate_sec: number;
  claim_timeout_sec: number;
  match_timeout_sec: number;
  buyer_cancel_limit: number;
  margin_ratio_bps: number;
  dispute_response_target_sec: number;
  trade_fee_bps: number;
  min_order_usdt: string;
  max_order_usdt: string;
  kyc_daily_limits: Record<string, string>;
  [key: string]: unknown;
}

export async function getSettings(exec: Exec): Promise<Settings> {
  const rows = await exec`SELECT key, value FROM settings`;
  return Object.fromEntries(rows.map((r) => [r.key, r.value])) as Settings;
}

export async function getSetting<K extends keyof Settings>(exec: Exec, key: K): Promise<Settings[K]> {
  const [r] = await exec`SELECT value FROM settings WHERE key = ${key as string}`;
  return r?.value as Settings[K];
}

/** Returns the previous value so the caller can audit before / after. */
export async function setSetting(exec: Exec, key: string, value: unknown, by: string): Promise<unknown> {
  const [prev] = await exec`SELECT value FROM settings WHERE key = ${key}`;
  await exec`
    INSERT INTO settings (key, value, updated_by) VALUES (${key}, ${JSON.stringify(value)}::jsonb, ${by})
    ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = now(), updated_by = excluded.updated_by`;
  return prev?.value;
}

/**
 * A setting holding seconds, as an SQL interval read inside the statement that uses it,
 * so a transition needs no separate round trip for its timers.
 */
export function settingInterval(exec: Exec, key: keyof Settings & `${string}_sec`) {
  return exec`make_interval(secs => (SELECT (value #>> '{}')::float8 FROM settings WHERE key = ${key as string}))`;
}
