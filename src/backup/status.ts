import { isUserError } from '../errors.js';
import {
  type BackupStatusSection,
  parseShowBackupStatus,
  parseShowRestoreStatus,
} from '../ise/cli/parsers/index.js';
import type { Logger } from '../log.js';
import { list, reply, section, text } from '../reply/build.js';
import { at, person } from '../reply/inline.js';
import type { Field, Inline, Reply, Rich } from '../reply/model.js';
import { formatDuration } from '../reply/text.js';
import type { Services } from '../services.js';
import type { BackupJob } from '../store/backups.js';
import type { BackupDeps } from './deps.js';
import { describeHolder, lockName } from './lock.js';

const RECENT = 8;

/**
 * `backup status`: what ISE says runs now and ran last (backup and restore status), what the bot's own
 * jobs say, and who holds the deployment's backup lock. ISE and the store are both shown because either
 * may know something the other does not (a GUI-started backup; a job whose bot restarted).
 */
export async function backupStatus(
  services: Services,
  deployment: string | undefined,
  context: { signal: AbortSignal; log: Logger },
  deps: BackupDeps,
): Promise<Reply> {
  const access = services.deployments.get(deployment);
  const now = services.clock();
  const [running, recent, holder] = await Promise.all([
    services.store.backups.running(access.name),
    services.store.backups.latest(access.name, RECENT),
    services.store.locks.holder(lockName(access.name), now),
  ]);
  const ise = await askIseStatus(access, context, deps);
  const iseRunning = ise.sections.filter((s) => s.record?.outcome === 'in-progress');
  const busy = iseRunning.length > 0 || running.length > 0;
  const lines: Rich[] = [
    ...iseRunning.map((s): Rich => ['ISE: ', ...describe(s)]),
    ...running.map((j) => ['Bot: ', ...jobLine(j, now)]),
    ...(holder === undefined ? [] : [`Lock: ${describeHolder(holder)} holds ${lockName(access.name)}.`]),
  ];
  // Without ISE's answer "nothing runs" is unknown (a GUI backup may run): say so, and why, up front.
  const status = busy ? 'info' : ise.error === undefined ? 'ok' : 'warn';
  return reply('backup-status', `Backups of ${access.name}`, status, {
    lead: busy
      ? iseRunning[0]
        ? `ISE: ${describe(iseRunning[0])}`
        : 'A backup started from chat is running.'
      : ise.error === undefined
        ? 'No backup or restore is running.'
        : `Could not ask ISE whether a backup runs: ${ise.error}. None started from chat is running.`,
    sections: [
      section('Running now', [lines.length > 0 ? list(lines) : text('Nothing.')]),
      section(`On ISE (${ise.host})`, [
        ise.error === undefined
          ? { type: 'fields', fields: ise.sections.map(iseField) }
          : text(`Could not ask ISE: ${ise.error}`),
      ]),
      section('Started from chat', [
        recent.length === 0
          ? text('No backups started from chat yet.')
          : // A line per job (not a table): when and who are a time in the reader's zone and a mention.
            list(
              recent.map((j) => [
                at(j.startedAt),
                ` · ${j.kind} to ${j.repository} · by `,
                person(j.actor),
                ` · ${j.status}${j.file ? ` · ${j.file}` : ''}`,
              ]),
            ),
      ]),
    ],
    context: { deployment: access.name },
    data: {
      deployment: access.name,
      running: running.map((j) => ({ kind: j.kind, repository: j.repository, name: j.name, actor: j.actor })),
      ise: ise.sections.map((s) => ({
        title: s.title,
        outcome: s.record?.outcome ?? 'none',
        status: s.record?.status,
      })),
      recent: recent.map((j) => ({
        kind: j.kind,
        repository: j.repository,
        file: j.file ?? null,
        status: j.status,
      })),
    },
  });
}

async function askIseStatus(
  access: ReturnType<Services['deployments']['get']>,
  context: { signal: AbortSignal; log: Logger },
  deps: BackupDeps,
): Promise<{ host: string; sections: BackupStatusSection[]; error?: string }> {
  try {
    const cli = await deps.openPan(access, { signal: context.signal });
    try {
      const backup = parseShowBackupStatus(await cli.run('show backup status', { timeoutMs: 60_000 }));
      const restore = parseShowRestoreStatus(await cli.run('show restore status', { timeoutMs: 60_000 }));
      return { host: cli.hostname, sections: [...backup.sections, ...restore.sections] };
    } finally {
      await cli.close().catch(() => {});
    }
  } catch (error) {
    if (!isUserError(error)) throw error;
    context.log.warn({ err: error }, 'backup status: ISE did not answer');
    return { host: access.panHostname, sections: [], error: error.message };
  }
}

/** One section of ISE's answer as a field: "Configuration backup: failed, copy to repository failed". */
function iseField(s: BackupStatusSection): Field {
  return { label: capital(s.title.replace(/\s+status$/i, '')), value: describe(s) };
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** A time ISE printed: a time piece when it could be read (the reader's zone), else ISE's own text. */
function iseTime(t: { text: string; date?: Date } | undefined): Inline {
  return t?.date ? at(t.date) : (t?.text ?? 'at an unknown time');
}

function describe(s: BackupStatusSection): readonly Inline[] {
  const r = s.record;
  if (r === undefined) return ['no data'];
  const name = r.name ? ` ${r.name}` : '';
  if (r.outcome === 'in-progress') {
    const done =
      r.progressPercent === undefined
        ? ''
        : ` ${r.progressPercent} %${r.progressMessage ? ` (${r.progressMessage})` : ''}`;
    return [
      `${r.operation}${name} to ${r.repository ?? 'an unnamed repository'} running${done}, started `,
      iseTime(r.startDate),
    ];
  }
  return [r.status ?? `${r.operation}${name}: ${r.outcome}`];
}

function jobLine(j: BackupJob, now: Date): Rich {
  const ago = formatDuration(Math.max(0, now.getTime() - j.startedAt.getTime()));
  return [`${j.kind} backup ${j.name} to ${j.repository} started by `, person(j.actor), `, ${ago} ago`];
}
