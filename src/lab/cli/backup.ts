import type { CliBackupHistoryEntry, CliNodeFacts, CliRunningBackup } from './facts.js';
import { backupStamp, dateWithZone, factDate } from './format.js';
import { ClosedError } from './input.js';
import type { CliIo } from './io.js';

export interface BackupRequest {
  kind: 'config' | 'operational' | 'logs';
  name: string;
  repository: string;
  /** Plain encryption key; optional only for `backup-logs`. */
  key?: string;
}

/**
 * Progress stages. Config stages and percentages up to 45% follow the API's stage names (ise-cli.md §2.8,
 * verbatim); the later config lines and all operational ones are INFERRED.
 */
const STAGES: Record<'config' | 'operational', Array<[string, number]>> = {
  config: [
    ['Starting Backup', 10],
    ['Validating ISE Node Role', 15],
    ['Backing up ISE Configuration Data', 20],
    ['Backing up ISE Indexing Engine Data', 45],
    ['Backing up ISE Logs', 50],
    ['Completing ISE Backup Staging', 55],
    ['Backing up ADEOS configuration', 55],
    ['Moving Backup file to the repository', 75],
    ['Completing Backup', 100],
  ],
  operational: [
    ['Starting Backup', 10],
    ['Validating ISE Node Role', 15],
    ['Backing up ISE Operational Data', 20],
    ['Exporting M&T Database', 45],
    ['Completing ISE Backup Staging', 55],
    ['Backing up ADEOS configuration', 55],
    ['Moving Backup file to the repository', 75],
    ['Completing Backup', 100],
  ],
};

/** Key rules from the `cisco.ise.backup_config` docs (paraphrased in ise-cli.md §2.8). */
export function isValidEncryptionKey(key: string): boolean {
  return /^[A-Za-z0-9_#]{8,15}$/.test(key) && /[A-Z]/.test(key) && /[a-z]/.test(key) && /\d/.test(key);
}

/** The file name ISE creates: `<name>-CFG10-YYMMDD-HHMM.tar.gpg` (verbatim); OPS10 and the logs form are INFERRED. */
export function backupFileName(req: BackupRequest, now: Date): string {
  if (req.kind === 'logs')
    return `${req.name}-${backupStamp(now)}.tar.${req.key === undefined ? 'gz' : 'gpg'}`;
  return `${req.name}-${req.kind === 'config' ? 'CFG10' : 'OPS10'}-${backupStamp(now)}.tar.gpg`;
}

/**
 * `backup ...` and `backup-logs ...`: validates like the CLI, then streams the progress transcript, one
 * stage per `stageMs`. The node's facts change as on ISE: while it runs `show backup status` reports it;
 * when it ends the file is in the repository and, for config/operational backups, in the history.
 */
export async function runBackup(facts: CliNodeFacts, req: BackupRequest, io: CliIo, stageMs: number) {
  const repo = facts.repositories.find((r) => r.name === req.repository);
  // Error wording is INFERRED except `% Repository not found`, which real scripts check for.
  if (!repo) return io.print(['% Repository not found']);
  if (req.key !== undefined && !isValidEncryptionKey(req.key)) {
    return io.print([
      '% Invalid encryption key. Key should be 8-15 characters long, with at least one upper case letter, ' +
        'one lower case letter and one digit',
    ]);
  }
  if (facts.runningBackup) return io.print(['% Backup/Restore in progress. Please try again later.']);

  const started = io.now();
  const fileName = backupFileName(req, started);
  if (req.kind === 'logs') {
    await io.print([`% Creating log backup with timestamped filename: ${fileName}`]);
    await io.sleep(stageMs);
    if (repo.reachable !== false) repo.files.push(fileName);
    else
      await io.print([
        `% Error: Failed to connect to repository ${repo.name}. Please check repository configuration.`,
      ]);
    return;
  }

  const running: CliRunningBackup = {
    name: req.name,
    fileName,
    repository: repo.name,
    startDate: started.toISOString(),
    kind: req.kind,
    percent: 0,
    stage: 'Backup is in progress...',
  };
  facts.runningBackup = running;
  // ISE runs the CLI under `screen`: a backup goes on when the SSH connection drops (ise-cli.md §1.3),
  // only Ctrl-C stops it. After a hang-up the lab finishes it with no one watching.
  let out: Pick<CliIo, 'print' | 'sleep'> = io;
  const offline: Pick<CliIo, 'print' | 'sleep'> = {
    print: async () => {},
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
  const step = async (work: (o: Pick<CliIo, 'print' | 'sleep'>) => Promise<void>) => {
    try {
      await work(out);
    } catch (error) {
      if (!(io.signal.reason instanceof ClosedError)) throw error;
      out = offline;
      await work(out);
    }
  };
  try {
    await step((o) => o.print([`% Creating backup with timestamped filename: ${fileName}`]));
    for (const [stage, percent] of STAGES[req.kind]) {
      await step((o) => o.sleep(stageMs));
      if (repo.reachable === false && percent > 55) {
        record(facts, req, fileName, io.now(), 'copy to repository failed');
        return step((o) =>
          o.print([
            `% Error: Failed to connect to repository ${repo.name}. Please check repository configuration.`,
          ]),
        );
      }
      running.percent = percent;
      running.stage = stage;
      await step((o) => o.print([`% backup in progress: ${stage}...${percent}% completed`]));
    }
    repo.files.push(fileName);
    record(facts, req, fileName, io.now());
  } finally {
    if (facts.runningBackup === running) delete facts.runningBackup;
  }
}

function record(facts: CliNodeFacts, req: BackupRequest, fileName: string, when: Date, failure?: string) {
  const entry: CliBackupHistoryEntry = {
    date: when.toISOString(),
    fileName,
    repository: req.repository,
    status: failure === undefined ? 'success' : 'failed',
    kind: req.kind === 'operational' ? 'operational' : 'config',
  };
  if (failure !== undefined) entry.detail = failure;
  facts.backupHistory.push(entry);
}

function historyStatus(e: CliBackupHistoryEntry): string {
  return e.status === 'success' ? 'success' : `backup failed, ${e.detail ?? 'unknown error'}`;
}

/** `show backup history`: one line per backup (INFERRED, ise-cli.md §2.10). */
export function showBackupHistory(facts: CliNodeFacts): string[] {
  return facts.backupHistory.map(
    (e) =>
      `${dateWithZone(factDate(e.date))}: backup ${e.fileName} to repository ${e.repository}: ${historyStatus(e)}`,
  );
}

const kv = (key: string, value: string) => `%${key.padStart(17)}: ${value}`;

function statusSection(facts: CliNodeFacts, kind: 'config' | 'operational'): string[] {
  const running = facts.runningBackup?.kind === kind ? facts.runningBackup : undefined;
  const last = facts.backupHistory.filter((e) => (e.kind ?? 'config') === kind).at(-1);
  if (!running && !last)
    return ["%      No data found. Try 'show backup history' or ISE operation audit report"];
  const host = `${facts.hostname}.${facts.domain}`;
  if (running) {
    return [
      kv('backup name', running.name),
      kv('repository', running.repository),
      kv('start date', dateWithZone(factDate(running.startDate))),
      kv('scheduled', 'no'),
      kv('triggered from', 'CLI'),
      kv('host', host),
      kv('status', 'Backup is in progress...'),
      kv('progress %', String(running.percent)),
      kv('progress message', running.stage),
    ];
  }
  const e = last as CliBackupHistoryEntry;
  return [
    kv('backup name', e.fileName.replace(/-(CFG|OPS)\d+-\d{6}-\d{4}\.tar\.gpg$/, '')),
    kv('repository', e.repository),
    kv('start date', dateWithZone(factDate(e.date))),
    kv('scheduled', 'no'),
    kv('triggered from', 'CLI'),
    kv('host', host),
    kv('status', `backup ${e.fileName} to repository ${e.repository}: ${historyStatus(e)}`),
  ];
}

/** `show backup status` (INFERRED by analogy with the verbatim `show restore status`, ise-cli.md §2.10). */
export function showBackupStatus(facts: CliNodeFacts): string[] {
  return [
    '%% Configuration backup status',
    '%% ----------------------------',
    ...statusSection(facts, 'config'),
    '%% Operation backup status',
    '%% ------------------------',
    ...statusSection(facts, 'operational'),
  ];
}

/** `show restore status`: the lab models no restores, so the empty form (INFERRED wording). */
export function showRestoreStatus(): string[] {
  return [
    '%% Configuration restore status',
    '%% ----------------------------',
    "%      No data found. Try 'show restore history' or ISE operation audit report",
    '%% Operation restore status',
    '%% ------------------------',
    "%      No data found. Try 'show restore history' or ISE operation audit report",
  ];
}
