import { createHmac } from 'node:crypto';

export const SIGNING_SECRET = 'bench-signing-secret-5c1e';
export const BOT_TOKEN = 'xoxb-bench-token-0001';

let trigger = 0;

/**
 * A signed slash command as Slack sends it (chat-platforms.md: v0 HMAC over `v0:<ts>:<body>`), POSTed to
 * the bot's `/slack/events`; resolves with the HTTP status and how long the ack took.
 */
export async function slash(
  url: string,
  responseUrl: string,
  text: string,
  channel: string,
  user: string,
): Promise<{ status: number; ms: number }> {
  trigger += 1;
  const body = new URLSearchParams({
    command: '/ise',
    text,
    response_url: responseUrl,
    trigger_id: `bench-${trigger}`,
    user_id: user,
    user_name: user.toLowerCase(),
    team_id: 'T_BENCH',
    team_domain: 'bench',
    channel_id: channel,
    channel_name: channel.toLowerCase(),
    api_app_id: 'A_BENCH',
  }).toString();
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = createHmac('sha256', SIGNING_SECRET).update(`v0:${timestamp}:${body}`).digest('hex');
  const started = performance.now();
  const res = await fetch(url, {
    method: 'POST',
    body,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': `v0=${signature}`,
    },
  });
  await res.arrayBuffer();
  return { status: res.status, ms: performance.now() - started };
}
