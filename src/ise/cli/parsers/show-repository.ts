import { cliLines, isInvalidCommand } from '../clean.js';
import { type BackupFileName, parseBackupFileName } from './backup-file-name.js';
import type { ParseNotes } from './notes.js';

/*
 * `show repository <name>` (ise-cli.md §2.6). One file name per line is INFERRED (the API lists the same
 * names). The error wordings are INFERRED too, apart from `% Repository not found`, which automation
 * scripts check for; anything starting with `%` or `Error` is treated as an error, never as a file.
 */

export type RepositoryErrorReason = 'not-found' | 'unreachable' | 'invalid-command' | 'other';

export type ShowRepository =
  | (ParseNotes & {
      readonly ok: true;
      readonly files: readonly string[];
      /** The files whose names parse as backups, in listing order. */
      readonly backups: readonly BackupFileName[];
    })
  | (ParseNotes & {
      readonly ok: false;
      readonly reason: RepositoryErrorReason;
      /** The error line(s) as printed, `%` markers included. */
      readonly message: string;
    });

const ERROR_LINE = /^(?:%|Error\b|ERROR\b)/;

export function parseShowRepository(text: string): ShowRepository {
  const lines = cliLines(text)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  if (isInvalidCommand(text)) {
    const message = lines.find((l) => l.startsWith('%')) ?? "% invalid command detected at '^' marker";
    return { ok: false, recognised: true, warnings: [], reason: 'invalid-command', message };
  }
  const errors = lines.filter((l) => ERROR_LINE.test(l));
  if (errors.length > 0) {
    const message = errors.join('\n');
    return { ok: false, recognised: true, warnings: [], reason: classify(message), message };
  }
  // A caret marker line (`^`) only accompanies an error. A line with spaces is not a file name in the
  // one-name-per-line layout, so it is reported rather than listed.
  const names = lines.filter((l) => l !== '^');
  const files = names.filter((l) => !/\s/.test(l));
  const warnings = names.filter((l) => /\s/.test(l)).map((l) => `unexpected line: ${l}`);
  const backups = files.flatMap((f) => parseBackupFileName(f) ?? []);
  // Empty output is also what an empty repository prints, so it is recognised, with a warning.
  if (names.length === 0) warnings.push('the listing is empty (an empty repository, or no output)');
  return { ok: true, recognised: names.length === 0 || files.length > 0, warnings, files, backups };
}

function classify(message: string): RepositoryErrorReason {
  if (/repository not found|no such repository|not configured/i.test(message)) return 'not-found';
  if (
    /unreachable|not accessible|failed to (?:connect|list)|protocol error|timed? ?out|refused|host key|login|authenticat|permission denied|no route/i.test(
      message,
    )
  ) {
    return 'unreachable';
  }
  return 'other';
}
