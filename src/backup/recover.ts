import { isUserError } from '../errors.js';
import type { Reply } from '../reply/model.js';
import type { Poster } from '../reply/post.js';
import type { Services } from '../services.js';
import type { BackupJob } from '../store/backups.js';
import { type BackupDeps, backupDeps } from './deps.js';
import { lockName, parseHolder } from './lock.js';
import { type BackupOutcome, outcomeFromVerdict } from './outcome.js';
import { outcomeReply } from './replies.js';
import { finish } from './run.js';
import { askIse, followOnIse, type IseVerdict } from './verdict.js';

/** One recovered job's report, addressed to the conversation the backup was asked for in. */
export interface RecoveredBackup {
  jobId: string;
  /** `slack:<channel>` / `teams:<conversation>`, or `console`/`cli` (nothing to post to then). */
  channel?: string;
  thread?: string;
  reply: Reply;
}

export interface RecoverOptions {
  deps?: Partial<BackupDeps>;
  signal?: AbortSignal;
  /** Keep polling ISE while it still runs a backup, until it ends or the job's timeout passes (default true). */
  follow?: boolean;
}

const WHY = 'The bot restarted while the backup ran';

/**
 * Call once at start, after the store opened: every job still `running` in the store lost its bot (crash,
 * restart, host reboot). ISE is asked what became of each (`show backup status`/`history`, the repository
 * listing), the job and the audit log are updated, and a report is returned for the original
 * conversation; with a `poster`, reports to chat channels are also posted (each independently).
 * A job whose lock is still renewed by another replica is that replica's business and is skipped.
 */
export async function recoverInterruptedBackups(
  services: Services,
  poster?: Poster,
  options: RecoverOptions = {},
): Promise<RecoveredBackup[]> {
  const deps = backupDeps(options.deps);
  const signal = options.signal ?? new AbortController().signal;
  const reports: RecoveredBackup[] = [];
  for (const job of await services.store.backups.running()) {
    const holder = parseHolder(await services.store.locks.holder(lockName(job.deployment), services.clock()));
    if (holder?.job === job.id) continue;
    const outcome = await recoverOne(services, job, deps, signal, options.follow ?? true);
    await finish({ services, actor: job.actor }, job, outcome);
    const durationMs = services.clock().getTime() - job.startedAt.getTime();
    const reply = services.redactor.redactDeep(outcomeReply(job, outcome, durationMs, []));
    reports.push({
      jobId: job.id,
      ...(job.channel === undefined ? {} : { channel: job.channel }),
      ...(job.thread === undefined ? {} : { thread: job.thread }),
      reply,
    });
  }
  if (poster) {
    const postable = reports.filter((r) => r.channel !== undefined && /^(slack|teams):/.test(r.channel));
    const results = await Promise.allSettled(postable.map((r) => poster.post(r.channel as string, r.reply)));
    for (const [i, result] of results.entries()) {
      if (result.status === 'rejected') {
        services.log.warn(
          { err: result.reason, job: postable[i]?.jobId },
          'backup recovery report not posted',
        );
      }
    }
  }
  return reports;
}

async function recoverOne(
  services: Services,
  job: BackupJob,
  deps: BackupDeps,
  signal: AbortSignal,
  follow: boolean,
): Promise<BackupOutcome> {
  const index = services.config.deployments.findIndex((d) => d.name === job.deployment);
  const config = services.config.deployments[index];
  if (config === undefined) {
    return {
      status: 'interrupted',
      message: `${WHY}, and deployment ${job.deployment} is no longer in the config, so ISE could not be asked.`,
    };
  }
  const configKey = `deployments[${index}].backup`;
  const timeoutMs = config.backup?.timeoutMs ?? 3_600_000;
  let verdict: IseVerdict;
  try {
    const access = services.deployments.get(job.deployment);
    const cli = await deps.openPan(access, { signal });
    try {
      verdict = follow
        ? await followOnIse(cli, job, {
            pollMs: deps.followPollMs,
            deadline: job.startedAt.getTime() + timeoutMs,
            now: () => services.clock().getTime(),
            signal,
          })
        : await askIse(cli, job);
    } finally {
      await cli.close().catch(() => {});
    }
  } catch (error) {
    if (!isUserError(error)) throw error;
    services.log.warn({ err: error, job: job.id }, 'backup recovery: ISE did not answer');
    return outcomeFromVerdict(undefined, WHY, job.name, configKey, error.message);
  }
  return outcomeFromVerdict(verdict, WHY, job.name, configKey);
}
