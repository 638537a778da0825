import type { types } from '@slack/bolt';
import type { Action, FindingStatus, Reply, ReplyImage, ReplyStatus } from '../../src/reply/model.js';
import { contextLine, renderText } from '../../src/reply/text.js';
import { SLACK_LIMITS, type SlackLimits } from './limits.js';
import { clip, clipEscaped, escapeMrkdwn } from './mrkdwn.js';
import { blockingFirst, blockTextLength, FINDING_EMOJI, mrkdwnSection, sectionBlocks } from './sections.js';
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

/** A Reply as Slack messages: the summary, its thread replies, and the whole report as a file when long. */
export interface SlackRendering {
  main: SlackMessage;
  thread: SlackMessage[];
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

/** The prefix `ise:` routes clicks to this adapter; the suffix is the neutral action id. */
export const ACTION_PREFIX = 'ise:';

const COUNT_ORDER: FindingStatus[] = ['fail', 'error', 'warn', 'manual', 'pass', 'info'];
/** Text kept free in the summary for the "details in the thread" note, which is written after packing. */
const NOTE_RESERVE = 300;

export function renderReply(reply: Reply, limits: SlackLimits = SLACK_LIMITS): SlackRendering {
  const counts = countLine(reply);
  const head = headBlocks(reply, counts, limits);
  const sections = blockingFirst(reply.sections);
  const mainUnits = sections.filter((s) => !s.detail).map((s) => sectionBlocks(s, limits));
  const detailUnits = sections.filter((s) => s.detail).map((s) => sectionBlocks(s, limits));
  const actions = actionBlocks(reply.actions, limits);
  const tailBlocks = 1 + actions.length;
  const fixedText = [...head, ...actions].reduce((n, b) => n + blockTextLength(b), 0);
  const packed = pack(
    {
      blocks: limits.blocksPerMessage - head.length - tailBlocks,
      text: limits.textBudget - fixedText - NOTE_RESERVE - contextLine(reply).length,
    },
    mainUnits.filter((u) => u.length > 0),
    detailUnits.filter((u) => u.length > 0),
    limits,
  );

  const total = packed.parts.length;
  const fileMode = total > limits.maxThreadParts;
  const shown = fileMode ? packed.parts.slice(0, limits.maxThreadParts) : packed.parts;
  const file = fileMode ? reportFile(reply) : undefined;
  const title = escapeMrkdwn(clip(reply.title, 80));
  const thread = shown.map((blocks, i) => {
    const last = i === shown.length - 1;
    const label =
      fileMode && last
        ? `${title} · details ${i + 1}/${shown.length} shown here; the full report is in the attached file ${file?.filename}`
        : `${title} · details ${i + 1}/${shown.length}`;
    return {
      // The notification and screen-reader text: Slack parses it like mrkdwn, so it is escaped too.
      text: clipEscaped(`${reply.title}: details ${i + 1}/${shown.length}`, limits.fallbackText),
      blocks: [context(label), ...blocks],
    };
  });

  const notes = [contextLine(reply)].filter((s) => s !== '').map(escapeMrkdwn);
  if (thread.length > 0)
    notes.push(`Details in the thread (${thread.length} ${plural(thread.length, 'reply')}).`);
  if (file) notes.push(`Full report attached in the thread as ${file.filename}.`);
  const tail: KnownBlock[] = [...(notes.length > 0 ? [context(notes.join(' · '))] : []), ...actions];

  const fallback = [`${reply.title}${counts ? ` (${counts.plain})` : ''}`, reply.lead]
    .filter(Boolean)
    .join(': ');
  return {
    main: {
      text: clipEscaped(fallback, limits.fallbackText),
      blocks: [...head, ...packed.main, ...tail],
    },
    thread,
    ...(file ? { file } : {}),
    ...(reply.images && reply.images.length > 0 ? { images: reply.images } : {}),
  };
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

/** "2 fail · 3 warn · 20 pass": from the reply's summary when it has one, else from its sections. */
function countLine(reply: Reply): Counts | undefined {
  const summary = reply.data?.summary;
  const counts = new Map<FindingStatus, number>();
  if (summary && typeof summary === 'object') {
    for (const status of COUNT_ORDER) {
      const n = (summary as Record<string, unknown>)[status];
      if (typeof n === 'number' && n > 0) counts.set(status, n);
    }
  } else {
    for (const s of reply.sections) if (s.status) counts.set(s.status, (counts.get(s.status) ?? 0) + 1);
  }
  const present = COUNT_ORDER.filter((s) => (counts.get(s) ?? 0) > 0);
  if (present.length === 0) return undefined;
  return {
    plain: present.map((s) => `${counts.get(s)} ${s}`).join(' · '),
    mrkdwn: present.map((s) => `${FINDING_EMOJI[s]} ${counts.get(s)} ${s}`).join('   '),
  };
}

function actionBlocks(actions: readonly Action[], limits: SlackLimits): KnownBlock[] {
  // A button's value is the command it runs: one too long for Slack's 2,000 characters is left out,
  // since a shortened command would run something else.
  const usable = actions.filter((a) => a.command.length <= 2000);
  const seen = new Set<string>();
  const buttons: types.Button[] = usable.map((a, i) => {
    const id = seen.has(a.id) ? `${ACTION_PREFIX}${a.id}:${i}` : `${ACTION_PREFIX}${a.id}`;
    seen.add(a.id);
    return {
      type: 'button',
      action_id: id,
      text: { type: 'plain_text', text: clip(a.label, 75), emoji: true },
      value: a.command,
      ...(a.style ? { style: a.style } : {}),
      ...(a.confirm
        ? {
            confirm: {
              title: { type: 'plain_text', text: clip(a.confirm.title, 100) },
              text: { type: 'plain_text', text: clip(a.confirm.text, 300) },
              confirm: { type: 'plain_text', text: clip(a.confirm.confirm, 30) },
              deny: { type: 'plain_text', text: clip(a.confirm.deny, 30) },
              ...(a.style ? { style: a.style } : {}),
            },
          }
        : {}),
    };
  });
  const blocks: KnownBlock[] = [];
  for (let i = 0; i < buttons.length; i += limits.actionsPerBlock) {
    blocks.push({ type: 'actions', elements: buttons.slice(i, i + limits.actionsPerBlock) });
  }
  return blocks;
}

function context(text: string): KnownBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: clip(text, 2000) }] };
}

function reportFile(reply: Reply): ReportFile {
  const ref = reply.context.correlationId ?? 'report';
  return {
    filename: `ise-${reply.kind.replace(/[^a-z0-9-]/gi, '-')}-${ref}.txt`,
    title: reply.title,
    content: renderText(reply, { details: true }),
  };
}

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word === 'reply' ? 'replies' : `${word}s`}`;
}
