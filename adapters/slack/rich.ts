import { at, mention, plainInline, plainTime } from '../../src/reply/inline.js';
import type { Inline, Rich, TimeInline } from '../../src/reply/model.js';
import { escapeMrkdwn } from './mrkdwn.js';

/**
 * Rich text as mrkdwn: strings escaped (Slack's three reserved characters, so nothing from ISE pings or
 * links), times as `<!date^…>` so each reader sees their own zone, Slack users as mentions, web links as
 * links. Everything else, and every fallback, is plain text.
 */
export function richMrkdwn(rich: Rich): string {
  if (typeof rich === 'string') return escapeMrkdwn(rich);
  return rich.map(inlineMrkdwn).join('');
}

function inlineMrkdwn(piece: Inline): string {
  if (typeof piece === 'string') return escapeMrkdwn(piece);
  if ('time' in piece) return slackDate(piece);
  if ('user' in piece) {
    const id = slackUserId(piece.user);
    return id ? `<@${id}>` : escapeMrkdwn(plainInline(piece));
  }
  const url = webUrl(piece.link);
  if (!url) return escapeMrkdwn(plainInline(piece));
  // `|` and `>` end the link's parts; a label without text would show the bare address anyway.
  const label = escapeMrkdwn(piece.label).replace(/\|/g, '¦');
  return label === '' ? `<${url}>` : `<${url}|${label}>`;
}

/**
 * `<!date^1765202700^{date_short_pretty} {time}|2026-12-08 14:05 UTC>`: Slack shows it in the reader's
 * zone and locale ("Today 15:05"); the fallback (old clients, notifications) is plain UTC.
 */
export function slackDate(piece: TimeInline): string {
  const ms = new Date(piece.time).getTime();
  if (Number.isNaN(ms)) return escapeMrkdwn(piece.time);
  const format = piece.show === 'date' ? '{date_short_pretty}' : '{date_short_pretty} {time}';
  return `<!date^${Math.floor(ms / 1000)}^${format}|${escapeMrkdwn(plainTime(piece))}>`;
}

/** `slack:U0123` → `U0123`; users of other platforms (and odd ids) have no Slack mention. */
export function slackUserId(user: string): string | undefined {
  return /^slack:([UW][A-Z0-9]{1,20})$/.exec(user)?.[1];
}

/** Only http(s) addresses become links, escaped the way Slack reads them inside `<…>`. */
function webUrl(link: string): string | undefined {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  return escapeMrkdwn(url.href).replace(/\|/g, '%7C');
}

/** "Confirmed by <@U1> at <!date^…>": the line an acknowledged item gets in place. */
export function confirmedLine(user: string, when: Date): string {
  return richMrkdwn(['Confirmed by ', mention(user), ' at ', at(when)]);
}
