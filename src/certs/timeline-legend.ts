import { diamond, line, text, textWidth } from '../reply/charts/svg.js';
import { EXPIRED_RUNG } from './ladder.js';

/** The timeline's colours and its legend: one colour per ladder rung, so the picture speaks the warnings' language. */

export const TODAY = '#1f2328';
export const UPGRADE = '#2563eb';
const FINE = '#2e9e57';
const SUBTLE = '#59636e';
const EXPIRED_COLOUR = '#6e1212';
/** Warm colours, most urgent first: the smallest rung gets the first. */
const RUNG_COLOURS = ['#b4231f', '#d9342b', '#ea5a2a', '#f07f22', '#f29c1f', '#e7b416', '#d6c94a'];

/** A swatch per rung: expired, each warning rung (days left at most), and "fine" past the last. */
export function legend(
  x: number,
  ladder: readonly number[],
  colour: (rung: number | undefined) => string,
  y: number,
  upgrade: boolean,
): string[] {
  const items: Array<[string, string]> = [
    ['expired', colour(EXPIRED_RUNG)],
    ...[...ladder].reverse().map((r): [string, string] => [`≤ ${r} d`, colour(r)]),
    [`> ${ladder[0] ?? 0} d`, colour(undefined)],
  ];
  const out = [text(x, y + 10, 'Days left (warning rungs):', { size: 12, fill: SUBTLE })];
  let lx = x + textWidth('Days left (warning rungs):', 12) + 10;
  for (const [label, fill] of items) {
    out.push(diamond(lx + 6, y + 6, 6, fill));
    out.push(text(lx + 16, y + 10, label, { size: 12 }));
    lx += 16 + textWidth(label, 12) + 14;
  }
  lx += 10;
  out.push(line(lx, y - 2, lx, y + 14, TODAY, { width: 2 }));
  out.push(text(lx + 6, y + 10, 'today', { size: 12 }));
  if (!upgrade) return out;
  lx += 6 + textWidth('today', 12) + 16;
  out.push(line(lx, y - 2, lx, y + 14, UPGRADE, { width: 2, dash: '4 3' }));
  out.push(text(lx + 6, y + 10, 'planned upgrade', { size: 12 }));
  return out;
}

/** Expired darkest; the smallest rung the most urgent warm colour; past the ladder green. */
export function rungColours(ladder: readonly number[]): (rung: number | undefined) => string {
  const ascending = [...ladder].sort((a, b) => a - b);
  const last = RUNG_COLOURS.length - 1;
  return (rung) => {
    if (rung === undefined) return FINE;
    if (rung === EXPIRED_RUNG) return EXPIRED_COLOUR;
    const i = ascending.indexOf(rung);
    const at = ascending.length <= 1 ? 0 : Math.round((Math.max(0, i) * last) / (ascending.length - 1));
    return RUNG_COLOURS[at] as string;
  };
}
