import { plain } from '../../src/reply/inline.js';
import type { Block, FindingStatus, Reply, ReplyStatus, Section } from '../../src/reply/model.js';
import { contextLine } from '../../src/reply/text.js';
import type { OutgoingActivity } from './activity.js';
import { actionElement } from './card-actions.js';
import { type ImageLink, imageElements } from './card-image.js';
import { type CardElement, clip, lines, markdownSafe, type RunStyle, textLine } from './card-text.js';

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: '1.5';
  msteams: { width: 'Full' };
  body: CardElement[];
  actions?: CardElement[];
}

export const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

/**
 * Bytes per card activity we build. The ceiling is 28 KB (the strictest Teams figure, see
 * chat-platforms.md §8); 2 KB stay free for what the SDK adds on the way out (serviceUrl, from,
 * recipient, conversation, replyToId).
 */
export const CARD_BUDGET = 28 * 1024 - 2048;

const FACTS_PER_SET = 25;

const REPLY_MARK: Record<ReplyStatus, string> = {
  ok: '✅',
  info: 'ℹ️',
  warn: '⚠️',
  fail: '❌',
  error: '❗',
  denied: '⛔',
  confirm: '❓',
};
const FINDING_MARK: Record<FindingStatus, string> = {
  pass: '✅',
  warn: '⚠️',
  fail: '❌',
  error: '❗',
  manual: '📝',
  info: 'ℹ️',
};
const COLOR: Partial<Record<ReplyStatus | FindingStatus, RunStyle['color']>> = {
  ok: 'Good',
  pass: 'Good',
  warn: 'Warning',
  fail: 'Attention',
  error: 'Attention',
  denied: 'Attention',
};

/** Items that stop an upgrade come first (as on Slack); everything else keeps the Reply's order. */
export function blockingFirst(sections: readonly Section[]): Section[] {
  const blocking = (s: Section) => s.status === 'fail' || s.status === 'error';
  const slots = sections.flatMap((s, i) => (s.status ? [i] : []));
  const statused = slots.map((i) => sections[i] as Section);
  const sorted = [...statused.filter(blocking), ...statused.filter((s) => !blocking(s))];
  const out = [...sections];
  slots.forEach((slot, k) => {
    out[slot] = sorted[k] as Section;
  });
  return out;
}

/** A card as the message activity that carries it; its serialized size is what the budget counts. */
export function cardActivity(card: AdaptiveCard, summary: string): OutgoingActivity {
  return {
    type: 'message',
    summary: clip(summary, 200),
    attachments: [{ contentType: ADAPTIVE_CARD, content: card }],
  };
}

/**
 * The Reply as one or more Adaptive Cards, each within `budget` bytes as an activity: title (with
 * "part i/n" when split), lead, sections in order, then on the last card the context line and the
 * buttons. Nothing is dropped; a long report just takes more cards.
 */
export function renderCards(reply: Reply, budget = CARD_BUDGET, link?: ImageLink): AdaptiveCard[] {
  const body = [
    ...(reply.lead ? lines(reply.lead).map((l) => textLine(l)) : []),
    ...imageElements(reply.images, link),
    ...blockingFirst(reply.sections).flatMap(sectionElements),
  ];
  const footer = contextElements(reply);
  const actions = reply.actions.map(actionElement);
  const overhead = size(cardActivity(card(header(reply, 999, 999), footer, actions), reply.title));
  const pages: CardElement[][] = [[]];
  let used = overhead;
  for (const element of body) {
    const cost = size(element) + 1;
    const page = pages[pages.length - 1] as CardElement[];
    if (used + cost > budget && page.length > 0) {
      pages.push([element]);
      used = overhead + cost;
    } else {
      page.push(element);
      used += cost;
    }
  }
  return pages.map((page, i) => {
    const last = i === pages.length - 1;
    return card(
      [...header(reply, i + 1, pages.length), ...page, ...(last ? footer : [])],
      [],
      last ? actions : [],
    );
  });
}

function card(body: CardElement[], footer: CardElement[], actions: CardElement[]): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    msteams: { width: 'Full' },
    body: [...body, ...footer],
    ...(actions.length > 0 ? { actions } : {}),
  };
}

function header(reply: Reply, part: number, parts: number): CardElement[] {
  const suffix = parts > 1 ? ` (${part}/${parts})` : '';
  const color = COLOR[reply.status];
  const style: RunStyle = { weight: 'Bolder', size: 'Medium', ...(color ? { color } : {}) };
  return [textLine(`${REPLY_MARK[reply.status]} ${clip(reply.title, 300)}${suffix}`, style)];
}

function contextElements(reply: Reply): CardElement[] {
  const line = contextLine(reply);
  return line ? [textLine(line, { size: 'Small', isSubtle: true }, { separator: true })] : [];
}

function sectionElements(section: Section): CardElement[] {
  const out: CardElement[] = [];
  if (section.title) {
    const color = section.status ? COLOR[section.status] : undefined;
    const mark = section.status ? `${FINDING_MARK[section.status]} ` : '';
    const style: RunStyle = { weight: 'Bolder', ...(color ? { color } : {}) };
    out.push(textLine(`${mark}${clip(section.title, 300)}`, style, { separator: true, spacing: 'Medium' }));
  }
  for (const block of section.blocks) out.push(...blockElements(block));
  return out;
}

function blockElements(block: Block): CardElement[] {
  switch (block.type) {
    case 'text':
      return lines(plain(block.text)).map((l) => textLine(l, {}, { spacing: 'None' }));
    case 'list':
      return block.items.flatMap((item) =>
        lines(`• ${plain(item)}`).map((l) => textLine(l, {}, { spacing: 'None' })),
      );
    case 'fields':
      return factSets(block.fields.map((f) => [f.label, plain(f.value)]));
    case 'table':
      return block.columns.length === 2
        ? factSets(block.rows.map((r) => [r[0] ?? '', r[1] ?? '']))
        : tableRows(block.columns, block.rows);
  }
}

/** Facts in sets of a few dozen, so a card can break between them. */
function factSets(pairs: Array<[string, string]>): CardElement[] {
  const out: CardElement[] = [];
  for (let i = 0; i < pairs.length; i += FACTS_PER_SET) {
    const facts = pairs.slice(i, i + FACTS_PER_SET).map(([title, value]) => ({
      title: markdownSafe(clip(title, 200)),
      value: markdownSafe(clip(value, 1500)),
    }));
    out.push({ type: 'FactSet', facts, spacing: 'Small' });
  }
  return out;
}

/** A header row and one ColumnSet per row: each row is its own element, so a card can break anywhere. */
function tableRows(columns: string[], rows: string[][]): CardElement[] {
  const row = (cells: string[], style: RunStyle): CardElement => ({
    type: 'ColumnSet',
    spacing: 'None',
    columns: columns.map((_, i) => ({
      type: 'Column',
      width: 'stretch',
      items: [textLine(clip(cells[i] ?? '', 500), style, { spacing: 'None' })],
    })),
  });
  return [row(columns, { weight: 'Bolder' }), ...rows.map((r) => row(r, {}))];
}

function size(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}
