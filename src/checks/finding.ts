import type { Sourced } from '../ise/snapshot/types.js';
import type { Check, Finding, FindingStatus } from './types.js';

/** The parts of a finding every outcome of one check shares. */
export type Base = Pick<Check, 'id' | 'title' | 'section'>;

export interface Outcome {
  status: FindingStatus;
  summary: string;
  remediation: string;
  nodes?: string[];
  evidence?: string[];
  /** How many leading evidence lines are faulty ({@link faultyFirst} gives both). */
  faulty?: number;
  table?: Finding['table'];
}

export function finding(base: Base, outcome: Outcome): Finding {
  return {
    id: base.id,
    title: base.title,
    status: outcome.status,
    summary: outcome.summary,
    nodes: outcome.nodes ?? [],
    evidence: outcome.evidence ?? [],
    ...(outcome.faulty === undefined
      ? {}
      : { faulty: Math.max(0, Math.min(outcome.faulty, outcome.evidence?.length ?? 0)) }),
    remediation: outcome.remediation,
    section: base.section,
    ...(outcome.table === undefined ? {} : { table: outcome.table }),
  };
}

/** How to get a fact by hand, for when ISE has no API for it on this release. */
export interface ManualHint {
  /** What to look at, with the menu path or CLI command. */
  look: string;
}

export type Read<T> =
  | { ok: true; value: T; source: string; gaps: string[]; notes: string[] }
  | { ok: false; finding: Finding };

/**
 * A snapshot part as a value, or the finding that replaces the check's verdict: `error` (with the cause)
 * when the read failed or never happened, `manual` (with what to look at) when the release has no API.
 */
export function read<T>(
  base: Base,
  part: Sourced<T> | undefined,
  what: string,
  hint: ManualHint,
  fixAccess = 'Check the bot can reach the PAN with the configured REST account (the ERS and OpenAPI admin roles), then run the check again.',
): Read<T> {
  if (part === undefined) {
    return {
      ok: false,
      finding: finding(base, {
        status: 'error',
        summary: `The ${what} were not read in this run.`,
        evidence: [`no ${what} in the snapshot`],
        remediation: `This is a bot fault, not an ISE one: please report it. Meanwhile: ${hint.look}`,
      }),
    };
  }
  if (part.state === 'error') {
    return {
      ok: false,
      finding: finding(base, {
        status: 'error',
        summary: `Could not read the ${what}: ${part.error}`,
        evidence: [`${part.source}: ${part.error}`],
        remediation: fixAccess,
      }),
    };
  }
  if (part.state === 'unavailable') {
    return {
      ok: false,
      finding: finding(base, {
        status: 'manual',
        summary: `Check by hand: the bot cannot read the ${what} on this deployment.`,
        evidence: [part.reason],
        remediation: hint.look,
      }),
    };
  }
  return { ok: true, value: part.value, source: part.source, gaps: part.gaps ?? [], notes: part.notes ?? [] };
}

/**
 * A verdict reached on a part that was read only in part: what was not read is shown, and a `pass` becomes
 * `error`, since the pieces not read could hold what fails it. A `fail` or `warn` stands: it was read.
 */
export function withGaps(
  f: Finding,
  part: { gaps: readonly string[]; notes: readonly string[] },
  what: string,
): Finding {
  if (part.gaps.length === 0 && part.notes.length === 0) return f;
  // What was not read counts with the faulty lines, so a short form shows it before the healthy ones.
  const gaps = part.gaps.map((g) => `not read: ${g}`);
  const lead = f.faulty ?? 0;
  const evidence =
    f.faulty === undefined
      ? [...f.evidence, ...part.notes, ...gaps]
      : [...f.evidence.slice(0, lead), ...gaps, ...f.evidence.slice(lead), ...part.notes];
  const faulty = f.faulty === undefined ? {} : { faulty: lead + gaps.length };
  if (f.status !== 'pass' || part.gaps.length === 0) return { ...f, evidence, ...faulty };
  return {
    ...f,
    ...faulty,
    status: 'error',
    summary: `Part of the ${what} could not be read, so this is not a pass: ${part.gaps.length === 1 ? part.gaps[0] : `${part.gaps.length} pieces, see the evidence`}. On what was read: ${f.summary}`,
    evidence,
    remediation:
      'Check the bot can read every policy set and policy kind with the configured REST account (Open API enabled, an account with the ERS and Open API admin roles), then run the check again.',
  };
}

/** The worst of several statuses: what blocks the upgrade outranks what could not be read, and so on. */
const RANK: Record<FindingStatus, number> = { fail: 5, error: 4, warn: 3, manual: 2, info: 1, pass: 0 };

export function worst(statuses: readonly FindingStatus[], fallback: FindingStatus = 'pass'): FindingStatus {
  return statuses.reduce<FindingStatus>((w, s) => (RANK[s] > RANK[w] ? s : w), fallback);
}

export function rank(status: FindingStatus): number {
  return RANK[status];
}

/** "ise-psn1, ise-psn2 and ise-psn3". */
export function names(items: readonly string[], max = 5): string {
  if (items.length === 0) return 'none';
  const shown = items.slice(0, max);
  const more = items.length - shown.length;
  if (more > 0) return `${shown.join(', ')} and ${more} more`;
  if (shown.length === 1) return shown[0] ?? '';
  return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

/**
 * A list of names written once and short: up to `max` in full ("ise-psn1, ise-psn2, ise-psn3"), past
 * that the count, the first three and the last ("54 nodes: ise-psn01, ise-psn02, ise-psn03 … ise-psn54").
 */
export function collapsed(items: readonly string[], noun = 'node', max = 8): string {
  if (items.length <= max) return items.join(', ');
  return `${plural(items.length, noun)}: ${items.slice(0, 3).join(', ')} … ${items[items.length - 1]}`;
}

/** One evidence line and what it says: `pass` (or `info`) when nothing is wrong with its node or item. */
export interface EvidenceLine {
  line: string;
  status: FindingStatus;
}

const healthy = (status: FindingStatus) => status === 'pass' || status === 'info';

/**
 * Evidence ordered so the lines behind the verdict come first: the worst status first (fail, error, warn,
 * manual), each status in the order given (ISE's), then the healthy lines in their order. `faulty` counts
 * the lines before the healthy ones; spread the result into a finding's outcome.
 */
export function faultyFirst(lines: readonly EvidenceLine[]): { evidence: string[]; faulty: number } {
  const weight = (s: FindingStatus) => (healthy(s) ? 0 : RANK[s]);
  const sorted = lines
    .map((l, i) => ({ l, i }))
    .sort((a, b) => weight(b.l.status) - weight(a.l.status) || a.i - b.i);
  return {
    evidence: sorted.map(({ l }) => l.line),
    faulty: lines.filter((l) => !healthy(l.status)).length,
  };
}

/**
 * The evidence of a node-based check: one line per item, judged by `judge` (`true` is `fail`, `false`
 * is `pass`), faulty first. Every check whose evidence is about nodes builds it with this or
 * {@link faultyFirst}.
 */
export function evidenceFor<T>(
  items: readonly T[],
  judge: (item: T) => FindingStatus | boolean,
  line: (item: T) => string,
): { evidence: string[]; faulty: number } {
  return faultyFirst(
    items.map((item) => {
      const j = judge(item);
      return { line: line(item), status: j === true ? 'fail' : j === false ? 'pass' : j };
    }),
  );
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Bytes as GB the way VMware and ISE size disks (GiB, printed "GB"). */
export function gb(bytes: number): string {
  const value = bytes / 1024 ** 3;
  return `${value >= 100 ? Math.round(value) : Math.round(value * 10) / 10} GB`;
}

/** An instant as an admin reads it, always in UTC so every reader sees the same text. */
export function utc(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

const DAY = 86_400_000;

/**
 * Whole days from `now` to `date`, rounded down: 7 days 23 hours is 7, the last day is 0, and -1 during
 * the first day after. From instants, so no time zone can shift it. The one definition: readiness
 * findings, the `certs` listing and every expiry warning (title and body) count days with it.
 */
export function daysLeft(date: Date, now: Date): number {
  return Math.floor((date.getTime() - now.getTime()) / DAY);
}

/** The gaps and notes of several parts together, for {@link withGaps}. */
export function gapsOf(...parts: ReadonlyArray<Sourced<unknown> | undefined>): {
  gaps: string[];
  notes: string[];
} {
  const ok = parts.filter((p): p is Extract<Sourced<unknown>, { state: 'ok' }> => p?.state === 'ok');
  return { gaps: ok.flatMap((p) => p.gaps ?? []), notes: ok.flatMap((p) => p.notes ?? []) };
}
