import { type CliTimestamp, cliTimestamp } from '../../dates.js';
import { cliLines, isInvalidCommand } from '../clean.js';
import type { ParseNotes } from './notes.js';

/**
 * One backup or restore, as `show backup status`, `show restore status` and `show backup history` report
 * it. Every field is optional because each command prints a different subset.
 */
export interface BackupRecord {
  readonly operation: 'backup' | 'restore';
  /** `backup name` as printed: the name given, or the full file name for a restore. */
  readonly name?: string;
  /** The `.tar.gpg` file, when the text names it. */
  readonly file?: string;
  readonly repository?: string;
  readonly startDate?: CliTimestamp;
  /** `show backup history`: the date on the line, taken to be when the result was logged (INFERRED). */
  readonly loggedAt?: CliTimestamp;
  readonly scheduled?: boolean;
  /** e.g. `CLI`, `OPEN_API`, `ADMIN_GUI`. */
  readonly triggeredFrom?: string;
  readonly host?: string;
  /** The status line verbatim, e.g. `Restore is in progress...`. */
  readonly status?: string;
  readonly outcome: 'success' | 'failed' | 'in-progress' | 'unknown';
  readonly progressPercent?: number;
  readonly progressMessage?: string;
}

export interface BackupStatusSection {
  /** The `%%` heading, e.g. `Configuration restore status`. */
  readonly title: string;
  readonly type: 'configuration' | 'operational' | 'unknown';
  /** Undefined when the section says "No data found". */
  readonly record?: BackupRecord;
}

export interface BackupStatus extends ParseNotes {
  readonly sections: readonly BackupStatusSection[];
  /** The configuration section's record, the one most callers want. */
  readonly configuration?: BackupRecord;
  readonly operational?: BackupRecord;
}

/*
 * The `%`-prefixed, right-aligned `key: value` layout is verbatim for `show restore status` (ISE 3.2,
 * ise-cli.md §2.10). `show backup status` is INFERRED to share it. When a key repeats (a transcript of
 * several polls), the last value wins: it is the latest state.
 */
const HEADING = /^%%\s*(.*?)\s*$/;
const FIELD = /^%\s*([a-z][a-z %]*?)\s*:\s*(.*)$/i;

export function parseShowBackupStatus(text: string): BackupStatus {
  const warnings: string[] = [];
  if (isInvalidCommand(text)) warnings.push('the CLI rejected the command (invalid command detected)');
  const raw: { title: string; fields: Map<string, string> }[] = [];
  for (const line of cliLines(text)) {
    const trimmed = line.trim();
    const heading = HEADING.exec(trimmed);
    if (heading !== null) {
      if (!/^-+$/.test(heading[1] ?? '')) raw.push({ title: heading[1] ?? '', fields: new Map() });
      continue;
    }
    const field = FIELD.exec(trimmed);
    const section = raw.at(-1);
    if (field === null || section === undefined) continue;
    section.fields.set((field[1] ?? '').toLowerCase().replace(/\s+/g, ' '), (field[2] ?? '').trim());
  }
  const sections = raw.map(({ title, fields }) => toSection(title, fields));
  if (sections.length === 0) warnings.push('no "%% ... status" section found');
  for (const s of sections) if (s.record === undefined) warnings.push(`${s.title}: no data`);
  const configuration = sections.find((s) => s.type === 'configuration')?.record;
  const operational = sections.find((s) => s.type === 'operational')?.record;
  return {
    recognised: sections.length > 0,
    warnings,
    sections,
    ...(configuration === undefined ? {} : { configuration }),
    ...(operational === undefined ? {} : { operational }),
  };
}

/** `show restore status` has the same layout (verbatim sample, ISE 3.2). */
export const parseShowRestoreStatus = parseShowBackupStatus;

function toSection(title: string, fields: ReadonlyMap<string, string>): BackupStatusSection {
  const type = /^config/i.test(title)
    ? 'configuration'
    : /^operation/i.test(title)
      ? 'operational'
      : 'unknown';
  const operation = /restore/i.test(title) ? 'restore' : 'backup';
  const get = (key: string): string | undefined => {
    const value = fields.get(key);
    return value === undefined || value === '' ? undefined : value;
  };
  const name = get('backup name');
  if (name === undefined && get('status') === undefined) return { title, type };
  const status = get('status');
  const percent = Number(get('progress %'));
  const scheduled = get('scheduled');
  const startDate = get('start date');
  const progressMessage = get('progress message');
  const fileInStatus =
    status === undefined ? undefined : /\b(\S+\.(?:tar\.gpg|tar\.gz|tgz))\b/.exec(status)?.[1];
  const file = name !== undefined && /\.(?:tar\.gpg|tar\.gz|tgz)$/.test(name) ? name : fileInStatus;
  const optional = {
    name,
    file,
    repository: get('repository'),
    startDate: startDate === undefined ? undefined : cliTimestamp(startDate),
    scheduled: scheduled === undefined ? undefined : /^yes$/i.test(scheduled),
    triggeredFrom: get('triggered from'),
    host: get('host'),
    status,
    progressPercent: get('progress %') === undefined || !Number.isFinite(percent) ? undefined : percent,
    progressMessage,
  };
  const record: BackupRecord = {
    operation,
    outcome: outcomeOf(status, optional.progressPercent),
    ...definedOnly(optional),
  };
  return { title, type, record };
}

/** Status wording: `...: success`, `Backup failed: ...`, `Restore is in progress...` (§2.8, §2.10). */
export function outcomeOf(status: string | undefined, percent?: number): BackupRecord['outcome'] {
  if (status === undefined)
    return percent === undefined ? 'unknown' : percent >= 100 ? 'unknown' : 'in-progress';
  if (/fail|error|cancel|abort/i.test(status)) return 'failed';
  if (/in progress/i.test(status)) return 'in-progress';
  if (/success|completed/i.test(status)) return 'success';
  return 'unknown';
}

/** Drops undefined values so the result fits `exactOptionalPropertyTypes`. */
export function definedOnly<T extends Record<string, unknown>>(
  o: T,
): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}
