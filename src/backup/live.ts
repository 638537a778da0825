import {
  type BackupEvent,
  createBackupProgressTracker,
  parseShowRepository,
} from '../ise/cli/parsers/index.js';
import { IseSshError, IseTimeoutError } from '../ise/errors.js';
import type { CliSession } from '../ise/ssh/session.js';
import type { Logger } from '../log.js';
import type { Redactor } from '../secrets.js';
import type { BackupJobs } from '../store/backups.js';
import { adviceFor, type BackupOutcome } from './outcome.js';
import type { BackupProgress } from './progress.js';
import { type BackupPlan, backupCommandLine } from './request.js';
import { inRepository } from './verdict.js';

export interface LiveRun {
  cli: CliSession;
  plan: BackupPlan;
  jobId: string;
  jobs: BackupJobs;
  redactor: Redactor;
  log: Logger;
  progress: BackupProgress;
  signal: AbortSignal;
  /** The repository listing before the run, to find the new file if ISE never printed its name. */
  filesBefore: readonly string[];
  /** `deployments[i].backup`, for advice that names the setting to fix. */
  configKey: string;
}

/** The run ended without a transcript to judge by: the caller asks ISE what became of it. */
export class LostSight extends Error {
  constructor(
    readonly why: string,
    readonly file: string | undefined,
  ) {
    super(why);
  }
}

/**
 * Runs the backup line and reads its transcript live: stages go to the progress reporter, the file name
 * to the job row as soon as ISE prints it. The key leaves only inside the CLI line: the session redacts
 * it from every echo, line and error, and each line passes the Redactor again before anything sees it.
 */
export async function runLive(run: LiveRun): Promise<BackupOutcome> {
  const { cli, plan, log, progress } = run;
  const { line, display } = backupCommandLine(plan);
  const tracker = createBackupProgressTracker();
  let file: string | undefined;
  let end: BackupEvent | undefined;
  const handle = (events: BackupEvent[]) => {
    for (const event of events) {
      if (event.kind === 'started') {
        file = event.file;
        run.jobs
          .setFile(run.jobId, event.file)
          .catch((err: unknown) => log.warn({ err }, 'backup: file not stored'));
      }
      if (event.kind === 'done' || event.kind === 'error') end = event;
      progress.event(event);
    }
  };
  // A stopping bot must not cancel the backup: it hangs up instead of sending Ctrl-C, ISE carries on
  // in its screen session, and the job stays for recovery at the next start.
  const hangUp = () => cli.detach();
  run.signal.addEventListener('abort', hangUp, { once: true });
  try {
    await cli.run(line, {
      timeoutMs: plan.timeoutMs,
      redact: [plan.key],
      display,
      onLine: (raw) => {
        const clean = run.redactor.redact(raw);
        log.debug({ line: clean }, 'backup output');
        handle(tracker.line(clean));
      },
    });
    handle(tracker.end());
  } catch (error) {
    if (error instanceof IseTimeoutError) {
      throw new LostSight(
        `the backup did not finish within ${Math.round(plan.timeoutMs / 60_000)} min (backup.timeoutMs) and the bot stopped it with Ctrl-C`,
        file,
      );
    }
    if (run.signal.aborted) {
      throw new LostSight('the bot was stopping and hung up; ISE carries on with the backup', file);
    }
    if (error instanceof IseSshError)
      throw new LostSight(`the SSH connection to ${cli.hostname} dropped during the backup`, file);
    throw error;
  } finally {
    run.signal.removeEventListener('abort', hangUp);
  }
  return judge(run, end, file);
}

async function judge(
  run: LiveRun,
  end: BackupEvent | undefined,
  printed: string | undefined,
): Promise<BackupOutcome> {
  const { cli, plan } = run;
  if (end?.kind === 'error') {
    return {
      status: 'failed',
      ...(printed === undefined ? {} : { file: printed }),
      message: `ISE said: "${end.message}"`,
      advice: adviceFor(end.message, run.configKey),
    };
  }
  // ISE printed no name (unexpected wording): the new file in the listing that carries our name is it.
  let file = end?.kind === 'done' ? (end.file ?? printed) : printed;
  let found: boolean | undefined;
  if (file === undefined) {
    const after = await listing(cli, plan.repository);
    file = after?.find((f) => f.startsWith(`${plan.name}-`) && !run.filesBefore.includes(f));
    found = file === undefined ? (after === undefined ? undefined : false) : true;
  } else {
    found = await inRepository(cli, plan.repository, file);
  }
  const shown = file ?? `${plan.name}-…`;
  if (found === false) {
    return {
      status: 'failed',
      ...(file === undefined ? {} : { file }),
      inRepository: false,
      message: `ISE reported the backup complete, but ${shown} is not in repository ${plan.repository}.`,
      advice: 'Check the repository server (space, permissions), then run the backup again.',
    };
  }
  return {
    status: 'success',
    file: shown,
    ...(found === undefined ? {} : { inRepository: found }),
    message:
      found === true
        ? `${shown} is in repository ${plan.repository}.`
        : `ISE reported the backup complete; listing repository ${plan.repository} failed, so the file is not confirmed.`,
  };
}

async function listing(cli: CliSession, repository: string): Promise<readonly string[] | undefined> {
  const parsed = parseShowRepository(await cli.run(`show repository ${repository}`, { timeoutMs: 120_000 }));
  return parsed.ok ? parsed.files : undefined;
}
