import type {
  Block,
  FindingStatus,
  Reply,
  ReplyStatus,
  Section,
  StatusCounts,
} from '../../src/reply/model.js';
import { contextLine, countPhrases, fallbackText } from '../../src/reply/text.js';
import type { OutgoingActivity } from './activity.js';
import { actionElement, moreAction, showCardAction, splitActions, VISIBLE_ACTIONS } from './card-actions.js';
import { type ImageLink, imageElements } from './card-image.js';
import {
  type CardElement,
  CardText,
  clip,
  type MentionEntity,
  markdownSafe,
  mergeRuns,
  type RunStyle,
  runText,
} from './card-text.js';
import { type CardVersion, requiredVersion } from './card-version.js';

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  /** The lowest version the card needs (`requiredVersion`); older clients show `fallbackText`. */
  version: CardVersion;
  /** What a client that cannot render the card shows, and what notifications preview. */
  fallbackText: string;
  msteams: { width: 'Full'; entities?: MentionEntity[] };
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
/** Characters of table rows per RichTextBlock, so a card can break inside a long table. */
const TABLE_CHUNK = 2000;

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
/** How the counts line names each status. */
const COLOR: Partial<Record<ReplyStatus | FindingStatus, RunStyle['color']>> = {
  ok: 'Good',
  pass: 'Good',
  warn: 'Warning',
  fail: 'Attention',
  error: 'Attention',
  denied: 'Attention',
};

/** A card as the message activity that carries it; its serialized size is what the budget counts. */
export function cardActivity(card: AdaptiveCard, summary: string): OutgoingActivity {
  return {
    type: 'message',
    summary: clip(summary, 200),
    attachments: [{ contentType: ADAPTIVE_CARD, content: card }],
  };
}

/**
 * The Reply as Adaptive Cards, each within `budget` bytes as an activity. Element [0] is the one card
 * for the channel: title, lead, counts, the sections that are not detail (in the Reply's order: the
 * core orders them), the context line, and at most five buttons, detail sections behind "Show details"
 * and the less used buttons behind "More". What does not fit goes, in order, to further cards that the
 * adapter posts in the first card's thread. Nothing is dropped.
 */
export function renderCards(reply: Reply, budget = CARD_BUDGET, link?: ImageLink): AdaptiveCard[] {
  const text = new CardText();
  const head = [...headElements(reply, text), ...imageElements(reply.images, link)];
  const foot = contextElements(reply);
  const main = reply.sections.filter((s) => !s.detail).map((s) => sectionElements(s, text));
  const details = reply.sections.filter((s) => s.detail).map((s) => sectionElements(s, text));
  const fallback = cardFallback(reply);

  const hasDetails = details.length > 0;
  const { shown, more } = splitActions(reply.actions, VISIBLE_ACTIONS - (hasDetails ? 1 : 0));
  const moreButton = more.length > 0 ? [moreAction(more)] : [];
  const buttons = shown.map(actionElement);
  const actionsWith = (shownDetails: CardElement[]) => [
    ...buttons,
    ...(shownDetails.length > 0 ? [showCardAction('Show details', shownDetails)] : []),
    ...moreButton,
  ];

  // Mentions cost bytes too: count them all against every card (an upper bound).
  const entities = text.entities;
  const build = (body: CardElement[], actions: CardElement[]) =>
    card(body, actions, fallback, entities, JSON.stringify([body, actions]));
  const overhead = size(
    cardActivity(build([...head, continuedNote(99, 99), ...foot], actionsWith([textStub()])), reply.title),
  );

  // The channel card: whole main sections while they fit, then whole detail sections behind "Show
  // details"; from the first that does not fit on, everything goes to the thread, in order.
  let used = overhead;
  const body: CardElement[] = [];
  const shownDetails: CardElement[] = [];
  const rest: CardElement[] = [];
  let restMain = 0;
  let restDetails = 0;
  const place = (groups: CardElement[][], into: CardElement[], isMain: boolean) => {
    for (const group of groups) {
      const cost = group.reduce((sum, e) => sum + size(e) + 1, 0);
      if (rest.length === 0 && used + cost <= budget) {
        into.push(...group);
        used += cost;
      } else if (rest.length === 0 && cost > (budget - overhead) / 2) {
        // A section too big for any card whole: as much of it here as fits, the rest in the thread.
        const fitting = group.findIndex((e) => {
          used += size(e) + 1;
          return used > budget;
        });
        const cut = fitting < 0 ? group.length : fitting;
        into.push(...group.slice(0, cut));
        rest.push(...group.slice(cut));
        if (isMain) restMain++;
        else restDetails++;
      } else {
        rest.push(...group);
        if (isMain) restMain++;
        else restDetails++;
      }
    }
  };
  place(main, body, true);
  place(details, shownDetails, false);
  if (rest.length === 0) return [build([...head, ...body, ...foot], actionsWith(shownDetails))];
  const note = continuedNote(restMain, restDetails);
  const first = build([...head, ...body, note, ...foot], actionsWith(shownDetails));
  return [first, ...continuation(reply, rest, budget, fallback, text)];
}

/** The elements that did not fit the channel card, on as many thread cards as they need. */
function continuation(
  reply: Reply,
  elements: CardElement[],
  budget: number,
  fallback: string,
  text: CardText,
): AdaptiveCard[] {
  const title = (part: number, parts: number) =>
    textLineRuns(text, `${clip(reply.title, 300)} (continued ${part}/${parts})`, { weight: 'Bolder' });
  const overhead = size(cardActivity(card([title(99, 99)], [], fallback, text.entities, ''), reply.title));
  const pages: CardElement[][] = [[]];
  let used = overhead;
  for (const element of elements) {
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
    const body = [title(i + 1, pages.length), ...page];
    return card(body, [], fallback, text.entities, JSON.stringify(body));
  });
}

function card(
  body: CardElement[],
  actions: CardElement[],
  fallbackText: string,
  entities: MentionEntity[],
  json: string,
): AdaptiveCard {
  const used = entities.filter((m) => json.includes(JSON.stringify(m.text).slice(1, -1)));
  const built: AdaptiveCard = {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.2',
    fallbackText,
    msteams: { width: 'Full', ...(used.length > 0 ? { entities: used } : {}) },
    body,
    ...(actions.length > 0 ? { actions } : {}),
  };
  built.version = requiredVersion(built);
  return built;
}

/** Title and lead in a sentence, for clients that cannot show the card (markdown, so escaped). */
/** The one notification wording (title, counts, lead as sentences), for clients that cannot show the card. */
function cardFallback(reply: Reply): string {
  return markdownSafe(clip(fallbackText(reply), 500));
}

function headElements(reply: Reply, text: CardText): CardElement[] {
  const color = COLOR[reply.status];
  const style: RunStyle = { weight: 'Bolder', size: 'Medium', ...(color ? { color } : {}) };
  return [
    textLineRuns(text, `${REPLY_MARK[reply.status]} ${clip(reply.title, 300)}`, style),
    ...(reply.lead ? text.paragraph(reply.lead, {}, { spacing: 'Small' }) : []),
    ...(reply.counts ? countsElements(reply.counts) : []),
  ];
}

/** `❌ 2 blocking · ⚠️ 3 warnings · ✅ 19 passed`: the one wording (`countPhrases`), marked and coloured. */
function countsElements(counts: StatusCounts): CardElement[] {
  const runs: CardElement[] = [];
  for (const { status, text } of countPhrases(counts)) {
    if (runs.length > 0) runs.push({ type: 'TextRun', text: ' · ', isSubtle: true });
    const color = COLOR[status];
    runs.push({
      type: 'TextRun',
      text: `${FINDING_MARK[status]} ${text}`,
      ...(color && status !== 'pass' ? { color } : {}),
      ...(status === 'fail' ? { weight: 'Bolder' } : {}),
    });
  }
  return runs.length === 0 ? [] : [{ type: 'RichTextBlock', inlines: runs, spacing: 'Small' }];
}

function contextElements(reply: Reply): CardElement[] {
  const line = contextLine(reply);
  return line
    ? [
        {
          type: 'RichTextBlock',
          inlines: [{ type: 'TextRun', text: runText(line), size: 'Small', isSubtle: true }],
          separator: true,
        },
      ]
    : [];
}

/** Where the rest went: "3 more items and more details in the replies to this message." */
function continuedNote(items: number, details: number): CardElement {
  const what =
    items > 0
      ? `${items} more ${items === 1 ? 'item' : 'items'}${details > 0 ? ' and more details' : ''}`
      : 'More details';
  return {
    type: 'RichTextBlock',
    inlines: [
      { type: 'TextRun', text: `${what} in the replies to this message.`, isSubtle: true, italic: true },
    ],
    spacing: 'Small',
  };
}

/** A placeholder the size of nothing, so the overhead counts the "Show details" button itself. */
function textStub(): CardElement {
  return { type: 'RichTextBlock', inlines: [] };
}

function textLineRuns(text: CardText, line: string, style: RunStyle): CardElement {
  return { type: 'RichTextBlock', inlines: text.runs(line, style) };
}

function sectionElements(section: Section, text: CardText): CardElement[] {
  const out: CardElement[] = [];
  if (section.title) {
    const color = section.status ? COLOR[section.status] : undefined;
    const mark = section.status ? `${FINDING_MARK[section.status]} ` : '';
    const style: RunStyle = { weight: 'Bolder', ...(color ? { color } : {}) };
    out.push({
      ...textLineRuns(text, `${mark}${clip(section.title, 300)}`, style),
      separator: true,
      spacing: 'Medium',
    });
  }
  for (const block of section.blocks) out.push(...blockElements(block, text));
  return out;
}

function blockElements(block: Block, text: CardText): CardElement[] {
  switch (block.type) {
    case 'text':
      return text.paragraph(block.text, {}, { spacing: 'Small' });
    case 'list':
      return text.lines(
        block.items.map((item) => (typeof item === 'string' ? `• ${item}` : ['• ', ...item])),
        {},
        { spacing: 'None' },
      );
    case 'fields':
      return block.fields.some((f) => CardText.needsMarkdown(f.value))
        ? block.fields.map((f) => ({
            type: 'TextBlock',
            text: `**${markdownSafe(f.label)}**: ${text.markdown(f.value)}`,
            wrap: true,
            spacing: 'None',
          }))
        : factSets(block.fields.map((f) => [f.label, text.markdown(f.value)]));
    case 'table':
      return block.columns.length === 2
        ? factSets(block.rows.map((r) => [r[0] ?? '', markdownSafe(r[1] ?? '')]))
        : tableRows(block.columns, block.rows, text);
  }
}

/** Facts in sets of a few dozen, so a card can break between them; values are markdown already. */
function factSets(pairs: Array<[string, string]>): CardElement[] {
  const out: CardElement[] = [];
  for (let i = 0; i < pairs.length; i += FACTS_PER_SET) {
    const facts = pairs.slice(i, i + FACTS_PER_SET).map(([title, value]) => ({
      title: markdownSafe(clip(title, 200)),
      value: clip(value, 1500),
    }));
    out.push({ type: 'FactSet', facts, spacing: 'Small' });
  }
  return out;
}

/**
 * A table of three or more columns: a subtle header line, then a line per row, its first cell bold
 * (where a wrapped row starts) and the other cells after it between " · ". Columns of ColumnSets would
 * cost some 400 bytes a row (a 220-row port table alone would outgrow a card) and wrap badly on a phone.
 */
function tableRows(columns: string[], rows: string[][], text: CardText): CardElement[] {
  const cells = (r: string[]) => columns.map((_, i) => clip(r[i] ?? '', 500));
  const out: CardElement[] = [
    {
      type: 'RichTextBlock',
      inlines: [{ type: 'TextRun', text: cells(columns).join(' · '), isSubtle: true }],
      spacing: 'Small',
    },
  ];
  let runs: CardElement[] = [];
  let chars = 0;
  const flush = () => {
    if (runs.length > 0) out.push({ type: 'RichTextBlock', inlines: mergeRuns(runs), spacing: 'None' });
    runs = [];
    chars = 0;
  };
  for (const row of rows) {
    const [first = '', ...rest] = cells(row);
    const length = first.length + rest.join(' · ').length + 3;
    if (chars > 0 && chars + length > TABLE_CHUNK) flush();
    if (chars > 0) runs.push({ type: 'TextRun', text: '\n' });
    runs.push(...text.runs(first, { weight: 'Bolder' }));
    if (rest.length > 0) runs.push(...text.runs(` · ${rest.join(' · ')}`));
    chars += length + 1;
  }
  flush();
  return out;
}

function size(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}
