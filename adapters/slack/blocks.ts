import type { types } from '@slack/bolt';
import type { Action, Reply, ReplyImage, ReplyStatus } from '../../src/reply/model.js';
import { contextLine, countPhrases, countsText, fallbackText, renderText } from '../../src/reply/text.js';
import { actionBlocks } from './buttons.js';
import { SLACK_LIMITS, type SlackLimits } from './limits.js';
import { clip, clipEscaped, escapeMrkdwn } from './mrkdwn.js';
import {
  blockTextLength,
  FINDING_EMOJI,
  mrkdwnSection,
  type SectionContext,
  sectionBlocks,
} from './sections.js';
import { pack } from './split.js';

type KnownBlock = types.KnownBlock;

export interface SlackMessage {
  /** Plain-text fallback: notifications, screen readers, clients without Block Kit. */
  text: string;
  blocks: KnownBlock[];
}

export interface ReportFile {
  filename: string;
  title: string;
  content: string;
}

/**
 * A Reply as Slack messages: the summary, the thread replies posted with it, the details a "Show
 * details" click posts, and the whole report as a file when long or holding a wide table.
 */
export interface SlackRendering {
  main: SlackMessage;
  thread: SlackMessage[];
  details: SlackMessage[];
  file?: ReportFile;
  /** The reply's pictures, uploaded into the summary's thread (delivery.ts). */
  images?: readonly ReplyImage[];
}

export const STATUS_EMOJI: Record<ReplyStatus, string> = {
  ok: ':white_check_mark:',
  info: ':information_source:',
  warn: ':warning:',
  fail: ':x:',
  error: ':rotating_light:',
  denied: ':no_entry:',
  confirm: ':raised_hand:',
};

export { ACTION_PREFIX } from './buttons.js';

/** Text kept free in the summary for the "details in the thread" note, which is written after packing. */
const NOTE_RESERVE = 300;

export interface RenderOptions {
  /**
   * Where detail sections go: `button` (default) keeps them back for a "Show details" click, which
   * posts them in the thread; `thread` posts them there at once (a reply already inside a thread, or
   * one sent through a response_url, where a later click could not post).
   */
  details?: 'button' | 'thread';
}

/** The neutral id of the "Show details" button (`ise:details`). */
export const DETAILS_ACTION = 'details';

export function renderReply(
  reply: Reply,
  limits: SlackLimits = SLACK_LIMITS,
  options: RenderOptions = {},
): SlackRendering {
  const mode = options.details ?? 'button';
  const counts = countLine(reply);
  const head = headBlocks(reply, counts, limits);
  const fileName = reportFileName(reply);
  const ctx: SectionContext = { limits, fileName, wideTables: 0, blockIds: new Set() };
  const units = (detail: boolean) =>
    reply.sections
      .filter((s) => (s.detail ?? false) === detail)
      .map((s) => sectionBlocks(s, ctx))
      .filter((u) => u.length > 0);
  const mainUnits = units(false);
  // A wide table in the summary already names the file there.
  const fileNamedInMain = ctx.wideTables > 0;
  const detailUnits = units(true);
  const withButton = mode === 'button' && detailUnits.length > 0;
  const actions = actionBlocks(withButton ? [...reply.actions, detailsAction(reply)] : reply.actions, limits);
  const tailBlocks = 1 + actions.length;
  const fixedText = [...head, ...actions].reduce((n, b) => n + blockTextLength(b), 0);
  const packed = pack(
    {
      blocks: limits.blocksPerMessage - head.length - tailBlocks,
      text: limits.textBudget - fixedText - NOTE_RESERVE - contextLine(reply).length,
    },
    mainUnits,
    withButton ? [] : detailUnits,
    limits,
  );
  const detailParts = withButton ? pack({ blocks: 0, text: 0 }, [], detailUnits, limits).parts : [];

  const fileMode = packed.parts.length + detailParts.length > limits.maxThreadParts;
  const shownParts = packed.parts.slice(0, limits.maxThreadParts);
  const shownDetails = detailParts.slice(0, Math.max(0, limits.maxThreadParts - shownParts.length));
  const file = fileMode || ctx.wideTables > 0 ? reportFile(reply, fileName) : undefined;
  const title = escapeMrkdwn(clip(reply.title, 80));
  const lastShown = shownParts.length + shownDetails.length - 1;
  const part = (word: string, offset: number, count: number) => (blocks: KnownBlock[], i: number) => {
    const label =
      fileMode && offset + i === lastShown
        ? `${title} · ${word} ${i + 1}/${count} shown here; the full report is in the attached file ${file?.filename}`
        : `${title} · ${word} ${i + 1}/${count}`;
    return {
      // The notification and screen-reader text: Slack parses it like mrkdwn, so it is escaped too.
      text: clipEscaped(`${reply.title} · ${word} ${i + 1}/${count}`, limits.fallbackText),
      blocks: [context(label), ...blocks],
    };
  };
  const thread = shownParts.map(part(withButton ? 'continued' : 'details', 0, shownParts.length));
  const details = shownDetails.map(part('details', shownParts.length, shownDetails.length));

  const notes = [contextLine(reply)].filter((s) => s !== '').map(escapeMrkdwn);
  if (thread.length > 0)
    notes.push(
      `${withButton ? 'Continued' : 'Details'} in the thread (${thread.length} ${plural(thread.length, 'reply')}).`,
    );
  if (file && (fileMode || !fileNamedInMain))
    notes.push(`Full report attached in the thread as ${escapeMrkdwn(file.filename)}.`);
  const tail: KnownBlock[] = [...(notes.length > 0 ? [context(notes.join(' · '))] : []), ...actions];

  return {
    main: {
      text: clipEscaped(fallbackText(reply), limits.fallbackText),
      blocks: [...head, ...packed.main, ...tail],
    },
    thread,
    details,
    ...(file ? { file } : {}),
    ...(reply.images && reply.images.length > 0 ? { images: reply.images } : {}),
  };
}

/**
 * "Show details": posts the detail sections in the thread when clicked. Its value is the command that
 * makes the report again, used only when the bot no longer holds the details (a restart in between).
 */
function detailsAction(reply: Reply): Action {
  const again = reply.actions.find((a) => a.id === 'rerun')?.command ?? '';
  return { id: DETAILS_ACTION, label: 'Show details', command: again, style: 'primary' };
}

function headBlocks(reply: Reply, counts: Counts | undefined, limits: SlackLimits): KnownBlock[] {
  const emoji = STATUS_EMOJI[reply.status];
  const full = `${emoji} ${reply.title}${counts ? ` · ${counts.plain}` : ''}`;
  const fits = full.length <= limits.headerText;
  const plain = fits ? full : `${emoji} ${reply.title}`;
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: clip(plain, limits.headerText), emoji: true } },
  ];
  const lines: string[] = [];
  // A title too long for the header is repeated in full rather than cut off.
  if (plain.length > limits.headerText) lines.push(`*${escapeMrkdwn(reply.title)}*`);
  if (counts && !fits) lines.push(counts.mrkdwn);
  if (reply.lead) lines.push(escapeMrkdwn(reply.lead));
  const text = clip(lines.join('\n'), limits.sectionText);
  if (text !== '') blocks.push(mrkdwnSection(text));
  return blocks;
}

interface Counts {
  plain: string;
  mrkdwn: string;
}

/** The reply's own counts (`countsText`, the one wording and order); none, no line. */
function countLine(reply: Reply): Counts | undefined {
  if (!reply.counts) return undefined;
  const phrases = countPhrases(reply.counts);
  if (phrases.length === 0) return undefined;
  return {
    plain: countsText(reply.counts),
    mrkdwn: phrases.map((c) => `${FINDING_EMOJI[c.status]} ${c.text}`).join('   '),
  };
}

function context(text: string): KnownBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: clip(text, 2000) }] };
}

function reportFileName(reply: Reply): string {
  const ref = reply.context.correlationId ?? 'report';
  return `ise-${reply.kind.replace(/[^a-z0-9-]/gi, '-')}-${ref.replace(/[^a-z0-9-]/gi, '-')}.txt`;
}

function reportFile(reply: Reply, filename: string): ReportFile {
  return {
    filename,
    title: reply.title,
    content: renderText(reply, { details: true }),
  };
}

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word === 'reply' ? 'replies' : `${word}s`}`;
}
