import test from 'ava';
import Database from 'better-sqlite3';
import { FaultTable, lastSlackText } from './fault-table.js';
import { ADMIN, labBot, TEAMS_VIEWER } from './helpers.js';

const table = new FaultTable('Store and chat platform faults (Slack and Teams adapters → dispatcher → lab)');
test.after.always(() => table.print());

const cardText = (said: string) =>
  (JSON.parse(said) as Array<{ status: number; body: Record<string, unknown> }>)
    .filter((r) => r.status < 300)
    .map((r) => JSON.stringify(r.body))
    .join(' ');

test.serial(
  'store locked by another process: the cause is named, nothing is doubled, and it recovers',
  async (t) => {
    const bot = await labBot(t);
    const file = bot.services.config.store.url.slice('sqlite:'.length);
    const holder = new Database(file);
    t.teardown(() => holder.close());
    holder.exec('BEGIN EXCLUSIVE');
    const during = lastSlackText(await bot.slash('subscribe certs "0 9 * * *"', ADMIN, 'C_STORE'));
    t.regex(during, /state store is unavailable/);
    // Teams saves the conversation before running the command: a locked store must not silence the answer.
    const teams = cardText(await bot.teams('subscriptions', TEAMS_VIEWER));
    t.regex(teams, /subscription/i);
    holder.exec('COMMIT');
    const after = lastSlackText(await bot.slash('subscribe certs "0 9 * * *"', ADMIN, 'C_STORE'));
    t.regex(after, /Subscribed slack:C_STORE/);
    const subs = await bot.services.store.subscriptions.list();
    t.is(subs.length, 1, 'one subscription: the refused one was not half-written');
    t.deepEqual(table.crashes, []);
    table.add({
      fault: 'store locked (SQLITE_BUSY)',
      command: 'subscribe certs',
      during,
      after,
      state: `${subs.length} subscription`,
    });
  },
);

test.serial(
  'store closed under the running bot: commands that need it say so and nothing crashes',
  async (t) => {
    const bot = await labBot(t);
    await bot.services.store.close();
    const during = lastSlackText(await bot.slash('subscriptions', ADMIN, 'C_CLOSED'));
    t.regex(during, /state store is unavailable/);
    const nodes = lastSlackText(await bot.slash('nodes', ADMIN, 'C_CLOSED'));
    t.regex(nodes, /5 nodes in demo/, 'commands that need no store keep working');
    t.deepEqual(table.crashes, []);
    table.add({
      fault: 'store closed',
      command: 'subscriptions',
      during,
      after: `nodes still answers: ${nodes}`,
      state: 'no recovery without the database (PostgreSQL: test/replicas)',
    });
  },
);

test.serial(
  'Slack 429 on post: the reply waits out Retry-After and arrives once; a storm is reported',
  async (t) => {
    const bot = await labBot(t);
    bot.slack.api.rateLimit('chat.postMessage', 1, 2);
    const during = lastSlackText(await bot.slash('nodes', ADMIN, 'C_429'));
    t.regex(during, /5 nodes in demo/);
    const limited = bot.slack.api.calls.filter(
      (c) => c.method === 'chat.postMessage' && c.result === undefined,
    );
    t.is(limited.length, 2);
    // Three tries per post (maxRetries 2): the progress line and the reply both run out of them.
    bot.slack.api.rateLimit('chat.postMessage', 1, 6);
    const storm = lastSlackText(await bot.slash('nodes', ADMIN, 'C_429B'));
    t.regex(storm, /rate.?limit/i, 'told through the response_url');
    const after = lastSlackText(await bot.slash('nodes', ADMIN, 'C_429'));
    t.regex(after, /5 nodes in demo/);
    t.deepEqual(table.crashes, []);
    table.add({
      fault: 'Slack 429 ×2, then a storm',
      command: 'nodes',
      during: `${during} / storm: ${storm}`,
      after,
      state: 'posted once',
    });
  },
);

test.serial(
  'Slack 500 on post: the person is told through the response_url, and the next post works',
  async (t) => {
    const bot = await labBot(t);
    bot.slack.serverError('chat.postMessage', 20);
    bot.slack.serverError('chat.update', 20);
    const during = lastSlackText(await bot.slash('nodes', ADMIN, 'C_500'));
    t.regex(during, /Slack|500|unreachable/i);
    bot.slack.serverError('chat.postMessage', 0);
    bot.slack.serverError('chat.update', 0);
    const after = lastSlackText(await bot.slash('nodes', ADMIN, 'C_500'));
    t.regex(after, /5 nodes in demo/);
    t.deepEqual(table.crashes, []);
    table.add({ fault: 'Slack 500 on every post', command: 'nodes', during, after, state: 'as before' });
  },
);

test.serial('Teams 429 and 412 on send: the card is retried and delivered once', async (t) => {
  const bot = await labBot(t);
  bot.connector.throttle(2, 0);
  const throttled = cardText(await bot.teams('nodes', TEAMS_VIEWER));
  t.regex(throttled, /5 nodes in demo/);
  bot.connector.failNext(412, 'PreconditionFailed', 'Precondition failed, please retry');
  const precondition = cardText(await bot.teams('nodes', TEAMS_VIEWER));
  t.regex(precondition, /5 nodes in demo/);
  const after = cardText(await bot.teams('nodes', TEAMS_VIEWER));
  t.regex(after, /5 nodes in demo/);
  const failed = bot.connector.requests.filter((r) => r.status >= 400).map((r) => r.status);
  t.deepEqual(failed, [429, 429, 412]);
  t.deepEqual(table.crashes, []);
  table.add({
    fault: 'Teams 429 ×2; Teams 412',
    command: 'nodes',
    during: 'card delivered after retries (429, 429, 412)',
    after: '5 nodes in demo',
    state: 'one card per command',
  });
});
