/** Date and column helpers shared by the CLI renderers; ADE-OS prints every time in the node's zone (UTC here). */

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const LONG_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

export const pad2 = (n: number): string => String(n).padStart(2, '0');

function parts(date: Date) {
  return {
    day: DAYS[date.getUTCDay()] ?? 'Sun',
    longDay: LONG_DAYS[date.getUTCDay()] ?? 'Sunday',
    month: MONTHS[date.getUTCMonth()] ?? 'Jan',
    dd: pad2(date.getUTCDate()),
    time: `${pad2(date.getUTCHours())}:${pad2(date.getUTCMinutes())}:${pad2(date.getUTCSeconds())}`,
    year: date.getUTCFullYear(),
  };
}

/** `Thu Mar 22 19:01:26 2018`: build/install dates and `Last login:` lines. */
export function ctime(date: Date): string {
  const p = parts(date);
  return `${p.day} ${p.month} ${p.dd} ${p.time} ${p.year}`;
}

/**
 * `Sun Oct  9 15:14:28 2022`: C `ctime`, the day padded with a space, as `wall` stamps the broadcast that
 * `reload` prints (ise-cli.md §2.12, verbatim in the ISE 3.2 capture).
 */
export function wallDate(date: Date): string {
  const p = parts(date);
  return `${p.day} ${p.month} ${String(date.getUTCDate()).padStart(2, ' ')} ${p.time} ${p.year}`;
}

/** `Tue Mar 05 10:15:07 UTC 2024`: `show clock`, backup status and history (ADE-OS `date` style). */
export function dateWithZone(date: Date): string {
  const p = parts(date);
  return `${p.day} ${p.month} ${p.dd} ${p.time} UTC ${p.year}`;
}

/** `Thursday_Oct_20_02:39:25_2022`: the screen session names in the resume menu (ise-cli.md §1.3). */
export function screenSessionDate(date: Date): string {
  const p = parts(date);
  return `${p.longDay}_${p.month}_${p.dd}_${p.time}_${p.year}`;
}

/** `240305-1015`: the timestamp ISE puts in backup file names (`<name>-CFG10-240305-1015.tar.gpg`). */
export function backupStamp(date: Date): string {
  const yy = pad2(date.getUTCFullYear() % 100);
  return `${yy}${pad2(date.getUTCMonth() + 1)}${pad2(date.getUTCDate())}-${pad2(date.getUTCHours())}${pad2(date.getUTCMinutes())}`;
}

/** Parses a facts date (ISO string); a bad value falls back to the epoch rather than crashing the lab. */
export function factDate(value: string): Date {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? new Date(0) : date;
}
