import { cleanCliText, PROMPT_LINE } from '../clean.js';
import { type BackupFileName, parseBackupFileName } from './backup-file-name.js';

/*
 * The lines `backup ...` and `backup-logs ...` print while they run (ise-cli.md §2.8, §2.9). Verbatim facts:
 * the first line `% Creating backup with timestamped filename: <file>` (two scripts regex exactly this), and
 * `100% completed` / `Backup successful` meaning success. INFERRED: the `% backup in progress: <stage>...N%
 * completed` stage lines, the `% Creating log backup ...` line of backup-logs (which then just returns to the
 * prompt), and every error wording.
 */

export type BackupEvent =
  | { readonly kind: 'started'; readonly file: string; readonly fileName?: BackupFileName }
  | { readonly kind: 'progress'; readonly stage: string; readonly percent?: number }
  | {
      readonly kind: 'done';
      readonly file?: string;
      /** What showed success: a completion line, or (backup-logs only) the prompt coming back quietly. */
      readonly evidence: 'completion-line' | 'prompt-returned';
    }
  | { readonly kind: 'error'; readonly message: string };

/** What one line says on its own, without the context of the lines before it. */
export type BackupLine =
  | { readonly kind: 'started'; readonly file: string; readonly logs: boolean }
  | { readonly kind: 'progress'; readonly stage: string; readonly percent?: number }
  | { readonly kind: 'success' }
  | { readonly kind: 'error'; readonly message: string }
  | { readonly kind: 'prompt' };

const STARTED = /^%?\s*Creating (log )?backup with timestamped filename:\s*(\S+)/i;
const STAGE = /^%?\s*(?:backup|restore) in progress:\s*(.*?)\.*\s*(?:(\d{1,3})\s*%\s*completed)?\s*$/i;
const PERCENT_ONLY = /^%?\s*(\d{1,3})\s*%\s*completed\s*$/i;
const SUCCESS =
  /^%?\s*Backup (?:successful|completed successfully)|^%?\s*backup .* to repository .*: success$/i;
const ERROR =
  /(?:^%\s*Error\b|^Error:|\bInvalid encryption key\b|Backup\/Restore in progress|\bbackup error\b|Backup failed|Unable to backup|Repository not (?:found|accessible)|% invalid (?:command|input) detected|\baborted\b)/i;

export function classifyBackupLine(line: string): BackupLine | undefined {
  const text = line.trim();
  if (text === '') return undefined;
  // A prompt with a command after it is the echo of `backup ...`; a bare one means the command returned.
  if (PROMPT_LINE.test(text)) return /[#>]$/.test(text) ? { kind: 'prompt' } : undefined;
  const started = STARTED.exec(text);
  if (started !== null) return { kind: 'started', file: started[2] ?? '', logs: started[1] !== undefined };
  if (ERROR.test(text)) return { kind: 'error', message: text.replace(/^%\s*/, '') };
  if (SUCCESS.test(text)) return { kind: 'success' };
  const stage = STAGE.exec(text);
  if (stage !== null) {
    const percent = stage[2] === undefined ? undefined : Number(stage[2]);
    return { kind: 'progress', stage: stage[1] ?? '', ...(percent === undefined ? {} : { percent }) };
  }
  const percentOnly = PERCENT_ONLY.exec(text);
  if (percentOnly !== null) return { kind: 'progress', stage: '', percent: Number(percentOnly[1]) };
  return undefined;
}

export interface BackupProgressTracker {
  /** Feed one line (ANSI and CR are stripped); returns the events it completes, often none. */
  line(text: string): BackupEvent[];
  /** Feed raw output in arbitrary chunks; a partial last line waits for the next chunk or `end()`. */
  write(chunk: string): BackupEvent[];
  /** The command returned (prompt seen or channel closed): flushes and settles the outcome. */
  end(): BackupEvent[];
  readonly file: string | undefined;
  readonly finished: boolean;
}

/** Stateful reading of a running backup: remembers the file name so `done` can carry it. */
export function createBackupProgressTracker(): BackupProgressTracker {
  let file: string | undefined;
  let logs = false;
  let finished = false;
  let pending = '';

  const finish = (event: BackupEvent): BackupEvent[] => {
    finished = true;
    return [event];
  };
  const settle = (): BackupEvent[] => {
    if (finished) return [];
    // backup-logs prints no completion line (INFERRED): a quiet return to the prompt is its success.
    if (logs && file !== undefined) return finish({ kind: 'done', file, evidence: 'prompt-returned' });
    const message =
      file === undefined
        ? 'the command ended before printing a backup file name'
        : `the command ended without a completion line for ${file}`;
    return finish({ kind: 'error', message });
  };
  const line = (text: string): BackupEvent[] => {
    const events: BackupEvent[] = [];
    for (const part of cleanCliText(text).split('\n')) {
      if (finished) break;
      const c = classifyBackupLine(part);
      if (c === undefined) continue;
      if (c.kind === 'prompt') events.push(...settle());
      else if (c.kind === 'started') {
        file = c.file;
        logs = c.logs;
        const fileName = parseBackupFileName(c.file);
        events.push({ kind: 'started', file: c.file, ...(fileName === undefined ? {} : { fileName }) });
      } else if (c.kind === 'error') events.push(...finish(c));
      else if (c.kind === 'success') events.push(...finish(done(file)));
      else {
        events.push(c);
        if (c.percent === 100) events.push(...finish(done(file)));
      }
    }
    return events;
  };
  return {
    line,
    write(chunk) {
      const text = pending + chunk.replace(/\r(?!\n)/g, '\n');
      const cut = text.lastIndexOf('\n');
      pending = cut < 0 ? text : text.slice(cut + 1);
      return cut < 0 ? [] : line(text.slice(0, cut));
    },
    end() {
      const rest = pending;
      pending = '';
      return [...(rest === '' ? [] : line(rest)), ...settle()];
    },
    get file() {
      return file;
    },
    get finished() {
      return finished;
    },
  };
}

/** A whole captured transcript at once. */
export function parseBackupTranscript(text: string): BackupEvent[] {
  const tracker = createBackupProgressTracker();
  return [...tracker.write(text), ...tracker.end()];
}

function done(file: string | undefined): BackupEvent {
  return { kind: 'done', ...(file === undefined ? {} : { file }), evidence: 'completion-line' };
}
