import type { types } from '@slack/bolt';
import { plain } from '../../src/reply/inline.js';
import type { Block, FindingStatus, Section } from '../../src/reply/model.js';
import type { SlackLimits } from './limits.js';
import { alignTable, chunkLines, clip, codeChunks, escapeMrkdwn } from './mrkdwn.js';

type KnownBlock = types.KnownBlock;

export const FINDING_EMOJI: Record<FindingStatus, string> = {
  pass: ':white_check_mark:',
  warn: ':warning:',
  fail: ':x:',
  error: ':heavy_exclamation_mark:',
  manual: ':memo:',
  info: ':information_source:',
};

/** Items that stop an upgrade: shown before the rest so nobody scrolls past them. */
const BLOCKING: ReadonlySet<FindingStatus | undefined> = new Set(['fail', 'error']);

/**
 * Blocking sections first, otherwise the Reply's order: statused sections are stably re-sorted among
 * the slots statused sections held, so an untitled summary or lead section keeps its place.
 */
export function blockingFirst(sections: readonly Section[]): Section[] {
  const slots = sections.flatMap((s, i) => (s.status ? [i] : []));
  const statused = slots.map((i) => sections[i] as Section);
  const sorted = [
    ...statused.filter((s) => BLOCKING.has(s.status)),
    ...statused.filter((s) => !BLOCKING.has(s.status)),
  ];
  const out = [...sections];
  slots.forEach((slot, k) => {
    out[slot] = sorted[k] as Section;
  });
  return out;
}

export function mrkdwnSection(text: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

/**
 * One neutral Section as Slack blocks: title, text, lists and small tables merged into as few section
 * blocks as the 3,000-character limit allows (blocks are the scarcer budget: 50 a message), and fields
 * as section fields, ten at most per block.
 */
export function sectionBlocks(section: Section, limits: SlackLimits): KnownBlock[] {
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
        block.type === 'fields'
          ? fieldSections(
              block.fields.map((f) => ({ label: f.label, value: plain(f.value) })),
              limits,
            )
          : rowSections(block, limits);
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
      // Code blocks cannot share a section with other lines safely once chunked: flush around them.
      flush();
      const raw = alignTable(block.columns, block.rows).map(escapeMrkdwn);
      for (const chunk of codeChunks(raw, limits.sectionText)) out.push(mrkdwnSection(chunk));
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
      return [escapeMrkdwn(plain(block.text))];
    case 'list':
      return block.items.map((item) => `• ${escapeMrkdwn(plain(item))}`);
    default:
      return [];
  }
}

interface LabelValue {
  label: string;
  value: string;
}

function fieldSections(fields: readonly LabelValue[], limits: SlackLimits, text?: string): KnownBlock[] {
  const out: KnownBlock[] = [];
  for (let i = 0; i < fields.length; i += limits.fieldsPerSection) {
    const group = fields.slice(i, i + limits.fieldsPerSection).map((f) => ({
      type: 'mrkdwn' as const,
      text: clip(`*${escapeMrkdwn(f.label)}*\n${escapeMrkdwn(f.value)}`, limits.fieldText),
    }));
    out.push({
      type: 'section',
      ...(i === 0 && text !== undefined ? { text: { type: 'mrkdwn' as const, text } } : {}),
      fields: group,
    });
  }
  return out;
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
