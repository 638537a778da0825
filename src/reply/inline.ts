import type { Inline, LinkInline, Rich, TimeInline, UserInline } from './model.js';

/** Builders, so replies read as what they say. */
export const at = (date: Date, show: TimeInline['show'] = 'datetime'): TimeInline => ({
  time: date.toISOString(),
  show,
});
export const mention = (user: string): UserInline => ({ user });
export const link = (label: string, url: string): LinkInline => ({ label, link: url });

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
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  const day = `${parts.year}-${parts.month}-${parts.day}`;
  return piece.show === 'date' ? day : `${day} ${parts.hour}:${parts.minute} ${parts.timeZoneName}`;
}
