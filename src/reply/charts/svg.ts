import { createHash } from 'node:crypto';
import { renderAsync } from '@resvg/resvg-js';
import { Semaphore } from '../../util/semaphore.js';
import type { ReplyImage } from '../model.js';

/**
 * The few SVG pieces the charts draw with, as strings: no DOM, no browser. Every text that may come from
 * ISE goes through `esc` (a certificate's friendly name is whatever an admin typed into ISE).
 */

/** XML-escapes text and attribute values; control characters (not allowed in XML 1.0) become spaces. */
export function esc(value: string): string {
  return (
    value
      // biome-ignore lint/suspicious/noControlCharactersInRegex: XML 1.0 forbids exactly these characters.
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, ' ')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}

export const FONT = 'DejaVu Sans, Verdana, Arial, sans-serif';

export interface TextStyle {
  size?: number;
  weight?: 'bold' | 'normal';
  fill?: string;
  anchor?: 'start' | 'middle' | 'end';
  /** Degrees, about the text's own anchor point. */
  rotate?: number;
}

export function text(x: number, y: number, value: string, style: TextStyle = {}): string {
  const { size = 12, weight = 'normal', fill = '#1f2328', anchor = 'start', rotate } = style;
  const turn = rotate === undefined ? '' : ` transform="rotate(${rotate} ${n(x)} ${n(y)})"`;
  return `<text x="${n(x)}" y="${n(y)}" font-size="${size}" font-weight="${weight}" fill="${fill}" text-anchor="${anchor}"${turn}>${esc(value)}</text>`;
}

export function rect(
  x: number,
  y: number,
  width: number,
  height: number,
  fill: string,
  extra: { stroke?: string; rx?: number; opacity?: number } = {},
): string {
  const stroke = extra.stroke ? ` stroke="${extra.stroke}" stroke-width="1"` : '';
  const rx = extra.rx ? ` rx="${extra.rx}"` : '';
  const opacity = extra.opacity === undefined ? '' : ` fill-opacity="${extra.opacity}"`;
  return `<rect x="${n(x)}" y="${n(y)}" width="${n(Math.max(0, width))}" height="${n(Math.max(0, height))}" fill="${fill}"${rx}${stroke}${opacity}/>`;
}

export function line(
  x1: number,
  y1: number,
  x2: number,
  y2: number,
  stroke: string,
  extra: { width?: number; dash?: string } = {},
): string {
  const dash = extra.dash ? ` stroke-dasharray="${extra.dash}"` : '';
  return `<line x1="${n(x1)}" y1="${n(y1)}" x2="${n(x2)}" y2="${n(y2)}" stroke="${stroke}" stroke-width="${extra.width ?? 1}"${dash}/>`;
}

/** A diamond centred on (x, y): the mark of one expiry. */
export function diamond(x: number, y: number, r: number, fill: string, stroke = '#ffffff'): string {
  const points = [
    [x, y - r],
    [x + r, y],
    [x, y + r],
    [x - r, y],
  ]
    .map(([px, py]) => `${n(px as number)},${n(py as number)}`)
    .join(' ');
  return `<polygon points="${points}" fill="${fill}" stroke="${stroke}" stroke-width="1"/>`;
}

/** A whole document: white background, one font for everything, the given pieces in order. */
export function svgDocument(width: number, height: number, parts: readonly string[], title: string): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT}">`,
    `<title>${esc(title)}</title>`,
    rect(0, 0, width, height, '#ffffff'),
    ...parts,
    '</svg>',
  ].join('\n');
}

/**
 * Advance widths of DejaVu Sans in em (its hmtx table, 2048 units), so labels can be shortened before
 * drawing: the renderer measures nothing for us. Other characters count as a wide 0.7 em.
 */
const EM: Record<string, number> = {};
const widths: Array<[string, number]> = [
  [' .,·', 0.318],
  ['iljI', 0.278],
  [':;!|', 0.337],
  ["'", 0.275],
  ['-/', 0.361],
  ['()[]{}', 0.39],
  ['ftr', 0.4],
  ['sz', 0.523],
  ['c‹›', 0.55],
  ['kvxyL', 0.58],
  ['abdeghnopquFSPTYEZ0123456789', 0.635],
  ['_', 0.5],
  ['ABKRVX', 0.69],
  ['CDGHNOQU', 0.76],
  ['w', 0.818],
  ['mM', 0.97],
  ['W', 0.99],
  ['=×≤>+<', 0.838],
  ['…', 1],
];
for (const [chars, em] of widths) for (const ch of chars) EM[ch] = em;

/** Width of `value` in px at `size` px (DejaVu Sans, a touch generous). */
export function textWidth(value: string, size: number, bold = false): number {
  let em = 0;
  for (const ch of value) em += EM[ch] ?? 0.7;
  return em * size * (bold ? 1.12 : 1.02);
}

/** `value`, cut with an ellipsis so it fits `width` px at `size` px. */
export function clipToWidth(value: string, width: number, size: number, bold = false): string {
  if (textWidth(value, size, bold) <= width) return value;
  const chars = [...value];
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (textWidth(`${chars.slice(0, mid).join('')}…`, size, bold) <= width) lo = mid;
    else hi = mid - 1;
  }
  return `${chars.slice(0, lo).join('').trimEnd()}…`;
}

/** Numbers in attributes: at most one decimal, so the document stays small and stable. */
function n(value: number): string {
  return String(Math.round(value * 10) / 10);
}

/** One drawing at a time: each holds its pixmap and the loaded system fonts (tens of MB). */
const drawing = new Semaphore(1);
/** Pictures drawn lately, by their SVG: twenty people asking at once for the same report get one drawing. */
const recent = new Map<string, Promise<Drawn>>();
const RECENT_PICTURES = 8;

interface Drawn {
  png: Uint8Array;
  width: number;
  height: number;
}

/**
 * Renders the SVG to PNG off the main thread (resvg's worker), with the machine's fonts: DejaVu Sans
 * where installed, else the first sans-serif the system has.
 */
export async function renderPng(
  svg: string,
  meta: Pick<ReplyImage, 'name' | 'title' | 'alt'>,
): Promise<ReplyImage> {
  const key = createHash('sha256').update(svg).digest('hex');
  let pending = recent.get(key);
  if (pending === undefined) {
    pending = drawing.run(() => draw(svg));
    recent.set(key, pending);
    pending.catch(() => recent.delete(key));
    for (const old of recent.keys()) {
      if (recent.size <= RECENT_PICTURES) break;
      recent.delete(old);
    }
  }
  return { ...meta, ...(await pending) };
}

async function draw(svg: string): Promise<Drawn> {
  const image = await renderAsync(svg, {
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
    background: '#ffffff',
    logLevel: 'off',
  });
  return { png: new Uint8Array(image.asPng()), width: image.width, height: image.height };
}
