/**
 * When a certificate is worth a message: once at each rung of a ladder of days left, then once when it
 * expired, and never again (a weekly reminder line in a digest, when switched on, is all that follows).
 * Pure functions of (expiry, now), so the job, the `certs` command and the tests agree.
 */
import { daysLeft } from '../checks/finding.js';

/** Days left at which a channel hears about a certificate (issue 8). */
export const DEFAULT_LADDER: readonly number[] = [90, 60, 30, 14, 7, 3, 1];

/** The one rung after expiry: "expired" is said once, however long the certificate stays installed. */
export const EXPIRED_RUNG = -1;

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
 * 60). From the instant it expired: EXPIRED_RUNG, the same on every later day, so it is told once.
 */
export function ladderStep(
  notAfter: Date,
  now: Date,
  ladder: readonly number[] = DEFAULT_LADDER,
): number | undefined {
  if (isExpired(notAfter, now)) return EXPIRED_RUNG;
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
