import type { types } from '@slack/bolt';
import test from 'ava';
import type { ApiCall } from '../../fakes/slack-api.js';
import { postSlack, slackSignature } from '../../helpers/slack.js';
import { BOT_TOKEN, type Bot, postSigned, SIGNING_SECRET, slashBody, startBot } from './helpers.js';

type KnownBlock = types.KnownBlock;

const blocksOf = (call: ApiCall | undefined) => (call?.args.blocks ?? []) as KnownBlock[];

/**
 * Proof that a rejected request started nothing: a correctly signed `echo` sent after it is handled
 * to the end, and it is the only command that ever ran and the only thing Slack was sent.
 */
async function onlyTheProbeRan(t: import('ava').ExecutionContext, bot: Bot) {
  t.is((await postSigned(bot.url, slashBody(bot.api, 'echo probe'))).status, 200);
  await bot.adapter.idle();
  t.deepEqual(bot.runs, { echo: 1 });
  t.true(bot.api.calls.length > 0, 'the probe was answered');
  for (const call of bot.api.calls) t.regex(JSON.stringify(call.args), /probe/, call.method);
}

test('a signed /ise readiness is acked with 200 before the job ends and the report arrives as Block Kit', async (t) => {
  let release = () => {};
  const hold = new Promise<void>((resolve) => {
    release = resolve;
  });
  const bot = await startBot({ hold });
  t.teardown(() => bot.close());
  // Slack gives 3 s for the ack: it must not wait for the job, which here runs until released.
  const res = await postSigned(bot.url, slashBody(bot.api, 'readiness'));

  t.is(res.status, 200);
  const ack = (await res.json()) as { response_type: string; text: string };
  t.is(ack.response_type, 'ephemeral');
  t.regex(ack.text, /^Running readiness on prod… \(ref [0-9a-f]{8}\)$/);
  t.notRegex(JSON.stringify(bot.api.calls), /Readiness of prod/, 'no report yet: the ack came first');
  release();

  await bot.adapter.idle();
  // The progress line is one message, edited in place, and finally replaced by the report's summary.
  const [progress] = bot.api.callsOf('chat.postMessage');
  t.is(progress?.args.channel, 'C_OPS');
  t.is(progress?.token, BOT_TOKEN);
  const updates = bot.api.callsOf('chat.update');
  t.true(updates.length >= 1);
  t.true(updates.every((u) => u.args.ts === updates[0]?.args.ts));
  const summary = updates.at(-1);
  const [header] = blocksOf(summary);
  t.is(header?.type, 'header');
  t.true(header?.type === 'header' && header.text.text.startsWith(':x: Readiness of prod for 3.0'));
  t.truthy(summary?.args.text, 'plain-text fallback');
  const context = blocksOf(summary).find((b) => b.type === 'context');
  t.regex(JSON.stringify(context), /deployment prod · target 3.0 · 4.2 s · ref [0-9a-f]{8}/);
  // Details go in the summary's thread.
  const threaded = bot.api.callsOf('chat.postMessage').filter((c) => c.args.thread_ts !== undefined);
  t.true(threaded.length >= 1);
  t.true(threaded.every((c) => c.args.thread_ts === summary?.args.ts));
  t.true(bot.log.lines.length > 0);
  for (const secret of [BOT_TOKEN, SIGNING_SECRET])
    t.false(bot.log.text().includes(secret), 'no secret in the log');
});

test('a bad signature gets 401 and starts nothing', async (t) => {
  const bot = await startBot();
  t.teardown(() => bot.close());
  const raw = slashBody(bot.api, 'readiness');
  t.is((await postSlack(bot.url, raw, 'wrong-secret')).status, 401);
  // Signed for the original body, sent with another: the signature no longer matches.
  const signedForOriginal = slackSignature(raw, SIGNING_SECRET);
  const tampered = await fetch(bot.url, {
    method: 'POST',
    body: raw.replace('readiness', 'backup'),
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...signedForOriginal },
  });
  t.is(tampered.status, 401);
  await onlyTheProbeRan(t, bot);
});

test('a timestamp older than 5 minutes gets 401 even when correctly signed', async (t) => {
  const bot = await startBot();
  t.teardown(() => bot.close());
  const raw = slashBody(bot.api, 'readiness');
  const stale = Math.floor(Date.now() / 1000) - 301;
  const res = await fetch(bot.url, {
    method: 'POST',
    body: raw,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...slackSignature(raw, SIGNING_SECRET, stale),
    },
  });
  t.is(res.status, 401);
  await onlyTheProbeRan(t, bot);
});

test('a retried delivery of the same command runs the job once', async (t) => {
  const bot = await startBot({ sections: 3 });
  t.teardown(() => bot.close());
  const raw = slashBody(bot.api, 'readiness');
  const first = await postSigned(bot.url, raw);
  const retry = await postSigned(bot.url, raw, {
    'x-slack-retry-num': '1',
    'x-slack-retry-reason': 'timeout',
  });
  t.is(first.status, 200);
  t.is(retry.status, 200);
  await bot.adapter.idle();
  t.is(bot.runs.readiness, 1);
});

test('<!channel> in a reply is escaped so it pings nobody', async (t) => {
  const bot = await startBot();
  t.teardown(() => bot.close());
  await postSigned(bot.url, slashBody(bot.api, 'echo <!channel> & <@U123>'));
  await bot.adapter.idle();
  const [post] = bot.api.callsOf('chat.postMessage');
  const mrkdwn = blocksOf(post)
    .flatMap((b) => (b.type === 'section' ? [b.text?.text ?? ''] : []))
    .join('\n');
  t.true(mrkdwn.includes('&lt;!channel&gt; &amp; &lt;@U123&gt;'));
  t.false(mrkdwn.includes('<!channel>'));
  t.false(String(post?.args.text).includes('<!channel>'));
});

test('a denied command answers the requester alone, through the response_url', async (t) => {
  const bot = await startBot({ access: { viewers: ['slack:U_VIEWER'] } });
  t.teardown(() => bot.close());
  await postSigned(bot.url, slashBody(bot.api, 'backup config', 'U_VIEWER'));
  await bot.adapter.idle();
  t.deepEqual(bot.api.callsOf('chat.postMessage'), []);
  const [answer] = bot.api.responses;
  t.is(answer?.body.response_type, 'ephemeral');
  t.regex(String(answer?.body.text), /needs the operator role/);
  t.is(bot.runs.backup, undefined);
});

test('when the bot is not in the channel the report still arrives through the response_url', async (t) => {
  const bot = await startBot({ sections: 3 });
  t.teardown(() => bot.close());
  bot.api.failWith('chat.postMessage', 'not_in_channel', 5);
  await postSigned(bot.url, slashBody(bot.api, 'echo hello'));
  await bot.adapter.idle();
  const [answer] = bot.api.responses;
  t.is(answer?.body.response_type, 'in_channel');
  t.regex(JSON.stringify(answer?.body.blocks), /hello/);
});
