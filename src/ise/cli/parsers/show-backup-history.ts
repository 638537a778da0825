import { cliTimestamp } from '../../dates.js';
import { cliLines, isInvalidCommand } from '../clean.js';
import { parseBackupFileName } from './backup-file-name.js';
import type { ParseNotes } from './notes.js';
import { type BackupRecord, definedOnly, outcomeOf } from './show-backup-status.js';

/*
 * `show backup history` (ise-cli.md §2.10). The layout is INFERRED: one line per operation,
 * `<date>: backup <file> to repository <repo>: <result>`. Lines that do not fit are reported, not dropped.
 */

export interface BackupHistory extends ParseNotes {
  /** In the order printed (oldest first in the inferred sample). */
  readonly entries: readonly BackupRecord[];
}

const ENTRY = /^(.+?\d{4}):\s+(backup|restore)\s+(\S+)\s+(?:to|from)\s+repository\s+(\S+?):\s*(.*)$/i;

export function parseShowBackupHistory(text: string): BackupHistory {
  const warnings: string[] = [];
  const entries: BackupRecord[] = [];
  if (isInvalidCommand(text)) warnings.push('the CLI rejected the command (invalid command detected)');
  for (const line of cliLines(text)) {
    const trimmed = line.trim();
    if (trimmed === '') continue;
    const m = ENTRY.exec(trimmed);
    if (m === null) {
      warnings.push(`unrecognised history line: ${trimmed}`);
      continue;
    }
    const [, date = '', operation = '', file = '', repository = '', result = ''] = m;
    const status = `${operation} ${file} ${operation.toLowerCase() === 'restore' ? 'from' : 'to'} repository ${repository}: ${result}`;
    entries.push({
      operation: operation.toLowerCase() === 'restore' ? 'restore' : 'backup',
      outcome: outcomeOf(result),
      name: parseBackupFileName(file)?.name ?? file,
      ...definedOnly({ file, repository, status }),
      loggedAt: cliTimestamp(date),
    });
  }
  if (entries.length === 0) warnings.push('no history entries found');
  return { recognised: entries.length > 0, warnings, entries };
}
