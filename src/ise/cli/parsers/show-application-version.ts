import { type CliTimestamp, cliTimestamp } from '../../dates.js';
import { cliLines, isInvalidCommand } from '../clean.js';
import type { ParseNotes } from './notes.js';

export interface InstalledPatch {
  readonly number: number;
  readonly installDate?: CliTimestamp;
}

/** A block ISE lists that is neither the ISE application nor one of its patches (e.g. a hot patch). */
export interface OtherApplicationBlock {
  readonly heading: string;
  readonly fields: Readonly<Record<string, string>>;
}

/**
 * `show application version ise` (ise-cli.md §2.2). Build and install dates are printed without a zone, in
 * the node's clock zone; `CliTimestamp.zoneAssumed` says they were read as UTC.
 */
export interface ApplicationVersion extends ParseNotes {
  /** `Cisco Identity Services Engine`, or its `Express` edition. */
  readonly product?: string;
  /** e.g. `2.4.0.357`. */
  readonly version?: string;
  readonly buildDate?: CliTimestamp;
  readonly installDate?: CliTimestamp;
  /** Highest installed patch number, 0 when none is listed. */
  readonly patch: number;
  readonly patches: readonly InstalledPatch[];
  readonly otherBlocks: readonly OtherApplicationBlock[];
}

export function parseShowApplicationVersion(text: string): ApplicationVersion {
  return readApplicationVersion(cliLines(text), isInvalidCommand(text));
}

interface Block {
  heading: string;
  fields: Record<string, string>;
}

const RULE = /^-{5,}$/;
const FIELD = /^([A-Za-z][A-Za-z ]*?)\s*:\s*(.*)$/;
// `show version` underlines its list title the same way as each block.
const LIST_TITLE = /^Version information of installed applications$/i;
const ISE = /^Cisco Identity Services Engine(?: Express)?$/;
const PATCH = /^Cisco Identity Services Engine(?: Express)? Patch$/;

/** Shared with `show version`, which ends with the same blocks. */
export function readApplicationVersion(lines: readonly string[], invalidCommand = false): ApplicationVersion {
  const warnings: string[] = [];
  const blocks = readBlocks(lines);
  const ise = blocks.find((b) => ISE.test(b.heading));
  const patches: InstalledPatch[] = [];
  const otherBlocks: OtherApplicationBlock[] = [];
  for (const block of blocks) {
    if (block === ise) continue;
    if (!PATCH.test(block.heading)) {
      otherBlocks.push({ heading: block.heading, fields: block.fields });
      continue;
    }
    const number = Number(block.fields.Version);
    if (!Number.isInteger(number) || block.fields.Version === undefined) {
      warnings.push(`patch block without a numeric Version (${block.fields.Version ?? 'missing'})`);
      continue;
    }
    const installDate = block.fields['Install Date'];
    patches.push(installDate === undefined ? { number } : { number, installDate: cliTimestamp(installDate) });
  }
  if (invalidCommand) warnings.push('the CLI rejected the command (invalid command detected)');
  if (ise === undefined) warnings.push('no "Cisco Identity Services Engine" block found');
  else if (ise.fields.Version === undefined) warnings.push('the ISE block has no Version line');
  const patch = patches.reduce((max, p) => Math.max(max, p.number), 0);
  const f = ise?.fields ?? {};
  return {
    recognised: ise !== undefined,
    warnings,
    ...(ise === undefined ? {} : { product: ise.heading }),
    ...(f.Version === undefined ? {} : { version: f.Version }),
    ...(f['Build Date'] === undefined ? {} : { buildDate: cliTimestamp(f['Build Date']) }),
    ...(f['Install Date'] === undefined ? {} : { installDate: cliTimestamp(f['Install Date']) }),
    patch,
    patches,
    otherBlocks,
  };
}

/** A block is a heading line, a dashed rule, then `Key : Value` lines up to a blank line or the next block. */
function readBlocks(lines: readonly string[]): Block[] {
  const blocks: Block[] = [];
  let current: Block | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim();
    const next = (lines[i + 1] ?? '').trim();
    if (line !== '' && !RULE.test(line) && RULE.test(next) && !FIELD.test(line) && !LIST_TITLE.test(line)) {
      current = { heading: line, fields: {} };
      blocks.push(current);
      i++;
      continue;
    }
    if (line === '') {
      current = undefined;
      continue;
    }
    const field = current === undefined ? null : FIELD.exec(line);
    if (current !== undefined && field !== null) current.fields[field[1] ?? ''] = field[2] ?? '';
  }
  return blocks;
}
