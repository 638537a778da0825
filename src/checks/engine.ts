import type { IseAccess } from '../ise/access.js';
import type { SharedCollections, SharedSnapshot, SnapshotOrigin } from '../ise/snapshot/shared.js';
import type { Need, Snapshot } from '../ise/snapshot/types.js';
import type { Logger } from '../log.js';
import type { Clock } from '../util/time.js';
import { finding } from './finding.js';
import { type Check, type CheckContext, type Finding, STATUSES, type StatusCounts } from './types.js';

export interface CollectOptions {
  signal?: AbortSignal;
  log?: Logger;
  clock?: Clock;
  /** What the reading is doing that the people waiting should see (a login queued for a free session). */
  progress?: (text: string) => void;
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
  /** Whether this run read ISE itself, joined a read in flight or reused a recent one. */
  origin: SnapshotOrigin;
  /** True for the first run of each `key` among those that share this snapshot (history records it once). */
  first(key: string): boolean;
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
  /** The deployment's shared collections: the snapshot is read once for every run that asks meanwhile. */
  shared?: SharedCollections;
}

/** The union of what the selected checks need: `check ntp` reads only `show ntp` and the node list. */
export function needsOf(checks: readonly Check[]): Set<Need> {
  return new Set(checks.flatMap((c) => c.needs));
}

/** One collection for all selected checks, then every check over the same snapshot. */
export async function runEngine(options: EngineOptions): Promise<EngineRun> {
  const requestedAt = options.clock();
  const started = performance.now();
  const { snapshot, origin, first } = await collectShared(options, needsOf(options.checks), requestedAt);
  // A shared run started when its first request did: the history and "since the last run" see one run.
  const startedAt = origin.kind === 'own' ? requestedAt : origin.startedAt;
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
    origin,
    first,
  };
}

function collectShared(options: EngineOptions, needs: ReadonlySet<Need>, now: Date): Promise<SharedSnapshot> {
  const { access, collect, clock, log, signal, progress, shared } = options;
  const read = (signal: AbortSignal | undefined, progress: ((text: string) => void) | undefined) =>
    collect(access, needs, {
      clock,
      ...(signal === undefined ? {} : { signal }),
      ...(log === undefined ? {} : { log }),
      ...(progress === undefined ? {} : { progress }),
    });
  if (shared === undefined) {
    const claimed = new Set<string>();
    return read(signal, progress).then((snapshot) => ({
      snapshot,
      origin: { kind: 'own' },
      first: (key) => !claimed.has(key) && Boolean(claimed.add(key)),
    }));
  }
  return shared.join({
    collector: collect,
    needs,
    start: read,
    now,
    clock,
    ...(signal === undefined ? {} : { signal }),
    ...(progress === undefined ? {} : { progress }),
  });
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
