import { validateDetailed } from 'node-cron';
import { CronSchedule, isTimezone } from './cron.js';

/** What a refusal shows as a correct one: weekdays at 08:00 in a named zone. */
export const CRON_EXAMPLE = 'subscribe readiness "0 8 * * 1-5" Europe/Berlin';

export type ScheduleCheck =
  | { ok: true; schedule: CronSchedule; next: Date[] }
  | { ok: false; problem: string; example: string };

/** What is wrong with a cron expression, in a sentence, or undefined when node-cron reads it. */
export function cronProblem(cron: string): string | undefined {
  const checked = validateDetailed(cron);
  if (checked.valid) return undefined;
  const first = checked.errors[0];
  const detail = first ? first.message.replace(/ a invalid /, ' an invalid ') : 'it cannot be parsed';
  return `"${cron}" is not a cron expression: ${detail}. Five fields: minute hour day-of-month month day-of-week.`;
}

/** What is wrong with a time zone name, in a sentence, or undefined when it is an IANA zone. */
export function timezoneProblem(timezone: string): string | undefined {
  if (isTimezone(timezone)) return undefined;
  return `"${timezone}" is not a time zone I know. Use an IANA name such as Europe/Berlin, America/New_York or UTC.`;
}

/**
 * A cron expression and an IANA zone as a schedule, or a sentence saying what is wrong with them and
 * an example of a correct one. `minIntervalMs` refuses schedules that would post more often than that.
 */
export function checkSchedule(
  cron: string,
  timezone: string,
  now: Date,
  options: { minIntervalMs?: number } = {},
): ScheduleCheck {
  const refuse = (problem: string): ScheduleCheck => ({ ok: false, problem, example: CRON_EXAMPLE });
  const problem = cronProblem(cron) ?? timezoneProblem(timezone);
  if (problem) return refuse(problem);
  const schedule = new CronSchedule(cron, timezone);
  const next = schedule.nextN(now, 3);
  if (next.length === 0) return refuse(`"${cron}" never fires.`);
  const min = options.minIntervalMs;
  if (min !== undefined && schedule.shortestGapMs(now) < min) {
    return refuse(
      `"${cron}" fires more often than every ${Math.round(min / 60_000)} minutes; a channel does not need that.`,
    );
  }
  return { ok: true, schedule, next };
}
