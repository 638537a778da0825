import { cliLines, isInvalidCommand } from '../clean.js';
import type { ParseNotes } from './notes.js';

/*
 * `show memory` (ise-cli.md §2.5). The layout is INFERRED: `total memory: N kB` lines, then the output of
 * `free`, whose columns are taken to be KiB (its default). All sizes below are in bytes.
 */

export interface FreeTable {
  readonly totalBytes: number;
  readonly usedBytes: number;
  readonly freeBytes: number;
  readonly sharedBytes?: number;
  readonly buffCacheBytes?: number;
  readonly availableBytes?: number;
}

export interface ShowMemory extends ParseNotes {
  readonly totalBytes?: number;
  readonly freeBytes?: number;
  readonly cachedBytes?: number;
  readonly swapCachedBytes?: number;
  /** The `Mem:` row of `free`; `availableBytes` is the figure that matters for pressure. */
  readonly mem?: FreeTable;
  readonly swap?: FreeTable;
}

const UNIT: Readonly<Record<string, number>> = {
  b: 1,
  kb: 1024,
  kib: 1024,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
};
const SUMMARY = /^\s*(total memory|free memory|cached|swap-cached)\s*:\s*(\d+)\s*([KMG]i?B|B)?\s*$/i;
const SUMMARY_KEY = {
  'total memory': 'totalBytes',
  'free memory': 'freeBytes',
  cached: 'cachedBytes',
  'swap-cached': 'swapCachedBytes',
} as const;

export function parseShowMemory(text: string): ShowMemory {
  const warnings: string[] = [];
  if (isInvalidCommand(text)) warnings.push('the CLI rejected the command (invalid command detected)');
  const summary: { -readonly [K in (typeof SUMMARY_KEY)[keyof typeof SUMMARY_KEY]]?: number } = {};
  let columns: string[] | undefined;
  let mem: FreeTable | undefined;
  let swap: FreeTable | undefined;
  for (const line of cliLines(text)) {
    const s = SUMMARY.exec(line);
    if (s !== null) {
      const key = SUMMARY_KEY[(s[1] ?? '').toLowerCase() as keyof typeof SUMMARY_KEY];
      // INFERRED: a figure without a unit is in kB like its siblings.
      summary[key] = Number(s[2]) * (UNIT[(s[3] ?? 'kB').toLowerCase()] ?? 1024);
      continue;
    }
    if (/^\s*total\s+used\s+free\b/.test(line)) {
      columns = line.trim().split(/\s+/);
      continue;
    }
    const row = /^\s*(Mem|Swap):\s+(.*)$/.exec(line);
    if (row !== null && columns !== undefined) {
      const table = freeRow(columns, (row[2] ?? '').trim().split(/\s+/));
      if (table === undefined) warnings.push(`unreadable free row: ${line.trim()}`);
      else if (row[1] === 'Mem') mem = table;
      else swap = table;
    }
  }
  if (summary.totalBytes === undefined && mem === undefined) warnings.push('no total memory figure found');
  return {
    recognised: summary.totalBytes !== undefined || mem !== undefined,
    warnings,
    ...summary,
    ...(mem === undefined ? {} : { mem }),
    ...(swap === undefined ? {} : { swap }),
  };
}

function freeRow(columns: readonly string[], values: readonly string[]): FreeTable | undefined {
  const get = (name: string): number | undefined => {
    const i = columns.indexOf(name);
    const raw = i < 0 ? undefined : values[i];
    return raw === undefined || !/^\d+$/.test(raw) ? undefined : Number(raw) * 1024;
  };
  const [totalBytes, usedBytes, freeBytes] = [get('total'), get('used'), get('free')];
  if (totalBytes === undefined || usedBytes === undefined || freeBytes === undefined) return undefined;
  const optional = {
    sharedBytes: get('shared'),
    buffCacheBytes: get('buff/cache'),
    availableBytes: get('available'),
  };
  return {
    totalBytes,
    usedBytes,
    freeBytes,
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
  };
}
