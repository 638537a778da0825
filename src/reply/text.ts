import { type PlainOptions, plain } from './inline.js';
import {
  type Block,
  type FindingStatus,
  type Reply,
  type ReplyImage,
  type ReplyStatus,
  SEVERITY_ORDER,
  type Section,
  type StatusCounts,
} from './model.js';

const STATUS_MARK: Record<ReplyStatus, string> = {
  ok: '✔',
  info: 'ℹ',
  warn: '⚠',
  fail: '✖',
  error: '✖',
  denied: '⛔',
  confirm: '?',
};

const SECTION_MARK: Record<string, string> = {
  pass: '✔',
  warn: '⚠',
  fail: '✖',
  error: '!',
  manual: '☐',
  info: 'ℹ',
};

export interface TextOptions {
  /** ANSI colours for a terminal; off for pipes and files. */
  color?: boolean;
  /**
   * Include `detail` sections. Off by default: like the main chat message, the text shows each finding
   * with a short evidence list and a pointer to `check <id>`; the details would repeat it at length.
   */
  details?: boolean;
  /** IANA zone to show times in, always named (`display.timezone`; default UTC). */
  zone?: string;
  /** How a picture is mentioned; by default its name and how to get it (the CLI's `--png FILE`). */
  picture?: (image: ReplyImage, index: number) => string;
}

/** Plain text for the console and the CLI. */
export function renderText(reply: Reply, options: TextOptions = {}): string {
  const paint = painter(options.color ?? false);
  const zone = { zone: options.zone ?? 'UTC' };
  const out: string[] = [paint.bold(`${STATUS_MARK[reply.status]} ${reply.title}`)];
  const counts = reply.counts ? countsText(reply.counts) : '';
  if (counts) out.push(counts);
  if (reply.lead) out.push(reply.lead);
  const shown = options.details ? reply.sections : reply.sections.filter((s) => !s.detail);
  for (const s of shown) out.push('', ...renderSection(s, paint, zone));
  const hidden = reply.sections.length - shown.length;
  if (hidden > 0) {
    out.push(
      '',
      paint.dim(
        `(${hidden} detail section${hidden === 1 ? '' : 's'} not shown: add --details, or see the JSON form)`,
      ),
    );
  }
  if (reply.actions.length > 0) {
    out.push('', ...reply.actions.map((a) => `  [${a.label}] → ${a.command}`));
  }
  const pictures = (reply.images ?? []).map(
    (image, i) => options.picture?.(image, i) ?? `picture: ${image.name} (use --png FILE)`,
  );
  if (pictures.length > 0) out.push('', ...pictures.map((p) => paint.dim(p)));
  const context = contextLine(reply);
  if (context) out.push('', paint.dim(context));
  return `${out.join('\n')}\n`;
}

function renderSection(s: Section, paint: Painter, zone: PlainOptions): string[] {
  const lines: string[] = [];
  if (s.title) lines.push(paint.bold(s.status ? `${SECTION_MARK[s.status] ?? ''} ${s.title}` : s.title));
  for (const b of s.blocks) lines.push(...renderBlock(b, zone));
  return lines;
}

function renderBlock(b: Block, zone: PlainOptions): string[] {
  switch (b.type) {
    case 'text':
      return plain(b.text, zone)
        .split('\n')
        .map((l) => `  ${l}`);
    case 'list':
      return b.items.map((i) => `  • ${plain(i, zone)}`);
    case 'fields': {
      const width = Math.max(...b.fields.map((f) => f.label.length));
      return b.fields.map((f) => `  ${`${f.label}:`.padEnd(width + 1)} ${plain(f.value, zone)}`);
    }
    case 'table':
      return renderTable(b.columns, b.rows);
  }
}

function renderTable(columns: string[], rows: string[][]): string[] {
  const widths = columns.map((c, i) => Math.max(c.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    `  ${cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd()}`;
  return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

/** How each status is counted in words: "2 blocking", "1 not read", "3 warnings"... */
const COUNT_WORDS: Record<FindingStatus, (n: number) => string> = {
  fail: (n) => `${n} blocking`,
  error: (n) => `${n} not read`,
  warn: (n) => `${n} ${n === 1 ? 'warning' : 'warnings'}`,
  manual: (n) => `${n} to confirm by hand`,
  info: (n) => `${n} for information`,
  pass: (n) => `${n} passed`,
};

/**
 * The counts of a reply in words, in SEVERITY_ORDER, zeros left out: "2 blocking · 1 not read · 3
 * warnings · 6 to confirm by hand · 20 passed". Every renderer says a reply's counts with this, once.
 */
export function countsText(counts: StatusCounts, separator = ' · '): string {
  return countPhrases(counts)
    .map((c) => c.text)
    .join(separator);
}

/** The same counts as phrases with their status, for renderers that mark each one (an emoji, a colour). */
export function countPhrases(counts: StatusCounts): Array<{ status: FindingStatus; text: string }> {
  return SEVERITY_ORDER.filter((s) => counts[s] > 0).map((s) => ({
    status: s,
    text: COUNT_WORDS[s](counts[s]),
  }));
}

/**
 * Parts of a text as sentences: each ends with one full stop (or its own ! ? …), a trailing colon
 * becomes a stop, so joining never gives ".:" or "..".
 */
export function sentences(parts: ReadonlyArray<string | undefined | false>): string {
  return parts
    .map((p) => (typeof p === 'string' ? p.trim() : ''))
    .filter((p) => p !== '')
    .map((p) => {
      const bare = p.replace(/[\s:;,]+$/, '');
      return /[.!?…]$/.test(bare) ? bare : `${bare}.`;
    })
    .join(' ');
}

/**
 * A reply in one plain line or two: the title, its counts and the lead, as sentences. What a notification
 * preview, a screen reader or a client without blocks shows (Slack `text`, a Teams card's fallback).
 */
export function fallbackText(reply: Reply): string {
  const counts = reply.counts ? countsText(reply.counts, ', ') : '';
  return sentences([reply.title, counts, reply.lead]);
}

export function contextLine(reply: Reply): string {
  const c = reply.context;
  const parts = [
    c.deployment && `deployment ${c.deployment}`,
    c.target && `target ${c.target}`,
    c.durationMs !== undefined && formatDuration(c.durationMs),
    c.correlationId && `ref ${c.correlationId}`,
  ].filter(Boolean);
  return parts.join(' · ');
}

interface Painter {
  bold(s: string): string;
  dim(s: string): string;
}

function painter(color: boolean): Painter {
  if (!color) return { bold: (s) => s, dim: (s) => s };
  return { bold: (s) => `\x1b[1m${s}\x1b[22m`, dim: (s) => `\x1b[2m${s}\x1b[22m` };
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}
