import { authenticator } from 'otplib';

const ISSUER = 'otc-desk admin';
// One step either side forgives a little clock drift between phone and server. A clone, so
// other users of otplib (the bot's 2FA) keep their own options.
const auth = authenticator.clone({ window: 1 });

export function newTotpSecret(): string {
  return auth.generateSecret(20);
}

export function otpauthUrl(email: string, secret: string): string {
  return auth.keyuri(email, ISSUER, secret);
}

/**
 * The time step a valid code belongs to, or null. Callers store the step so a code is
 * accepted once (a shoulder-surfed code cannot be replayed within its window).
 */
export function totpStep(code: string, secret: string, now = Date.now()): number | null {
  const c = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(c)) return null;
  const delta = auth.checkDelta(c, secret);
  if (delta === null) return null;
  return Math.floor(now / 1000 / 30) + delta;
}

export function currentTotp(secret: string): string {
  return auth.generate(secret);
}
