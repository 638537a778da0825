import test from 'ava';
import {
  CHANNEL,
  cardAction,
  channelMessage,
  conversationUpdate,
  installationUpdate,
  postActivity,
  TARGET,
} from '../../fakes/teams-activities.js';
import {
  acks,
  backupRuns,
  bigReport,
  INSTALLER,
  OPERATOR,
  startTeamsBot,
  VIEWER,
} from '../../fakes/teams-bot.js';
import type { FakeConnector } from '../../fakes/teams-connector.js';

type Action = { type: string; title: string; verb?: string; data?: unknown };
type Card = { version: string; body: unknown[]; actions?: Action[] };
type InvokeAnswer = { statusCode: number; type: string; value: unknown };

const CARD = 'application/vnd.microsoft.card.adaptive';

function texts(card: unknown): string[] {
  const out: string[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      const v = value as Record<string, unknown>;
      if ((v.type === 'TextRun' || v.type === 'TextBlock') && typeof v.text === 'string') out.push(v.text);
      Object.values(v).forEach(walk);
    }
  };
  walk((card as Card).body);
  return out;
}

/** Every button of a card, wherever the layout put it (actions, ShowCards, ActionSets). */
function buttons(card: unknown): Action[] {
  const out: Action[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      const v = value as Record<string, unknown>;
      if (v.type === 'Action.Execute' || v.type === 'Action.Submit') out.push(v as unknown as Action);
      for (const [key, child] of Object.entries(v)) if (key !== 'fallback') walk(child);
    }
  };
  walk(card);
  return out;
}

/** Clicks a button as Teams does and returns the HTTP answer (the InvokeResponse body). */
async function click(
  botUrl: string,
  serviceUrl: string,
  cardId: string,
  button: Action | undefined,
  who: string,
) {
  if (!button) throw new Error('no such button');
  const response = await postActivity(
    botUrl,
    cardAction(serviceUrl, cardId, { verb: button.verb, data: button.data }, who),
  );
  return { status: response.status, body: (await response.json()) as InvokeAnswer };
}

/** A backup prompt posted in a thread: its card and the id of the message that carries it. */
async function backupPrompt(connector: FakeConnector, serviceUrl: string, botUrl: string) {
  await postActivity(botUrl, channelMessage(serviceUrl, '<at>ISE</at> backup config', OPERATOR));
  await connector.waitFor((r) => r.some((x) => x.method === 'PUT'));
  const put = connector.cards().find((c) => c.request.method === 'PUT');
  if (!put?.request.activityId) throw new Error('no prompt');
  return { card: put.card, cardId: put.request.activityId };
}

test.serial(
  'Confirm (Action.Execute) updates the card in place, runs the backup once, and a second Confirm runs nothing',
  async (t) => {
    const { connector, serviceUrl, bot } = await startTeamsBot(t);
    backupRuns.length = 0;
    const prompt = await backupPrompt(connector, serviceUrl, bot.url);
    t.true(Number((prompt.card as Card).version) >= 1.4, 'Action.Execute needs card version 1.4');
    const confirm = buttons(prompt.card).find((b) => b.title === 'Confirm');
    t.is(confirm?.type, 'Action.Execute');
    t.is(confirm?.verb, 'confirm');

    // A viewer's click is refused to them alone: the card stays, the prompt stays open.
    const refused = await click(bot.url, serviceUrl, prompt.cardId, confirm, VIEWER);
    t.is(refused.status, 200);
    t.is(refused.body.type, 'application/vnd.microsoft.activity.message');
    t.regex(String(refused.body.value), /needs the operator role/);
    t.deepEqual(backupRuns, []);

    connector.requests.length = 0;
    const first = await click(bot.url, serviceUrl, prompt.cardId, confirm, OPERATOR);
    t.is(first.status, 200);
    t.is(first.body.statusCode, 200);
    t.is(first.body.type, CARD);
    const updated = first.body.value as Card;
    t.deepEqual(buttons(updated), [], 'the updated card has no Confirm (nor Cancel) left');
    t.true(texts(updated).some((l) => l.includes('Confirmed by Alice: running backup config')));
    // The result replaces the same card when the backup is done.
    await connector.waitFor((r) => r.some((x) => x.method === 'PUT' && x.activityId === prompt.cardId));
    const result = connector.cards().find((c) => c.request.method === 'PUT')?.card;
    t.true(texts(result)[0]?.includes('Backup finished'));
    t.deepEqual(backupRuns, [`teams:${OPERATOR}`]);

    // The same Confirm again (a second click from a stale client, or a replayed request) runs nothing.
    const second = await click(bot.url, serviceUrl, prompt.cardId, confirm, OPERATOR);
    t.is(second.body.type, 'application/vnd.microsoft.activity.message');
    t.regex(String(second.body.value), /already answered.*nothing was run/);
    await bot.adapter.stop();
    t.deepEqual(backupRuns, [`teams:${OPERATOR}`], 'one backup for two Confirms');
    const audit = await bot.store.audit.latest(20);
    t.false(audit.some((e) => e.actor === `teams:${VIEWER}` && e.outcome === 'ok'));
  },
);

test.serial(
  'Cancel (Action.Execute) turns the prompt into "Cancelled by …, nothing was run" and Confirm after it runs nothing',
  async (t) => {
    const { connector, serviceUrl, bot } = await startTeamsBot(t);
    backupRuns.length = 0;
    const prompt = await backupPrompt(connector, serviceUrl, bot.url);
    const cancel = buttons(prompt.card).find((b) => b.title === 'Cancel');
    const confirm = buttons(prompt.card).find((b) => b.title === 'Confirm');
    const answer = await click(bot.url, serviceUrl, prompt.cardId, cancel, OPERATOR);
    t.is(answer.body.type, CARD);
    const card = answer.body.value as Card;
    t.deepEqual(buttons(card), []);
    t.true(texts(card).some((l) => l.includes('Cancelled by Alice: nothing was run.')));
    t.true(
      texts(card).some((l) => l.includes('Start a configuration backup of prod?')),
      'says what was cancelled',
    );

    const late = await click(bot.url, serviceUrl, prompt.cardId, confirm, OPERATOR);
    t.regex(String(late.body.value), /already answered/);
    await bot.adapter.stop();
    t.deepEqual(backupRuns, []);
    const audit = await bot.store.audit.latest(10);
    t.like(
      audit.find((e) => e.action === 'cancel'),
      { actor: `teams:${OPERATOR}`, outcome: 'ok' },
    );
  },
);

test('Acknowledge (Action.Execute) re-renders the report with that item acknowledged and its button gone', async (t) => {
  const { connector, serviceUrl, bot } = await startTeamsBot(t);
  await postActivity(bot.url, channelMessage(serviceUrl, '<at>ISE</at> checklist', VIEWER));
  await connector.waitFor((r) => r.some((x) => x.method === 'PUT'));
  const posted = connector.cards().find((c) => c.request.method === 'PUT');
  const cardId = posted?.request.activityId ?? '';
  const ackButton = buttons(posted?.card).find((b) => b.title === 'Acknowledge certificate-export');
  t.is(ackButton?.verb, 'ack');

  const refused = await click(bot.url, serviceUrl, cardId, ackButton, VIEWER);
  t.regex(String(refused.body.value), /needs the operator role/);

  const answer = await click(bot.url, serviceUrl, cardId, ackButton, OPERATOR);
  t.is(answer.body.type, CARD);
  const card = answer.body.value as Card;
  t.deepEqual(
    buttons(card).map((b) => b.title),
    ['Acknowledge load-balancer'],
  );
  const lines = texts(card);
  const item = lines.findIndex((l) => l.includes('Export the certificates'));
  const other = lines.findIndex((l) => l.includes('Load balancer'));
  const ackLine = lines.findIndex((l) => l.includes('Acknowledged by Alice'));
  t.true(item >= 0 && item < ackLine && ackLine < other, 'the line sits on the acknowledged item');
  t.true(acks.includes(`certificate-export by teams:${OPERATOR}`));
});

test("a scheduled digest is one post in the channel, the rest of it in that post's reply thread", async (t) => {
  const { connector, serviceUrl, bot } = await startTeamsBot(t);
  await postActivity(bot.url, conversationUpdate(serviceUrl, 'membersAdded'));
  connector.requests.length = 0; // the welcome card
  await bot.adapter.post(TARGET, bigReport(60));
  const posts = connector.requests.filter((r) => r.method === 'POST');
  t.true(posts.length > 1, 'a report this long takes more than one card');
  const [root, ...rest] = posts;
  t.is(root?.conversationId, CHANNEL, 'the first card is a new post in the channel');
  t.is(root?.thread, undefined);
  const rootId = root?.id;
  t.truthy(rootId);
  for (const reply of rest) {
    t.is(reply.channel, CHANNEL);
    t.is(reply.thread, rootId, "every other card is a reply in the first card's thread");
  }
  t.is(connector.requests.filter((r) => r.thread === undefined).length, 1, 'one top-level post');
});

test('installing the app posts one welcome card with three commands as buttons, when the installer has a role', async (t) => {
  const { connector, serviceUrl, bot } = await startTeamsBot(t);
  // Teams announces an install twice: a conversationUpdate and an installationUpdate.
  await postActivity(bot.url, conversationUpdate(serviceUrl, 'membersAdded'));
  await postActivity(bot.url, installationUpdate(serviceUrl, 'add', INSTALLER));
  const cards = connector.cards();
  t.is(cards.length, 1, 'one welcome');
  const welcome = cards[0];
  t.is(welcome?.request.conversationId, CHANNEL);
  t.true(texts(welcome?.card)[0]?.includes('ISE chat-ops is here'));
  const commands = buttons(welcome?.card).map((b) => (b.data as { ise: { command: string } }).ise.command);
  t.deepEqual(commands, ['readiness', 'certs', 'help']);
  t.truthy(await bot.store.conversations.get(TARGET));
});

test('an install by someone without a role posts no welcome and stores nothing', async (t) => {
  const { connector, serviceUrl, bot } = await startTeamsBot(t);
  await postActivity(bot.url, installationUpdate(serviceUrl, 'add', 'stranger-aad'));
  t.deepEqual(connector.requests, []);
  t.is(await bot.store.conversations.get(TARGET), undefined);
});

test("a welcome button runs its command in the card's thread as the person who clicked", async (t) => {
  const { connector, serviceUrl, bot } = await startTeamsBot(t);
  await postActivity(bot.url, conversationUpdate(serviceUrl, 'membersAdded'));
  const welcome = connector.cards()[0];
  connector.requests.length = 0;
  const readiness = buttons(welcome?.card).find((b) => b.verb === 'run');
  const answer = await click(bot.url, serviceUrl, 'bot-1', readiness, VIEWER);
  t.is(answer.status, 200);
  t.regex(String(answer.body.value), /Running `readiness`/);
  await connector.waitFor((r) => r.some((x) => x.method === 'PUT'));
  t.true(
    connector.requests.every((r) => r.thread === 'bot-1'),
    'the answer goes into the thread',
  );
  t.true(texts(connector.cards()[0]?.card)[0]?.includes('Readiness for prod'));
});
