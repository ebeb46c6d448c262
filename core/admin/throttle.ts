import type { Exec } from '../db.ts';

export const MAX_FAILURES = 5;
export const WINDOW_SEC = 15 * 60;

/** Locked when either the email or the address has MAX_FAILURES failures in the window. */
export async function isLocked(exec: Exec, email: string, ip: string): Promise<boolean> {
  const [r] = await exec`
    SELECT
      count(*) FILTER (WHERE lower(email) = lower(${email})) AS by_email,
      count(*) FILTER (WHERE ip = ${ip}) AS by_ip
    FROM login_attempts
    WHERE NOT success AND created_at > now() - make_interval(secs => ${WINDOW_SEC})
      AND (lower(email) = lower(${email}) OR ip = ${ip})`;
  return Number(r.by_email) >= MAX_FAILURES || Number(r.by_ip) >= MAX_FAILURES;
}

export async function recordAttempt(exec: Exec, email: string, ip: string, success: boolean): Promise<void> {
  await exec`INSERT INTO login_attempts (email, ip, success) VALUES (${email.slice(0, 320)}, ${ip}, ${success})`;
}
