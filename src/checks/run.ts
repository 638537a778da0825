import { randomUUID } from 'node:crypto';
import { UsageError } from '../errors.js';
import type { IseRelease } from '../ise/release.js';
import type { Services } from '../services.js';
import type { ReadinessRun } from '../store/runs.js';
import { applyAcks, releaseKey } from './acks.js';
import { CATALOGUE } from './catalogue.js';
import { type Changes, compareRuns } from './changes.js';
import { type CollectSnapshot, countStatuses, type EngineRun, runEngine } from './engine.js';
import { adminBase } from './guide-links.js';
import { RELEASES, targetRelease } from './releases.js';
import { chooseTarget, type TargetChoice } from './target.js';
import type { Check } from './types.js';

/** CHECKS.md: certificates expiring within this many days warn. */
export const DEFAULT_CERT_WARNING_DAYS = 60;

export interface ReadinessRequest {
  services: Services;
  collect: CollectSnapshot;
  deployment?: string;
  /** `--target`; validated against the releases table. */
  target?: string;
  checks?: readonly Check[];
  actor: string;
  trigger: ReadinessRun['trigger'];
  /** Record the run in the history (a full `readiness`; not `check <id>`). */
  record: boolean;
  signal?: AbortSignal;
  progress?: (text: string) => void;
}

export interface ReadinessOutcome extends Omit<EngineRun, 'first'> {
  deployment: string;
  target: TargetChoice;
  release?: IseRelease;
  /** The run before this one, and what changed since. */
  previous?: { at: Date; actor: string; changes: Changes };
  /** Why acks or history could not be used; the report says so rather than failing. */
  notes: string[];
  /** `https://<pan>/admin/`: findings link the admin page where their fix is made. */
  adminBase?: string;
}

/** A readiness run end to end: collect, check, apply acks, compare with and record history. */
export async function runReadiness(request: ReadinessRequest): Promise<ReadinessOutcome> {
  const { services } = request;
  if (request.target !== undefined && targetRelease(RELEASES, request.target) === undefined) {
    throw new UsageError(
      `The bot knows no upgrade to ISE ${request.target}.`,
      `Known targets: ${RELEASES.targets.map((t) => t.release).join(', ')}.`,
    );
  }
  const access = services.deployments.get(request.deployment);
  const checks = request.checks ?? CATALOGUE;
  let choice: TargetChoice = { origin: 'none' };
  request.progress?.(
    `reading ${access.name} for ${checks.length === 1 ? 'one check' : `${checks.length} checks`}…`,
  );
  const run = await runEngine({
    access,
    checks,
    collect: request.collect,
    shared: services.deployments.snapshots(access.name),
    clock: services.clock,
    log: services.log,
    ...(request.signal === undefined ? {} : { signal: request.signal }),
    ...(request.progress === undefined ? {} : { progress: request.progress }),
    contextFor: (snapshot) => {
      choice = chooseTarget(RELEASES, snapshot.release, request.target, access.config.target);
      return {
        ...(choice.target === undefined ? {} : { target: choice.target }),
        ...(choice.problem === undefined ? {} : { targetProblem: choice.problem }),
        releases: RELEASES,
        now: snapshot.takenAt,
        ...(access.config.backup?.repository === undefined
          ? {}
          : { backupRepository: access.config.backup.repository }),
        certWarningDays: DEFAULT_CERT_WARNING_DAYS,
      };
    },
  });
  const notes: string[] = [];
  if (run.origin.kind === 'reused') {
    notes.push(
      `From a run ${Math.round(run.origin.ageMs / 1000)} s ago (readiness.reuseSeconds: ${services.config.readiness.reuseSeconds}); ISE was not read again.`,
    );
  }
  const release = run.snapshot.release.state === 'ok' ? run.snapshot.release.value : undefined;
  let findings = run.findings;
  if (release !== undefined) {
    try {
      findings = applyAcks(findings, await services.store.acks.current(access.name, releaseKey(release)));
    } catch (error) {
      services.log.warn({ err: error }, 'acks unavailable');
      notes.push(`Confirmations could not be read from the store: ${(error as Error).message}`);
    }
  } else {
    notes.push('The release could not be read, so earlier confirmations (acks) are not shown.');
  }
  const { first, ...ran } = run;
  const outcome: ReadinessOutcome = {
    ...ran,
    findings,
    summary: countStatuses(findings),
    deployment: access.name,
    target: choice,
    ...(release === undefined ? {} : { release }),
    notes,
    adminBase: adminBase(access.config.pan, access.config.rest.openApiPort),
  };
  // Runs that share one read are one run in the history (per trigger and target), not one per requester.
  if (request.record) await remember(request, outcome, first(`${request.trigger}|${choice.target ?? ''}`));
  return outcome;
}

/** Reads the previous run before recording this one, so "since the last run" never compares with itself. */
async function remember(
  request: ReadinessRequest,
  outcome: ReadinessOutcome,
  record: boolean,
): Promise<void> {
  const { store, log } = request.services;
  try {
    const previous = await store.runs.latest(outcome.deployment, outcome.startedAt);
    if (previous !== undefined) {
      outcome.previous = {
        at: previous.at,
        actor: previous.actor,
        changes: compareRuns(previous.findings, outcome.findings),
      };
    }
    if (!record) return;
    await store.runs.record({
      id: randomUUID(),
      deployment: outcome.deployment,
      at: outcome.startedAt,
      actor: request.actor,
      ...(outcome.target.target === undefined ? {} : { target: outcome.target.target }),
      ...(outcome.release === undefined ? {} : { release: releaseKey(outcome.release) }),
      summary: outcome.summary,
      findings: outcome.findings.map((f) => ({ id: f.id, status: f.status, summary: f.summary })),
      trigger: request.trigger,
    });
  } catch (error) {
    log.warn({ err: error }, 'readiness history unavailable');
    outcome.notes.push(`The run history could not be used: ${(error as Error).message}`);
  }
}
