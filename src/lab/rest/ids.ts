import { createHash } from 'node:crypto';

/** A stable UUID-shaped id for a lab object, so ids survive lab restarts like real ISE's do. */
export function labId(...parts: string[]): string {
  const h = createHash('sha1').update(parts.join('/')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
