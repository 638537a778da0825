import { cliLines, isInvalidCommand } from '../clean.js';
import type { ParseNotes } from './notes.js';

/** States seen verbatim (ise-cli.md §2.3). Others are kept as printed; `state` is never normalised. */
export const KNOWN_PROCESS_STATES = ['running', 'disabled', 'not running', 'initializing'] as const;

export interface IseProcess {
  /** Exactly as printed, e.g. `M&T Session Database`, `DHCP Server (dhcpd)`. */
  readonly name: string;
  /** Exactly as printed, e.g. `running`, `not running`, `initializing`. */
  readonly state: string;
  readonly pid?: number;
  /** `Database Server` prints `<n> PROCESSES` in the PID column. */
  readonly processCount?: number;
  /** Anything else in the third column, verbatim. */
  readonly detail?: string;
}

export interface ApplicationStatus extends ParseNotes {
  readonly processes: readonly IseProcess[];
}

// Header columns start at 0, 39 and 56 (ise-cli.md §2.3). Used only when a row's gaps are single spaces.
const STATE_COLUMN = 39;
const PID_COLUMN = 56;
const KNOWN_STATE = new RegExp(`^(.+?)\\s+(${KNOWN_PROCESS_STATES.join('|')})(?:\\s+(\\S.*))?$`);

export function parseShowApplicationStatus(text: string): ApplicationStatus {
  const lines = cliLines(text);
  const warnings: string[] = [];
  const headerAt = lines.findIndex((l) => /^\s*ISE PROCESS NAME\s+STATE\b/.test(l));
  if (isInvalidCommand(text)) warnings.push('the CLI rejected the command (invalid command detected)');
  if (headerAt < 0) {
    warnings.push('no "ISE PROCESS NAME  STATE  PROCESS ID" header found');
    return { recognised: false, warnings, processes: [] };
  }
  const processes: IseProcess[] = [];
  for (const line of lines.slice(headerAt + 1)) {
    if (line.trim() === '' || /^-+$/.test(line.trim())) continue;
    const row = readRow(line);
    if (row === undefined) warnings.push(`unreadable process row: ${line.trim()}`);
    else processes.push(row);
  }
  if (processes.length === 0) warnings.push('the process table is empty');
  return { recognised: true, warnings, processes };
}

function readRow(line: string): IseProcess | undefined {
  const known = KNOWN_STATE.exec(line.trim());
  // Columns are separated by runs of spaces; a row without one falls back to the header's positions.
  const parts = known === null ? line.trim().split(/\s{2,}/) : known.slice(1);
  const [name, state, rest] =
    parts.length >= 2 || line.length <= STATE_COLUMN
      ? [parts[0], parts[1], parts.slice(2).join('  ') || undefined]
      : [line.slice(0, STATE_COLUMN), line.slice(STATE_COLUMN, PID_COLUMN), line.slice(PID_COLUMN)];
  const cleanName = name?.trim() ?? '';
  const cleanState = state?.trim() ?? '';
  if (cleanName === '' || cleanState === '') return undefined;
  return { name: cleanName, state: cleanState, ...thirdColumn(rest?.trim() ?? '') };
}

function thirdColumn(text: string): Pick<IseProcess, 'pid' | 'processCount' | 'detail'> {
  if (text === '') return {};
  if (/^\d+$/.test(text)) return { pid: Number(text) };
  const count = /^(\d+) PROCESSES$/i.exec(text);
  if (count !== null) return { processCount: Number(count[1]) };
  return { detail: text };
}
