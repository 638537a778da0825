import type { types } from '@slack/bolt';
import { plain } from '../../src/reply/inline.js';
import type { Block, FindingStatus, Rich, Section } from '../../src/reply/model.js';
import type { SlackLimits } from './limits.js';
import { alignTable, chunkLines, clipEscaped, codeChunks, escapeMrkdwn } from './mrkdwn.js';
import { richMrkdwn } from './rich.js';

type KnownBlock = types.KnownBlock;

export const FINDING_EMOJI: Record<FindingStatus, string> = {
  pass: ':white_check_mark:',
  warn: ':warning:',
  fail: ':x:',
  error: ':heavy_exclamation_mark:',
  manual: ':memo:',
  info: ':information_source:',
};

export function mrkdwnSection(text: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

/** What rendering the sections of one reply shares. */
export interface SectionContext {
  limits: SlackLimits;
  /** The file attached to the reply's thread: tables too wide for a phone are put there, not printed. */
  fileName: string;
  /** How many tables were left to the file (the caller then attaches it). */
  wideTables: number;
  /** block_ids given so far: Slack refuses a message where one repeats. */
  blockIds: Set<string>;
}

/**
 * One neutral Section as Slack blocks: title, text, lists and small tables merged into as few section
 * blocks as the 3,000-character limit allows (blocks are the scarcer budget: 50 a message), and fields
 * as section fields, ten at most per block. A section with an id gives its blocks block_ids derived
 * from it (`finding:ntp`, `finding:ntp#2`…), so a click can find and update that item in place.
 */
export function sectionBlocks(section: Section, ctx: SectionContext): KnownBlock[] {
  const out = sectionBody(section, ctx);
  if (section.id && section.id.length <= 200) {
    out.forEach((block, i) => {
      const id = i === 0 ? section.id : `${section.id}#${i + 1}`;
      if (id === undefined || ctx.blockIds.has(id)) return;
      ctx.blockIds.add(id);
      block.block_id = id;
    });
  }
  return out;
}

function sectionBody(section: Section, ctx: SectionContext): KnownBlock[] {
  const { limits } = ctx;
  const out: KnownBlock[] = [];
  let lines: string[] = [];
  if (section.title) {
    const mark = section.status ? `${FINDING_EMOJI[section.status]} ` : '';
    lines.push(`${mark}*${escapeMrkdwn(section.title)}*`);
  }
  const flush = () => {
    for (const chunk of chunkLines(lines.join('\n'), limits.sectionText)) out.push(mrkdwnSection(chunk));
    lines = [];
  };
  for (const block of section.blocks) {
    if (block.type === 'fields' || (block.type === 'table' && fitsAsFields(block, limits))) {
      // A heading line stays with the fields it introduces when both fit in one block.
      const heading = lines.join('\n');
      lines = [];
      const fieldBlocks =
        block.type === 'fields' ? fieldSections(block.fields, limits) : rowSections(block, limits);
      const first = fieldBlocks[0];
      if (
        heading !== '' &&
        first?.type === 'section' &&
        first.text === undefined &&
        heading.length <= limits.sectionText
      ) {
        first.text = { type: 'mrkdwn', text: heading };
      } else if (heading !== '') {
        lines = [heading];
        flush();
      }
      out.push(...fieldBlocks);
      continue;
    }
    if (block.type === 'table') {
      const aligned = alignTable(block.columns, block.rows);
      const width = Math.max(...aligned.map((l) => l.length));
      if (width > limits.wideTable) {
        // A phone shows about 40 monospace characters and wraps the rest into noise: the file has it.
        ctx.wideTables += 1;
        lines.push(
          `_The table (${block.rows.length} ${block.rows.length === 1 ? 'row' : 'rows'}, ${width} characters wide) is too wide to read here: it is in the attached file ${escapeMrkdwn(ctx.fileName)}._`,
        );
        continue;
      }
      // Code blocks cannot share a section with other lines safely once chunked: flush around them.
      flush();
      for (const chunk of codeChunks(aligned.map(escapeMrkdwn), limits.sectionText))
        out.push(mrkdwnSection(chunk));
      continue;
    }
    lines.push(...textLines(block));
  }
  flush();
  return out;
}

function textLines(block: Block): string[] {
  switch (block.type) {
    case 'text':
      return [richMrkdwn(block.text)];
    case 'list':
      return block.items.map((item) => `• ${richMrkdwn(item)}`);
    default:
      return [];
  }
}

interface LabelValue {
  label: string;
  value: Rich;
}

function fieldSections(fields: readonly LabelValue[], limits: SlackLimits, text?: string): KnownBlock[] {
  const out: KnownBlock[] = [];
  for (let i = 0; i < fields.length; i += limits.fieldsPerSection) {
    const group = fields.slice(i, i + limits.fieldsPerSection).map((f) => ({
      type: 'mrkdwn' as const,
      text: fieldText(f, limits.fieldText),
    }));
    out.push({
      type: 'section',
      ...(i === 0 && text !== undefined ? { text: { type: 'mrkdwn' as const, text } } : {}),
      fields: group,
    });
  }
  return out;
}

/** Label and value; a value too long is shortened as plain text, so no mention or date token is cut. */
function fieldText(field: LabelValue, max: number): string {
  const label = `*${escapeMrkdwn(field.label)}*\n`;
  const rich = `${label}${richMrkdwn(field.value)}`;
  if (rich.length <= max) return rich;
  return `${label}${clipEscaped(plain(field.value), Math.max(1, max - label.length))}`;
}

/** A handful of rows with a few columns read best as one section per row (per node): name, then fields. */
function fitsAsFields(block: Extract<Block, { type: 'table' }>, limits: SlackLimits): boolean {
  return (
    block.columns.length >= 3 &&
    block.columns.length <= limits.fieldsPerSection + 1 &&
    block.rows.length > 0 &&
    block.rows.length <= 10 &&
    block.rows.every((r) => r.every((c) => c.length <= 500))
  );
}

function rowSections(block: Extract<Block, { type: 'table' }>, limits: SlackLimits): KnownBlock[] {
  return block.rows.flatMap((row) => {
    const fields = block.columns.slice(1).map((label, i) => ({ label, value: row[i + 1] || '-' }));
    return fieldSections(fields, limits, `*${escapeMrkdwn(row[0] || '-')}*`);
  });
}

/** The characters of a block that count against Slack's cumulative text limit. */
export function blockTextLength(block: KnownBlock): number {
  switch (block.type) {
    case 'section':
      return (block.text?.text.length ?? 0) + (block.fields ?? []).reduce((n, f) => n + f.text.length, 0);
    case 'header':
      return block.text.text.length;
    case 'context':
      return block.elements.reduce(
        (n, e) => n + ('text' in e && typeof e.text === 'string' ? e.text.length : 0),
        0,
      );
    case 'actions':
      return block.elements.reduce((n, e) => n + JSON.stringify(e).length, 0);
    default:
      return JSON.stringify(block).length;
  }
}
