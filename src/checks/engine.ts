import type { IseAccess } from '../ise/access.js';
import type { Need, Snapshot } from '../ise/snapshot/types.js';
import type { Logger } from '../log.js';
import type { Clock } from '../util/time.js';
import { finding } from './finding.js';
import { type Check, type CheckContext, type Finding, STATUSES, type StatusCounts } from './types.js';

export interface CollectOptions {
  signal?: AbortSignal;
  log?: Logger;
  clock?: Clock;
}

/** The collector's signature (src/ise/snapshot/collect.ts); injected so tests can hand in snapshots. */
export type CollectSnapshot = (
  access: IseAccess,
  needs: ReadonlySet<Need>,
  options: CollectOptions,
) => Promise<Snapshot>;

export interface EngineRun {
  snapshot: Snapshot;
  context: CheckContext;
  findings: Finding[];
  summary: StatusCounts;
  startedAt: Date;
  durationMs: number;
  timings: { collectMs: number; checksMs: number; perCheckMs: Record<string, number> };
}

export interface EngineOptions {
  access: IseAccess;
  checks: readonly Check[];
  collect: CollectSnapshot;
  /** The check context once the snapshot is in: the target depends on the release it read. */
  contextFor: (snapshot: Snapshot) => CheckContext;
  clock: Clock;
  signal?: AbortSignal;
  log?: Logger;
  progress?: (text: string) => void;
}

/** The union of what the selected checks need: `check ntp` reads only `show ntp` and the node list. */
export function needsOf(checks: readonly Check[]): Set<Need> {
  return new Set(checks.flatMap((c) => c.needs));
}

/** One collection for all selected checks, then every check over the same snapshot. */
export async function runEngine(options: EngineOptions): Promise<EngineRun> {
  const startedAt = options.clock();
  const started = performance.now();
  const needs = needsOf(options.checks);
  const snapshot = await options.collect(options.access, needs, {
    clock: options.clock,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.log === undefined ? {} : { log: options.log }),
  });
  const collectMs = Math.round(performance.now() - started);
  options.progress?.(
    `running ${options.checks.length === 1 ? '1 check' : `${options.checks.length} checks`}…`,
  );
  const context = options.contextFor(snapshot);
  const checksStarted = performance.now();
  const { findings, perCheckMs } = evaluateAll(snapshot, options.checks, context, options.log);
  const checksMs = Math.round(performance.now() - checksStarted);
  return {
    snapshot,
    context,
    findings,
    summary: countStatuses(findings),
    startedAt,
    durationMs: Math.round(performance.now() - started),
    timings: { collectMs, checksMs, perCheckMs },
  };
}

/**
 * Runs each check; one that throws anyway (a bug on data nobody foresaw) becomes an `error` finding
 * for that check alone, so the report is still whole.
 */
export function evaluateAll(
  snapshot: Snapshot,
  checks: readonly Check[],
  context: CheckContext,
  log?: Logger,
): { findings: Finding[]; perCheckMs: Record<string, number> } {
  const perCheckMs: Record<string, number> = {};
  const findings = checks.map((check) => {
    const t0 = performance.now();
    try {
      return check.evaluate(snapshot, context);
    } catch (error) {
      log?.error({ err: error, check: check.id }, 'check crashed');
      return finding(check, {
        status: 'error',
        summary: `The check itself failed on unexpected data: ${(error as Error).message}`,
        evidence: [String((error as Error).message)],
        remediation:
          'This is a bot fault: please report it with the bot log. The rest of the report is unaffected.',
      });
    } finally {
      perCheckMs[check.id] = Math.round((performance.now() - t0) * 1000) / 1000;
    }
  });
  return { findings, perCheckMs };
}

export function countStatuses(findings: readonly Finding[]): StatusCounts {
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as StatusCounts;
  for (const f of findings) counts[f.status]++;
  return counts;
}
