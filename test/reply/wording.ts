import { plain } from '../../src/reply/inline.js';
import { type Block, type Reply, SEVERITY_ORDER, type Section } from '../../src/reply/model.js';
import { countsText } from '../../src/reply/text.js';

/**
 * The wording rules every reply keeps (issue 18's classes of mistakes), as functions from a rendering
 * to the problems found: an empty list is a pass. Shared by the wording test and anyone adding a reply.
 */

/** ".:", ": :", "..", ".);" and friends: two stops or a stop and a colon where joined text met. */
export function punctuationProblems(text: string): string[] {
  const bad = /\.:|:\s*:|(?<!\.)\.\.(?![./])|\.\)[;,:]/;
  return lines(text)
    .filter((l) => bad.test(l.replace(/\.\.\./g, '…')))
    .map((l) => `punctuation: ${l}`);
}

const COUNTED =
  'entries|entry|files?|nodes?|items?|checks?|warnings?|certificates?|days?|hours?|minutes?|backups?|repositories|repository|subscriptions?|keys?|errors?|findings?|replies|reply|sections?|commands?|stores?|VMs?|runs?|times?';

/** "1 files", "2 node": a number with the wrong form of its noun. */
export function pluralProblems(text: string): string[] {
  // Up to two lower-case words may stand between: "1 audit entries", "2 host key".
  const one = new RegExp(`(?<![\\d.,:/-])\\b1 (?!of |in |on )(?:[a-z-]+ ){0,2}?(${COUNTED})\\b`, 'g');
  const many = new RegExp(`(?<![\\d.,:/-])\\b(0|[2-9]|\\d{2,}) (?:[a-z-]+ ){0,2}?(${COUNTED})\\b`, 'g');
  const out: string[] = [];
  for (const l of lines(text)) {
    for (const m of l.matchAll(one))
      if (/s$/.test(m[1] ?? '') && !['reply', 'entry'].includes(m[1] ?? '')) out.push(`"${m[0]}": ${l}`);
    for (const m of l.matchAll(many)) {
      const noun = m[2] ?? '';
      if (!/s$/.test(noun) || ['reply', 'repository', 'entry'].includes(noun)) out.push(`"${m[0]}": ${l}`);
    }
  }
  return out;
}

/** "46.9 GB of 391 GB, 46.9 GB of 391 GB": one value twice in one line. */
export function duplicateValueProblems(text: string): string[] {
  const out: string[] = [];
  for (const l of lines(text)) {
    const parts = l
      .split(/[,;]\s+|:\s+|\s+(?:and|·)\s+/)
      .map((p) => p.trim().replace(/[.)]+$/, ''))
      .filter((p) => p.length >= 4 && /\d/.test(p));
    const seen = new Set<string>();
    for (const p of parts) {
      if (seen.has(p)) out.push(`"${p}" twice: ${l}`);
      seen.add(p);
    }
  }
  return out;
}

/** A date and clock time with no zone after it (a `Rich` time piece always renders one). */
export function zoneProblems(text: string): string[] {
  const zone = String.raw`\s*(?:UTC|GMT|Z\b|[A-Z]{3,5}\b|[+-]\d{2}:?\d{2})`;
  const stamped = new RegExp(
    String.raw`\b\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?![\d:])(?!${zone})`,
  );
  const clock = new RegExp(String.raw`\bat \d{1,2}:\d{2}(?![\d:])(?!${zone})`);
  return lines(text)
    .filter((l) => stamped.test(l) || clock.test(l))
    .map((l) => `time without a zone: ${l}`);
}

/** Field labels and table columns start with a capital (or a code span / number). */
export function labelProblems(reply: Reply): string[] {
  const out: string[] = [];
  for (const s of reply.sections) {
    for (const b of s.blocks) {
      if (b.type === 'fields')
        for (const f of b.fields) if (!/^[A-Z0-9`]/.test(f.label)) out.push(`field label "${f.label}"`);
      if (b.type === 'table')
        for (const c of b.columns) if (!/^[A-Z0-9`]/.test(c)) out.push(`table column "${c}"`);
    }
  }
  return out;
}

/**
 * The same sentence twice where one reader reads it at once: within the head (title, counts, lead),
 * within one section, or in the head and again in a section; a sentence of 25 characters or more
 * counts also when it sits inside another piece (a summary that quotes its evidence line in brackets).
 * Sections do not count against each other (two manual items may rightly both say "check by hand"),
 * nor a detail section against the section it details (chat shows it in a thread, behind "Show details").
 */
export function repeatProblems(reply: Reply): string[] {
  const head = [reply.title, reply.counts ? countsText(reply.counts) : '', reply.lead ?? ''].filter(
    (p) => p !== '',
  );
  const out = repeatsIn(head).map((c) => `repeated in the head: "${c}"`);
  for (const s of reply.sections) {
    const own = sectionTexts(s);
    const where = s.title ?? '(untitled)';
    const within = repeatsIn(own);
    out.push(...within.map((c) => `repeated in section ${where}: "${c}"`));
    if (!s.detail) {
      const again = repeatsIn([...head, ...own]).filter((c) => !within.includes(c));
      out.push(...again.map((c) => `said in the head and again in ${where}: "${c}"`));
    }
  }
  return [...new Set(out)];
}

/**
 * The counts once and in SEVERITY_ORDER: the counts line appears exactly once, and no other count
 * phrase of a status appears anywhere else in the rendering.
 */
export function countProblems(reply: Reply, rendering: string, separator = ' · '): string[] {
  if (!reply.counts) return [];
  const line = countsText(reply.counts, separator);
  const out: string[] = [];
  const phrase =
    /\b\d+ (blocking|not read|warnings?|to confirm by hand|for information|passed|fail|warn|error|manual|info|pass)\b/g;
  const times = rendering.split(line).length - 1;
  if (line !== '' && times !== 1) out.push(`the counts "${line}" ${times} times`);
  const rest = rendering.replace(line, '');
  for (const m of rest.matchAll(phrase)) out.push(`a count outside the counts line: "${m[0]}"`);
  const words = ['blocking', 'not read', 'warning', 'to confirm by hand', 'for information', 'passed'];
  const order = words
    .map((w, i) => ({ i, at: line.indexOf(w) }))
    .filter((x) => x.at >= 0)
    .sort((a, b) => a.at - b.at)
    .map((x) => SEVERITY_ORDER[x.i]);
  const expected = SEVERITY_ORDER.filter((s) => (reply.counts?.[s] ?? 0) > 0);
  if (order.join() !== expected.join()) out.push(`counts not in SEVERITY_ORDER: ${line}`);
  return out;
}

/** The reply without the sections (and passed lines) of some checks: for known problems owned elsewhere. */
export function withoutChecks(reply: Reply, ids: readonly string[]): Reply {
  const findings = (reply.data?.findings ?? []) as Array<{ id: string; title: string }>;
  const titles = findings.filter((f) => ids.includes(f.id)).map((f) => f.title);
  if (titles.length === 0) return reply;
  const mine = (text: string) => titles.some((t) => text === t || text.startsWith(`${t}: `));
  const sections = reply.sections
    .filter((s) => !(s.title && mine(s.title)))
    .map((s) => ({
      ...s,
      blocks: s.blocks.map(
        (b): Block => (b.type === 'list' ? { ...b, items: b.items.filter((i) => !mine(plain(i))) } : b),
      ),
    }));
  return { ...reply, sections };
}

function sectionTexts(s: Section): string[] {
  const out = s.title ? [s.title] : [];
  for (const b of s.blocks) {
    if (b.type === 'text') out.push(plain(b.text));
    if (b.type === 'list') out.push(...b.items.map((i) => plain(i)));
    if (b.type === 'fields') out.push(...b.fields.map((f) => plain(f.value)));
  }
  return out;
}

/** Sentences of 25 characters or more said twice among `pieces`, or said in one and inside another. */
function repeatsIn(pieces: readonly string[]): string[] {
  const norm = (x: string) => x.trim().toLowerCase().replace(/\s+/g, ' ');
  const sentencesOf = (piece: string) =>
    piece
      .split(/(?<=[.!?])\s+|\n/)
      .map((x) => norm(x).replace(/[.:,;]+$/, ''))
      .filter((x) => x.length >= 25);
  const texts = pieces.map(norm);
  const twice = new Set<string>();
  pieces.forEach((piece, i) => {
    const own = sentencesOf(piece);
    own.forEach((x, k) => {
      if (own.indexOf(x) !== k) twice.add(x);
      if (texts.some((other, j) => j !== i && other.includes(x))) twice.add(x);
    });
  });
  return [...twice];
}

function lines(text: string): string[] {
  return text.split('\n').filter((l) => l.trim() !== '');
}
