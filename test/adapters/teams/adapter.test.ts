import test from 'ava';
import { TeamsConversationGoneError } from '../../../adapters/teams/errors.js';
import { reply, section } from '../../../src/reply/build.js';
import { OUTBOUND_TOKEN } from '../../fakes/bot-framework-auth.js';
import {
  CHANNEL,
  cardSubmit,
  channelMessage,
  conversationUpdate,
  postActivity,
  TARGET,
} from '../../fakes/teams-activities.js';
import {
  APP_ID,
  backupRuns,
  NODES,
  OPERATOR,
  startBot,
  startTeamsBot,
  tempStoreUrl,
  VIEWER,
} from '../../fakes/teams-bot.js';
import { FakeConnector } from '../../fakes/teams-connector.js';

type Card = { body: Array<Record<string, unknown>>; actions?: Array<Record<string, unknown>> };

function texts(card: Card): string[] {
  const out: string[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      const v = value as Record<string, unknown>;
      if (v.type === 'TextRun' && typeof v.text === 'string') out.push(v.text);
      Object.values(v).forEach(walk);
    }
  };
  walk(card.body);
  return out;
}

function facts(card: Card): Array<Array<{ title: string; value: string }>> {
  return card.body
    .filter((e) => e.type === 'FactSet')
    .map((e) => e.facts as Array<{ title: string; value: string }>);
}

test('an @mention "readiness" in a channel gets a "running…" reply within the turn, then a card with the findings', async (t) => {
  const { connector, serviceUrl, bot } = await startTeamsBot(t);
  const message = channelMessage(serviceUrl, '<at>ISE</at> readiness', VIEWER);
  const response = await postActivity(bot.url, message);
  t.is(response.status, 200);
  // Teams gives up on a turn after 15 s, so the "running…" line is sent inside it: by the time the turn
  // is answered, it is there (how fast is not a test's business on a loaded machine).
  t.is(connector.requests[0]?.body.text, 'Running readiness…');

  await connector.waitFor((r) => r.some((x) => x.method === 'PUT'));
  const [running, update] = connector.requests;
  t.is(running?.method, 'POST');
  t.is(running?.activityId, message.id, 'the running line answers the message in its thread');
  t.is(running?.conversationId, message.conversation.id);
  t.is(running?.body.text, 'Running readiness…');
  t.is(update?.method, 'PUT', 'the card replaces the running line');
  t.is(update?.activityId, 'bot-1');

  const card = connector.cards()[0]?.card as Card;
  t.is(card.body.length > 0 && (card as unknown as { version: string }).version, '1.2');
  const lines = texts(card);
  t.true(lines[0]?.includes('Readiness for prod → 3.0'));
  t.true(lines.indexOf('❌ Nodes on one patch') < lines.indexOf('ise-pan1'), 'blocking finding first');
  t.deepEqual(
    facts(card),
    NODES.map((n) => [
      { title: 'Version', value: n.version },
      { title: 'Patch', value: n.patch },
    ]),
  );
  t.true(lines.some((l) => /deployment prod · target 3\.0 · 1\.2 s · ref [0-9a-f]{8}/.test(l)));
});

test('"/ise readiness" and "ise readiness" typed without a mention run the same command', async (t) => {
  const { connector, serviceUrl, bot } = await startTeamsBot(t);
  for (const text of ['/ise readiness', 'ise readiness']) {
    await postActivity(bot.url, channelMessage(serviceUrl, text, VIEWER, { entities: [] }));
  }
  await connector.waitFor((r) => r.filter((x) => x.method === 'PUT').length === 2);
  t.deepEqual(
    connector.requests.filter((r) => r.method === 'POST').map((r) => r.body.text),
    ['Running readiness…', 'Running readiness…'],
  );
});

test('after a restart, a scheduled post reaches a channel whose reference was stored before', async (t) => {
  const connector = new FakeConnector();
  const serviceUrl = await connector.start();
  const store = tempStoreUrl();
  t.teardown(async () => {
    await connector.close();
    store.remove();
  });
  const first = await startBot(store.url);
  t.is((await postActivity(first.url, conversationUpdate(serviceUrl, 'membersAdded'))).status, 200);
  await first.stop();
  connector.requests.length = 0; // the welcome card

  const second = await startBot(store.url);
  t.teardown(() => second.stop());
  await second.adapter.post(
    TARGET,
    reply('certs', 'Certificates expiring', 'warn', { sections: [section('x', [])] }),
  );
  const [sent] = connector.requests;
  t.is(sent?.method, 'POST');
  t.is(sent?.conversationId, CHANNEL, 'a new post in the channel, not a reply in an old thread');
  t.true(texts(connector.cards()[0]?.card as Card)[0]?.includes('Certificates expiring'));
});

test('a card submit (clients without Universal Actions) confirming a backup: refused for a viewer, runs once for an operator', async (t) => {
  const { connector, serviceUrl, bot } = await startTeamsBot(t);
  await postActivity(bot.url, channelMessage(serviceUrl, '<at>ISE</at> backup config', OPERATOR));
  await connector.waitFor((r) => r.some((x) => x.method === 'PUT'));
  const prompt = connector.cards()[0]?.card as Card;
  const confirm = prompt.actions?.find((a) => a.title === 'Confirm');
  t.is(confirm?.type, 'Action.Execute');
  const fallback = confirm?.fallback as { type: string; data: unknown };
  t.is(fallback.type, 'Action.Submit');
  const data = fallback.data as { ise: { command: string; action: string; nonce: string } };
  t.like(data, { ise: { command: 'backup config --yes', action: 'confirm' } });
  t.regex(data.ise.nonce, /^[0-9a-f-]{36}$/);
  t.deepEqual(confirm?.data, data);
  t.deepEqual(backupRuns, [], 'asking runs nothing');

  connector.requests.length = 0;
  await postActivity(bot.url, cardSubmit(serviceUrl, data, VIEWER));
  await connector.waitFor((r) => r.some((x) => x.method === 'PUT'));
  t.true(texts(connector.cards()[0]?.card as Card).some((l) => l.includes('needs the operator role')));
  t.deepEqual(backupRuns, []);

  connector.requests.length = 0;
  await postActivity(bot.url, cardSubmit(serviceUrl, data, OPERATOR));
  await connector.waitFor((r) => r.some((x) => x.method === 'PUT'));
  t.true(texts(connector.cards()[0]?.card as Card)[0]?.includes('Backup finished'));
  t.deepEqual(backupRuns, [`teams:${OPERATOR}`]);

  connector.requests.length = 0;
  await postActivity(bot.url, cardSubmit(serviceUrl, data, OPERATOR));
  await connector.waitFor((r) => r.length === 1);
  t.regex(String(connector.requests[0]?.body.text), /already answered.*nothing was run/);
  t.is(backupRuns.length, 1, 'the same prompt confirmed twice runs once');

  // A button of a card posted before prompts had one-time ids still works.
  connector.requests.length = 0;
  const legacy = { ise: { command: 'backup config --yes', action: 'confirm' } };
  await postActivity(bot.url, cardSubmit(serviceUrl, legacy, OPERATOR));
  await connector.waitFor((r) => r.some((x) => x.method === 'PUT'));
  t.is(backupRuns.length, 2);
});

test('Cancel on a backup prompt needs the operator role and is audited either way', async (t) => {
  const { connector, serviceUrl, bot } = await startTeamsBot(t);
  await postActivity(bot.url, channelMessage(serviceUrl, '<at>ISE</at> backup config', OPERATOR));
  await connector.waitFor((r) => r.some((x) => x.method === 'PUT'));
  const prompt = connector.cards()[0]?.card as Card;
  const cancel = prompt.actions?.find((a) => a.title === 'Cancel')?.data;

  connector.requests.length = 0;
  await postActivity(bot.url, cardSubmit(serviceUrl, cancel, VIEWER));
  await connector.waitFor((r) => r.length === 1);
  t.true(texts(connector.cards()[0]?.card as Card).some((l) => l.includes('needs the operator role')));

  connector.requests.length = 0;
  await postActivity(bot.url, cardSubmit(serviceUrl, cancel, OPERATOR));
  await connector.waitFor((r) => r.length === 1);
  t.is(connector.requests[0]?.body.text, 'Cancelled: nothing was run.');
  const audit = await bot.store.audit.latest(5);
  t.like(
    audit.find((e) => e.actor === `teams:${VIEWER}`),
    { action: 'refused', outcome: 'refused', target: `cancel backup in ${TARGET}` },
  );
  t.like(
    audit.find((e) => e.actor === `teams:${OPERATOR}` && e.action === 'cancel'),
    { outcome: 'ok', target: `backup config in ${TARGET}` },
  );
});

test('a 100-finding report arrives complete across cards, each under 28 KB', async (t) => {
  const { connector, serviceUrl, bot } = await startTeamsBot(t);
  await postActivity(bot.url, channelMessage(serviceUrl, '<at>ISE</at> big', VIEWER));
  await connector.waitFor((r) => r.some((x) => x.method === 'PUT'));
  await bot.adapter.stop(); // waits for the job to deliver every card
  const cards = connector.cards();
  t.true(cards.length > 2);
  for (const { request } of cards) t.true(request.bytes < 28 * 1024, `${request.bytes} bytes`);
  const titles = cards.flatMap(({ card }) => texts(card as Card)).filter((l) => l.startsWith('⚠️ Finding'));
  t.deepEqual(
    titles,
    Array.from({ length: 100 }, (_, i) => `⚠️ Finding ${i + 1}`),
  );
  // One card in the channel; the rest continue it in its thread.
  t.false(texts(cards[0]?.card as Card)[0]?.includes('continued'));
  t.true(texts(cards[1]?.card as Card)[0]?.endsWith(`(continued 1/${cards.length - 1})`));
});

test('with teams.appId set, only a token Bot Framework signed for this bot and serviceUrl gets in', async (t) => {
  const { connector, serviceUrl, bot } = await startTeamsBot(t);
  const auth = bot.auth;
  if (!auth) throw new Error('the harness runs Teams with auth on');
  const message = channelMessage(serviceUrl, '<at>ISE</at> readiness', VIEWER);
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  // All tokens are made before the first request: the bot fetches the keys once (botbuilder caches
  // them), so the key that is not endorsed for msteams must already be published then.
  const refused: Array<[string, Record<string, string>]> = [
    ['no token', { authorization: '' }],
    ['not a JWT', bearer('not.a.jwt')],
    ['expired (past the 5 min tolerance)', bearer(auth.token(APP_ID, serviceUrl, { expiresInS: -600 }))],
    ['for another bot', bearer(auth.token(APP_ID, serviceUrl, { audience: 'another-app-id' }))],
    ['from another issuer', bearer(auth.token(APP_ID, serviceUrl, { issuer: 'https://sts.example.com/' }))],
    ['signed by an unknown key', bearer(auth.token(APP_ID, serviceUrl, { key: 'unknown' }))],
    ['key not endorsed for msteams', bearer(auth.token(APP_ID, serviceUrl, { key: 'not-endorsed' }))],
    ['for another serviceUrl', bearer(auth.token(APP_ID, 'https://smba.example.com/evil/'))],
  ];
  for (const [why, headers] of refused)
    t.is((await postActivity(bot.url, message, headers)).status, 401, why);
  t.true(
    auth.fetched.includes('/v1/.well-known/keys'),
    'the keys came from the token service, as login.botframework.com serves them',
  );
  // The 401s were answered after the token check, before any turn: nothing was stored or sent. The
  // same message with a valid token then runs, and it alone reaches the connector.
  t.is(await bot.store.conversations.get(TARGET), undefined);
  t.deepEqual(connector.requests, []);
  t.is((await postActivity(bot.url, message)).status, 200);
  await connector.waitFor((r) => r.some((x) => x.method === 'PUT'));
  t.true(connector.requests.every((r) => r.conversationId === message.conversation.id));
  t.true(
    connector.requests.every((r) => r.authorization === `Bearer ${OUTBOUND_TOKEN}`),
    'replies carry the bot credentials',
  );
});

test('with teams.appId empty (local testing only), requests need no token and the log says auth is off', async (t) => {
  const connector = new FakeConnector();
  const serviceUrl = await connector.start();
  const store = tempStoreUrl();
  const bot = await startBot(store.url, { appId: '' });
  t.teardown(async () => {
    await bot.stop();
    await connector.close();
    store.remove();
  });
  t.is(bot.auth, undefined);
  const message = channelMessage(serviceUrl, '<at>ISE</at> readiness', VIEWER);
  t.is((await postActivity(bot.url, message)).status, 200);
  await connector.waitFor((r) => r.some((x) => x.method === 'PUT'));
  t.is(connector.requests[0]?.body.text, 'Running readiness…');
  t.regex(bot.log.text(), /TEAMS AUTH IS OFF/);
});

test('a 429 is retried after its Retry-After, and a 502 after a backoff', async (t) => {
  const { connector, serviceUrl, bot } = await startTeamsBot(t);
  await postActivity(bot.url, conversationUpdate(serviceUrl, 'membersAdded'));
  connector.requests.length = 0; // the welcome card
  connector.throttle(1, 1);
  connector.failNext(502, 'BadGateway', 'upstream failed');
  const started = Date.now();
  await bot.adapter.post(TARGET, reply('certs', 'Certificates', 'ok'));
  t.true(Date.now() - started >= 1000, 'waited for Retry-After');
  t.deepEqual(
    connector.requests.map((r) => r.status),
    [429, 502, 201],
  );
});

test('a conversation the bot was removed from is marked gone and not posted to again', async (t) => {
  const { connector, serviceUrl, bot } = await startTeamsBot(t);
  await postActivity(bot.url, conversationUpdate(serviceUrl, 'membersAdded'));
  await postActivity(bot.url, conversationUpdate(serviceUrl, 'membersRemoved'));
  connector.requests.length = 0; // the welcome card
  t.truthy((await bot.store.conversations.get(TARGET))?.gone);
  await t.throwsAsync(bot.adapter.post(TARGET, reply('certs', 'x', 'ok')), {
    instanceOf: TeamsConversationGoneError,
  });
  t.deepEqual(connector.requests, []);
});

test('a post answered 403 "not in the roster" or 404 "conversation not found" marks it gone, no retries', async (t) => {
  const { connector, serviceUrl, bot } = await startTeamsBot(t);
  const answers: Array<() => void> = [
    () =>
      connector.failNext(
        403,
        'BotNotInConversationRoster',
        'The bot is not part of the conversation roster.',
      ),
    () => connector.gone.add(CHANNEL),
  ];
  for (const answer of answers) {
    connector.requests.length = 0;
    await postActivity(bot.url, conversationUpdate(serviceUrl, 'membersAdded'));
    connector.requests.length = 0; // the welcome card
    answer();
    const error = await t.throwsAsync(bot.adapter.post(TARGET, reply('certs', 'x', 'ok')), {
      instanceOf: TeamsConversationGoneError,
    });
    t.is(error?.code, 'teams-conversation-gone');
    t.is(connector.requests.length, 1);
    t.regex((await bot.store.conversations.get(TARGET))?.gone?.reason ?? '', /roster|not found/);
    await t.throwsAsync(bot.adapter.post(TARGET, reply('certs', 'x', 'ok')), {
      instanceOf: TeamsConversationGoneError,
    });
    t.is(connector.requests.length, 1, 'a gone conversation is not tried again');
  }
});
