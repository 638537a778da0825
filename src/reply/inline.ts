import { localParts } from '../schedule/cron.js';
import type { Inline, LinkInline, Rich, TimeInline, UserInline } from './model.js';

/** Builders, so replies read as what they say. */
export const at = (date: Date, show: TimeInline['show'] = 'datetime'): TimeInline => ({
  time: date.toISOString(),
  show,
});
export const mention = (user: string): UserInline => ({ user });
export const link = (label: string, url: string): LinkInline => ({ label, link: url });

/**
 * Who did something, as the record names them: a chat person (`slack:U0123`, `teams:…`, `console:alice`)
 * becomes a mention; the bot's own actors (`scheduler`, `cli`) stay words, since nobody can be pinged.
 */
export const person = (actor: string): Inline => (/^[a-z]+:./.test(actor) ? mention(actor) : actor);

/** The pieces of a rich text, in order. */
export function inlines(rich: Rich): readonly Inline[] {
  return typeof rich === 'string' ? [rich] : rich;
}

export interface PlainOptions {
  /** IANA zone to show times in (default UTC). */
  zone?: string;
}

/**
 * Rich text as plain text (console, CLI, notification previews, sizes): a time in `zone` with the zone
 * named, a person as their id, a link as its label and address.
 */
export function plain(rich: Rich, options: PlainOptions = {}): string {
  if (typeof rich === 'string') return rich;
  return rich.map((piece) => plainInline(piece, options)).join('');
}

export function plainInline(piece: Inline, options: PlainOptions = {}): string {
  if (typeof piece === 'string') return piece;
  if ('time' in piece) return plainTime(piece, options.zone);
  if ('user' in piece) return piece.user.replace(/^[a-z]+:/, '@');
  return `${piece.label} (${piece.link})`;
}

/** `2026-12-08 14:05 UTC`, or in another zone `2026-12-08 15:05 CET`; dates alone without the clock. */
export function plainTime(piece: TimeInline, zone = 'UTC'): string {
  const date = new Date(piece.time);
  if (Number.isNaN(date.getTime())) return piece.time;
  if (zone === 'UTC') {
    const iso = date.toISOString();
    return piece.show === 'date' ? iso.slice(0, 10) : `${iso.slice(0, 16).replace('T', ' ')} UTC`;
  }
  const parts = localParts(date, zone);
  const two = (n: number) => String(n).padStart(2, '0');
  const day = `${parts.year}-${two(parts.month)}-${two(parts.day)}`;
  return piece.show === 'date'
    ? day
    : `${day} ${two(parts.hour)}:${two(parts.minute)} ${zoneName(date, zone)}`;
}

/**
 * The zone as people write it where English has a name for it (CET, CEST, EST, BST), else the offset
 * (`UTC+5:30`), which is never ambiguous; either way it changes with daylight saving time.
 */
function zoneName(date: Date, zone: string): string {
  for (const locale of ['en-GB', 'en-US']) {
    const name = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'short' })
      .formatToParts(date)
      .find((p) => p.type === 'timeZoneName')?.value;
    if (name && /^[A-Z]{2,5}$/.test(name) && name !== 'GMT') return name;
  }
  const offset = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'shortOffset' })
    .formatToParts(date)
    .find((p) => p.type === 'timeZoneName')?.value;
  return (offset ?? 'GMT').replace(/^GMT/, 'UTC');
}
