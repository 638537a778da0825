import type { UserError } from '../errors.js';
import { list, reply, section, text } from '../reply/build.js';
import { at, person } from '../reply/inline.js';
import type { Field, Reply, ReplyStatus } from '../reply/model.js';
import { formatDuration } from '../reply/text.js';
import type { BackupJob } from '../store/backups.js';
import type { BackupOutcome } from './outcome.js';
import { KIND_LABEL } from './request.js';

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The `backup` payload of CONTRACTS.md: `backup: { kind, repository, file, status, durationMs }`. */
function payload(
  job: Pick<BackupJob, 'kind' | 'repository' | 'deployment'>,
  status: string,
  durationMs: number,
  file?: string,
) {
  return {
    deployment: job.deployment,
    backup: { kind: job.kind, repository: job.repository, file: file ?? null, status, durationMs },
  };
}

/** The final message of a backup: the file, the check in the repository, the duration; or what failed. */
export function outcomeReply(
  job: BackupJob,
  outcome: BackupOutcome,
  durationMs: number,
  stages: string[],
): Reply {
  const what = `${capital(KIND_LABEL[job.kind])} backup of ${job.deployment}`;
  const [title, status]: [string, ReplyStatus] =
    outcome.status === 'success'
      ? [`${what} done: ${outcome.file ?? job.name}`, outcome.inRepository === true ? 'ok' : 'warn']
      : outcome.status === 'running'
        ? [`${what} still running on ISE`, 'warn']
        : outcome.status === 'interrupted'
          ? [`${what} interrupted`, 'fail']
          : [`${what} failed`, 'fail'];
  const fields: Field[] = [
    { label: 'Kind', value: job.kind },
    { label: 'Repository', value: job.repository },
    { label: 'File', value: outcome.file ?? job.file ?? 'none reported' },
    { label: 'Duration', value: formatDuration(durationMs) },
    {
      label: 'In repository',
      value: outcome.inRepository === undefined ? 'not confirmed' : outcome.inRepository ? 'yes' : 'NO',
    },
    {
      label: 'Started by',
      value: [person(job.actor), ', ', at(job.startedAt)],
    },
  ];
  return reply('backup', title, status, {
    lead: outcome.message,
    sections: [
      section(undefined, [{ type: 'fields', fields }, ...(outcome.advice ? [text(outcome.advice)] : [])]),
      ...(stages.length > 0 ? [section('Stages', [list(stages)], { detail: true })] : []),
    ],
    context: { deployment: job.deployment, durationMs },
    data: payload(job, outcome.status, durationMs, outcome.file ?? job.file),
  });
}

/** A guard or a setting said no: nothing ran on ISE. */
export function refusalReply(
  request: { kind: BackupJob['kind']; repository?: string; deployment: string },
  error: UserError,
): Reply {
  return reply('backup', error.message, 'error', {
    ...(error.hint === undefined ? {} : { lead: error.hint }),
    context: { deployment: request.deployment },
    data: payload(
      { kind: request.kind, repository: request.repository ?? '', deployment: request.deployment },
      'refused',
      0,
    ),
  });
}
