import { cliLines, isInvalidCommand } from '../clean.js';
import type { ParseNotes } from './notes.js';

/*
 * `show disks` (ise-cli.md §2.5). The whole layout is INFERRED from the ADE-OS reference, including the
 * unit: the figures are taken to be 1K blocks, as `df` prints them. All sizes below are in bytes.
 */

export interface Filesystem {
  readonly mount: string;
  /** The heading the row was listed under, e.g. `Internal filesystems`. */
  readonly section?: string;
  readonly usedPercent: number;
  readonly usedBytes: number;
  readonly totalBytes: number;
  readonly freeBytes: number;
}

export interface ShowDisks extends ParseNotes {
  readonly filesystems: readonly Filesystem[];
  /** True for "all internal filesystems have sufficient free space", false when a warning replaces it. */
  readonly sufficientFreeSpace?: boolean;
  /** Lines that look like a space warning, verbatim; the wording is unknown (INFERRED). */
  readonly alerts: readonly string[];
}

const ROW = /^\s*(\S+) : (\d+)% used \(\s*(\d+) of\s*(\d+)\)/;
const KIB = 1024;

export function parseShowDisks(text: string): ShowDisks {
  const warnings: string[] = [];
  const filesystems: Filesystem[] = [];
  const alerts: string[] = [];
  let section: string | undefined;
  let sufficientFreeSpace: boolean | undefined;
  if (isInvalidCommand(text)) warnings.push('the CLI rejected the command (invalid command detected)');
  for (const line of cliLines(text)) {
    const row = ROW.exec(line);
    if (row !== null) {
      const [, mount = '', percent, used, total] = row;
      const usedBytes = Number(used) * KIB;
      const totalBytes = Number(total) * KIB;
      filesystems.push({
        mount,
        ...(section === undefined ? {} : { section }),
        usedPercent: Number(percent),
        usedBytes,
        totalBytes,
        freeBytes: Math.max(0, totalBytes - usedBytes),
      });
      continue;
    }
    const trimmed = line.trim();
    const heading = /^([A-Za-z][\w ]*filesystems):$/i.exec(trimmed);
    if (heading?.[1] !== undefined) section = heading[1];
    else if (/have sufficient free space/i.test(trimmed)) sufficientFreeSpace = true;
    else if (/insufficient|not enough|exceed|threshold|warning|low (?:disk )?space/i.test(trimmed)) {
      alerts.push(trimmed);
      sufficientFreeSpace = false;
    }
  }
  if (filesystems.length === 0) warnings.push('no "<mount> : N% used (U of T)" rows found');
  if (sufficientFreeSpace === undefined) warnings.push('no free-space summary line found');
  return {
    recognised: filesystems.length > 0,
    warnings,
    filesystems,
    ...(sufficientFreeSpace === undefined ? {} : { sufficientFreeSpace }),
    alerts,
  };
}
