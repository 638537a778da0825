import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import { FakeSlackApi } from '../test/fakes/slack-api.js';
import { type BotProcess, startBotProcess } from './bot-process.js';
import { benchConfig } from './config.js';
import type { RemoteLab } from './lab-client.js';

export const SIGNING_SECRET = 'bench-signing-secret-5c1e';
export const BOT_TOKEN = 'xoxb-bench-token-0001';

/**
 * The compiled bot in its own process over the lab's config, with Slack's Web API faked in this process:
 * HTTP on any port, everyone a viewer, a SQLite store `storeFile` in the lab's folder, `extra` config on
 * top. Runs `measure` against it, then stops both.
 */
export async function withSlackBot<T>(
  lab: RemoteLab,
  labConfig: Record<string, unknown>,
  options: { storeFile: string; extra?: Record<string, unknown> },
  measure: (bot: BotProcess, api: FakeSlackApi) => Promise<T>,
): Promise<T> {
  const api = await new FakeSlackApi().listen();
  const config = benchConfig(labConfig, {
    extra: {
      http: { port: 0 },
      slack: { botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, apiUrl: api.apiUrl },
      access: { viewers: ['*'] },
      ...options.extra,
      store: { url: `sqlite:${join(lab.dir, options.storeFile)}` },
      log: { level: 'info' },
    },
  });
  const bot = await startBotProcess(config, lab.dir);
  try {
    return await measure(bot, api);
  } finally {
    await bot.stop();
    await api.close();
  }
}

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
