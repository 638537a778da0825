import { randomUUID } from 'node:crypto';
import { isUserError } from '../errors.js';
import type { IseAccess } from '../ise/access.js';
import type { CliSession } from '../ise/ssh/session.js';
import type { Logger } from '../log.js';
import type { Reply } from '../reply/model.js';
import type { Services } from '../services.js';
import type { BackupJob } from '../store/backups.js';
import type { BackupDeps } from './deps.js';
import { checkRepository, refuseIfBusy, refuseIfRestarting } from './guards.js';
import { LostSight, runLive } from './live.js';
import { BackupLock } from './lock.js';
import { type BackupOutcome, outcomeFromVerdict } from './outcome.js';
import { BackupProgress } from './progress.js';
import { outcomeReply, refusalReply } from './replies.js';
import { type BackupKind, type BackupPlan, KIND_LABEL, planBackup } from './request.js';
import { followOnIse } from './verdict.js';

/** Who asked, where, and how to talk back: the command context, without the chat specifics. */
export interface BackupCaller {
  services: Services;
  actor: string;
  channel?: string;
  thread?: string;
  signal: AbortSignal;
  log: Logger;
  correlationId?: string;
  progress(text: string): void;
}

export interface BackupRequest {
  deployment?: string;
  kind: BackupKind;
  /** As typed in chat; validated before it goes anywhere near the CLI. */
  repository?: string;
}

/**
 * One backup from request to report: settings, the store lock, the guards on ISE (nothing runs if one
 * says no), the live run with progress, the check in the repository, the job row and the audit log.
 */
export async function runBackup(
  caller: BackupCaller,
  request: BackupRequest,
  deps: BackupDeps,
): Promise<Reply> {
  const { services } = caller;
  const access = services.deployments.get(request.deployment);
  const audit = auditor(caller, `backup.${request.kind}`);
  let plan: BackupPlan | undefined;
  try {
    const index = services.config.deployments.findIndex((d) => d.name === access.name);
    plan = planBackup(access.config, index, request.kind, request.repository, services.clock());
    return await locked(caller, access, plan, `deployments[${index}].backup`, deps);
  } catch (error) {
    if (!isUserError(error) || !error.code.startsWith('backup-')) throw error;
    const repository = plan?.repository ?? request.repository;
    const target = `${access.name} ${repository ?? '(no repository)'}`;
    await audit('refused', target, error.message);
    caller.log.warn({ code: error.code, kind: request.kind }, 'backup refused');
    return refusalReply(
      { kind: request.kind, deployment: access.name, ...(repository === undefined ? {} : { repository }) },
      error,
    );
  }
}

async function locked(
  caller: BackupCaller,
  access: IseAccess,
  plan: BackupPlan,
  configKey: string,
  deps: BackupDeps,
): Promise<Reply> {
  const { services } = caller;
  const started = services.clock();
  const id = randomUUID();
  const holder = { job: id, kind: plan.kind, actor: caller.actor, at: started.getTime() };
  const lock = await BackupLock.acquire(services.store, plan.deployment, holder, started, deps.lockTtlMs);
  try {
    const report = (text: string) => caller.progress(services.redactor.redact(text));
    report(
      `${KIND_LABEL[plan.kind]} backup: checking repository ${plan.repository} and ISE's backup status…`,
    );
    const cli = await deps.openPan(access, {
      signal: caller.signal,
      onEvent: (event) => {
        caller.log.debug({ event }, 'backup CLI');
        if (event.type === 'queued')
          report(
            `waiting for the bot's other CLI session on ${event.hostname} to end: ${event.limit === 'node' ? 'the node allows no more CLI sessions' : event.reason}`,
          );
      },
      onNote: report,
    });
    try {
      const api = await deps.api(access, caller.signal, caller.log);
      const repository = await checkRepository(cli, plan.repository, api);
      await refuseIfBusy(cli, api);
      await refuseIfRestarting(cli);
      const job: BackupJob = {
        id,
        deployment: plan.deployment,
        kind: plan.kind,
        repository: plan.repository,
        name: plan.name,
        actor: caller.actor,
        ...(caller.channel === undefined ? {} : { channel: caller.channel }),
        ...(caller.thread === undefined ? {} : { thread: caller.thread }),
        status: 'running',
        startedAt: started,
      };
      await services.store.backups.start(job);
      await auditor(caller, `backup.${plan.kind}`)(
        'started',
        `${plan.deployment} ${plan.repository}`,
        `name ${plan.name}`,
      );
      lock.keepAlive(services.clock, deps.lockTtlMs, deps.lockRenewMs, () =>
        caller.log.error({ job: id }, 'backup lock lost while the backup runs'),
      );
      return await watched(caller, access, cli, plan, job, repository.filesBefore, configKey, deps);
    } finally {
      await cli.close().catch(() => {});
    }
  } finally {
    await lock.release().catch((err: unknown) => caller.log.warn({ err }, 'backup lock not released'));
  }
}

async function watched(
  caller: BackupCaller,
  access: IseAccess,
  cli: CliSession,
  plan: BackupPlan,
  job: BackupJob,
  filesBefore: readonly string[],
  configKey: string,
  deps: BackupDeps,
): Promise<Reply> {
  const { services } = caller;
  const label = `${KIND_LABEL[plan.kind]} backup to ${plan.repository}`;
  const progress = new BackupProgress(
    label,
    (t) => caller.progress(services.redactor.redact(t)),
    services.clock,
    deps.progress,
  );
  progress.note(`started on ${cli.hostname} as ${plan.name}`);
  let outcome: BackupOutcome;
  try {
    outcome = await runLive({
      cli,
      plan,
      jobId: job.id,
      jobs: services.store.backups,
      redactor: services.redactor,
      log: caller.log,
      progress,
      signal: caller.signal,
      filesBefore,
      configKey,
    });
  } catch (error) {
    if (!(error instanceof LostSight)) {
      progress.stop();
      await finish(caller, job, { status: 'failed', message: services.redactor.redact(String(error)) });
      throw error;
    }
    progress.note(`${error.why}; asking ISE what became of it…`);
    outcome = await afterLostSight(
      caller,
      access,
      plan,
      { ...job, ...(error.file ? { file: error.file } : {}) },
      error.why,
      configKey,
      progress,
      deps,
    );
  } finally {
    progress.stop();
  }
  const durationMs = services.clock().getTime() - job.startedAt.getTime();
  await finish(caller, job, outcome);
  return outcomeReply(job, outcome, durationMs, progress.stages);
}

/** Reconnects (a fresh session: the old one is gone or untrusted) and follows ISE to the end it reaches. */
async function afterLostSight(
  caller: BackupCaller,
  access: IseAccess,
  plan: BackupPlan,
  job: BackupJob,
  why: string,
  configKey: string,
  progress: BackupProgress,
  deps: BackupDeps,
): Promise<BackupOutcome> {
  // A stopping bot does not wait: the job stays for recovery at the next start.
  const signal = caller.signal.aborted ? AbortSignal.timeout(60_000) : caller.signal;
  let cli: CliSession | undefined;
  try {
    cli = await deps.openPan(access, { signal });
    const deadline = job.startedAt.getTime() + plan.timeoutMs;
    const verdict = await followOnIse(cli, job, {
      pollMs: deps.followPollMs,
      deadline: caller.signal.aborted ? 0 : deadline,
      now: () => caller.services.clock().getTime(),
      signal,
      onRunning: (v) => progress.polled(v.stage, v.percent),
    });
    return outcomeFromVerdict(verdict, capitalFirst(why), plan.name, configKey);
  } catch (error) {
    caller.log.warn({ err: error }, 'backup: could not ask ISE after losing the session');
    return outcomeFromVerdict(undefined, capitalFirst(why), plan.name, configKey, (error as Error).message);
  } finally {
    await cli?.close().catch(() => {});
  }
}

const capitalFirst = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export async function finish(
  caller: Pick<BackupCaller, 'services' | 'actor' | 'correlationId'>,
  job: BackupJob,
  outcome: BackupOutcome,
): Promise<void> {
  const { services } = caller;
  await services.store.backups.finish(job.id, {
    status: outcome.status,
    at: services.clock(),
    ...(outcome.file === undefined ? {} : { file: outcome.file }),
    message: outcome.message,
  });
  const result = outcome.status === 'success' ? 'ok' : outcome.status === 'running' ? 'started' : 'failed';
  await auditor(caller, `backup.${job.kind}`)(
    result,
    `${job.deployment} ${job.repository}`,
    `${outcome.status}: ${outcome.file ?? job.name}. ${outcome.message}`,
    job.actor,
  );
}

function auditor(caller: Pick<BackupCaller, 'services' | 'actor' | 'correlationId'>, action: string) {
  return (
    outcome: 'ok' | 'refused' | 'failed' | 'started',
    target: string,
    detail: string,
    actor = caller.actor,
  ) =>
    caller.services.store.audit.append({
      at: caller.services.clock(),
      actor,
      action,
      target,
      outcome,
      detail,
      ...(caller.correlationId === undefined ? {} : { correlationId: caller.correlationId }),
    });
}
