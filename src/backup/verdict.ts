import {
  type BackupRecord,
  parseShowBackupHistory,
  parseShowBackupStatus,
  parseShowRepository,
} from '../ise/cli/parsers/index.js';
import type { CliSession } from '../ise/ssh/session.js';
import type { BackupJob } from '../store/backups.js';
import { sleep } from '../util/time.js';

/** What ISE says became of one backup, asked after the bot lost sight of it. */
export type IseVerdict =
  | { state: 'running'; stage?: string; percent?: number }
  | { state: 'success'; file: string; inRepository: boolean | undefined }
  | { state: 'failed'; file?: string; said: string }
  | { state: 'no-trace' };

type JobRef = Pick<BackupJob, 'kind' | 'name' | 'repository' | 'file'>;

const ours = (job: JobRef, r: Pick<BackupRecord, 'name' | 'file'>) =>
  r.name === job.name || (r.file?.startsWith(`${job.name}-`) ?? false);

/**
 * Asks `show backup status` (running, or the last result) and `show backup history` about a job, matched
 * by its unique generated name. `backup-logs` appears in neither (INFERRED, ise-cli.md §2.9): for it the
 * repository listing is the only evidence.
 */
export async function askIse(cli: CliSession, job: JobRef): Promise<IseVerdict> {
  if (job.kind === 'logs') {
    const file = await findInRepository(cli, job);
    return file === undefined ? { state: 'no-trace' } : { state: 'success', file, inRepository: true };
  }
  const status = parseShowBackupStatus(await cli.run('show backup status', { timeoutMs: 60_000 }));
  const type = job.kind === 'operational' ? 'operational' : 'configuration';
  const record = status.sections.find((s) => s.type === type && s.record && ours(job, s.record))?.record;
  if (record?.outcome === 'in-progress') {
    return {
      state: 'running',
      ...(record.progressMessage === undefined ? {} : { stage: record.progressMessage }),
      ...(record.progressPercent === undefined ? {} : { percent: record.progressPercent }),
    };
  }
  const history = parseShowBackupHistory(await cli.run('show backup history', { timeoutMs: 60_000 }));
  const entry = [...history.entries].reverse().find((e) => ours(job, e)) ?? record;
  if (entry === undefined || entry.outcome === 'unknown' || entry.outcome === 'in-progress') {
    return { state: 'no-trace' };
  }
  if (entry.outcome === 'failed') {
    return {
      state: 'failed',
      ...(entry.file === undefined ? {} : { file: entry.file }),
      said: entry.status ?? 'failed',
    };
  }
  const file = entry.file ?? job.file;
  if (file === undefined) return { state: 'success', file: `${job.name}-…`, inRepository: undefined };
  return { state: 'success', file, inRepository: await inRepository(cli, job.repository, file) };
}

/** True/false when the listing answered, undefined when ISE could not list the repository. */
export async function inRepository(
  cli: CliSession,
  repository: string,
  file: string,
): Promise<boolean | undefined> {
  const listing = parseShowRepository(await cli.run(`show repository ${repository}`, { timeoutMs: 120_000 }));
  return listing.ok ? listing.files.includes(file) : undefined;
}

async function findInRepository(cli: CliSession, job: JobRef): Promise<string | undefined> {
  const listing = parseShowRepository(
    await cli.run(`show repository ${job.repository}`, { timeoutMs: 120_000 }),
  );
  if (!listing.ok) return undefined;
  return listing.files.find((f) => f === job.file || f.startsWith(`${job.name}-`));
}

/**
 * Polls ISE while it says the backup runs, until it ends or `deadline` passes: the bot lost the live
 * transcript (SSH drop, restart) but ISE may carry on, and the truthful report is the end ISE reaches.
 */
export async function followOnIse(
  cli: CliSession,
  job: JobRef,
  options: {
    pollMs: number;
    deadline: number;
    now: () => number;
    signal: AbortSignal;
    onRunning?: (v: { stage?: string; percent?: number }) => void;
  },
): Promise<IseVerdict> {
  for (;;) {
    const verdict = await askIse(cli, job);
    if (verdict.state !== 'running' || options.now() >= options.deadline) return verdict;
    options.onRunning?.(verdict);
    await sleep(Math.min(options.pollMs, Math.max(0, options.deadline - options.now())), options.signal);
  }
}
