import type { Config } from '../config.ts';
import { loadTotpKey, type CheckResult } from '../core/twofa.ts';
import type { Translate } from './i18n.ts';

const keys = new WeakMap<Config, Buffer>();

/** The at-rest key for users' TOTP secrets, read once per configuration. */
export function totpKey(config: Config): Buffer {
  let k = keys.get(config);
  if (!k) keys.set(config, (k = loadTotpKey(config)));
  return k;
}

/** What to tell a user whose code was not accepted. */
export function codeRefusal(t: Translate, r: CheckResult): string {
  switch (r.result) {
    case 'locked': {
      const until = r.lockedUntil ? new Date(r.lockedUntil.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00')) : null;
      return t('twofa-locked', { until: until && !Number.isNaN(until.getTime()) ? `${until.toISOString().slice(11, 16)} UTC` : '-' });
    }
    case 'reused': return t('twofa-reused');
    case 'not_enabled': return t('twofa-not-enabled');
    case 'already_enabled': return t('twofa-already-enabled');
    default: return t('twofa-wrong', { left: r.attemptsLeft });
  }
}
