/**
 * When a certificate is worth a message: once at each rung of a ladder of days left, then once a day
 * after it expired. Pure functions of (expiry, now), so the job, the `certs` command and the tests agree.
 */

/** Days left at which a channel hears about a certificate (issue 8). */
export const DEFAULT_LADDER: readonly number[] = [90, 60, 30, 14, 7, 3, 1];

const DAY_MS = 86_400_000;

/**
 * Whole days until `notAfter`, rounded down: 0 on its last day, negative once expired (-1 during the
 * first day after). Same rounding as the readiness checks, so a digest and a warning never disagree by one.
 */
export function daysLeft(notAfter: Date, now: Date): number {
  return Math.floor((notAfter.getTime() - now.getTime()) / DAY_MS);
}

export function isExpired(notAfter: Date, now: Date): boolean {
  return now.getTime() >= notAfter.getTime();
}

/** A ladder from config: positive whole days, largest first, no repeats. */
export function normalizeLadder(ladder: readonly number[]): number[] {
  return [...new Set(ladder.filter((d) => Number.isInteger(d) && d > 0))].sort((a, b) => b - a);
}

/**
 * The rung a certificate stands on now, or undefined when it is not yet worth a word. Before expiry:
 * the smallest rung ≥ days left (a certificate first seen at 45 days gets the 60 message, not 90 and
 * 60). After expiry: -n on the n-th day since it expired, so each day is its own message.
 */
export function ladderStep(
  notAfter: Date,
  now: Date,
  ladder: readonly number[] = DEFAULT_LADDER,
): number | undefined {
  if (isExpired(notAfter, now)) return -(Math.floor((now.getTime() - notAfter.getTime()) / DAY_MS) + 1);
  const days = daysLeft(notAfter, now);
  let step: number | undefined;
  for (const rung of normalizeLadder(ladder)) if (days <= rung) step = rung;
  return step;
}

export type CertStatus = 'expired' | 'critical' | 'warning' | 'ok';

/** For the `certs` JSON: expired; critical within a week; warning within 30 days (readiness warns at 60). */
export function certStatus(notAfter: Date, now: Date): CertStatus {
  if (isExpired(notAfter, now)) return 'expired';
  const days = daysLeft(notAfter, now);
  if (days < 7) return 'critical';
  if (days < 30) return 'warning';
  return 'ok';
}
