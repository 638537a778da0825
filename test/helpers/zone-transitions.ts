import { offsetAt } from '../../src/ise/java-zone-names.js';

const HOUR = 3_600_000;

/** Every instant in `year` at which `zone` changes its offset, found hour by hour then to the minute. */
export function transitions(zone: string, year: number): number[] {
  const out: number[] = [];
  for (let at = Date.UTC(year, 0, 1); at < Date.UTC(year + 1, 0, 1); at += HOUR) {
    if (offsetAt(zone, at) === offsetAt(zone, at + HOUR)) continue;
    let lo = at;
    let hi = at + HOUR;
    while (hi - lo > 60_000) {
      const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
      if (offsetAt(zone, mid) === offsetAt(zone, at)) lo = mid;
      else hi = mid;
    }
    out.push(hi);
  }
  return out;
}
