import test from 'ava';
import { SlackPostError } from '../../../adapters/slack/errors.js';
import { reply } from '../../../src/reply/build.js';
import { BOT_TOKEN, findingsReply, SIGNING_SECRET, startBot } from './helpers.js';

const digest = reply('readiness', 'Weekly readiness digest', 'warn', { lead: '3 warnings' });

test('post() surfaces not_in_channel as a clear, typed error', async (t) => {
  const bot = await startBot();
  t.teardown(() => bot.close());
  bot.api.failWith('chat.postMessage', 'not_in_channel');
  const error = await t.throwsAsync(bot.adapter.post('slack:C_SECRET', digest), {
    instanceOf: SlackPostError,
  });
  t.is(error?.code, 'not_in_channel');
  t.is(error?.channel, 'C_SECRET');
  t.regex(error?.message ?? '', /not a member of Slack channel C_SECRET: invite it/);
  t.is(bot.api.callsOf('chat.postMessage').length, 1, 'a permanent error is not retried');
});

test('post() names a missing channel and a revoked token without showing the token', async (t) => {
  const bot = await startBot();
  t.teardown(() => bot.close());
  bot.api.failWith('chat.postMessage', 'channel_not_found');
  const missing = await t.throwsAsync(bot.adapter.post('slack:C_GONE', digest), {
    instanceOf: SlackPostError,
  });
  t.is(missing?.code, 'channel_not_found');

  for (const code of ['token_revoked', 'account_inactive', 'invalid_auth']) {
    bot.api.failWith('chat.postMessage', code);
    const revoked = await t.throwsAsync(bot.adapter.post('slack:C_OPS', digest), {
      instanceOf: SlackPostError,
    });
    t.is(revoked?.code, 'auth');
    t.regex(revoked?.message ?? '', new RegExp(`\\(${code}\\).*Reinstall the app`));
    t.false(JSON.stringify({ m: revoked?.message, e: revoked }).includes(BOT_TOKEN));
    t.false(String(revoked?.message).includes(SIGNING_SECRET));
  }
});

test('post() retries a 429 after the Retry-After Slack sent', async (t) => {
  const bot = await startBot();
  t.teardown(() => bot.close());
  bot.api.rateLimit('chat.postMessage', 1);
  await bot.adapter.post('slack:C_OPS', digest);
  const calls = bot.api.callsOf('chat.postMessage');
  t.is(calls.length, 2);
  const gap = (calls[1]?.at ?? 0) - (calls[0]?.at ?? 0);
  t.true(gap >= 950, `retried after ${gap} ms`);
});

test('post() rejects a target that is not a Slack channel', async (t) => {
  const bot = await startBot();
  t.teardown(() => bot.close());
  await t.throwsAsync(bot.adapter.post('teams:19:abc', digest), { message: /not a Slack target/ });
});

test('posts to one channel are queued in order and spaced; other channels are not held up', async (t) => {
  const bot = await startBot({ adapter: { postIntervalMs: 60 } });
  t.teardown(() => bot.close());
  await Promise.all([
    bot.adapter.post('slack:C_A', findingsReply(240)),
    bot.adapter.post('slack:C_B', digest),
  ]);
  const a = bot.api.callsOf('chat.postMessage').filter((c) => c.args.channel === 'C_A');
  const b = bot.api.callsOf('chat.postMessage').filter((c) => c.args.channel === 'C_B');
  t.true(a.length >= 3);
  t.is(a[0]?.args.thread_ts, undefined, 'the summary first');
  for (let i = 1; i < a.length; i++) {
    t.is(a[i]?.args.thread_ts, a[0]?.result?.ts, 'details in the summary thread');
    t.true((a[i]?.at ?? 0) - (a[i - 1]?.at ?? 0) >= 55, 'spaced per channel');
  }
  t.true((b[0]?.at ?? 0) < (a.at(-1)?.at ?? 0), 'channel B did not wait for channel A');
});

test('post() answers in a thread when asked, and returns the thread a follow-up can answer in', async (t) => {
  const bot = await startBot();
  t.teardown(() => bot.close());
  const first = await bot.adapter.post('slack:C_OPS', digest);
  const [warning] = bot.api.callsOf('chat.postMessage');
  t.truthy(first?.thread);
  t.is(first?.thread, String(warning?.result?.ts), 'the thread is the warning itself');
  const followUp = await bot.adapter.post('slack:C_OPS', reply('certs', 'Renewed', 'ok'), {
    thread: first?.thread ?? '',
  });
  const [, second] = bot.api.callsOf('chat.postMessage');
  t.is(second?.args.thread_ts, first?.thread, 'the follow-up is in the warning’s thread');
  t.is(followUp?.thread, first?.thread);
});
