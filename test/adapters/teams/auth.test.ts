import test, { type ExecutionContext } from 'ava';
import { startBot as startFullBot } from '../../../adapters/bot.js';
import { HttpServer } from '../../../adapters/http/server.js';
import { createTeamsAdapter, type TeamsConfig } from '../../../adapters/teams/adapter.js';
import { reply } from '../../../src/reply/build.js';
import { closeServices } from '../../../src/runtime.js';
import { channelMessage, conversationUpdate, postActivity, TARGET } from '../../fakes/teams-activities.js';
import { APP_ID, backupRuns, OPERATOR, startBot, tempStoreUrl, VIEWER } from '../../fakes/teams-bot.js';
import { FakeConnector } from '../../fakes/teams-connector.js';
import { testServices } from '../../helpers/services.js';

const NOBODY = 'nobody-aad';

async function connector(t: ExecutionContext) {
  const c = new FakeConnector();
  const url = await c.start();
  t.teardown(() => c.close());
  return { connector: c, serviceUrl: url };
}

async function bot(t: ExecutionContext, teams?: { appId: string; tenantIds?: string[] }) {
  const store = tempStoreUrl();
  const started = await startBot(store.url, teams);
  t.teardown(async () => {
    await started.stop();
    store.remove();
  });
  return started;
}

/** An activity as the fakes build it, claiming `tenant` in both places Teams puts it. */
function fromTenant<T extends object>(
  activity: T,
  conversation: string | undefined,
  channelData: string | undefined,
) {
  const a = activity as T & { conversation: Record<string, unknown>; channelData: Record<string, unknown> };
  return {
    ...a,
    conversation: { ...a.conversation, tenantId: conversation },
    channelData: { ...a.channelData, tenant: channelData === undefined ? undefined : { id: channelData } },
  };
}

test('a valid Bot Framework token from another tenant runs nothing and stores nothing; the allowed tenant still works', async (t) => {
  const { connector: c, serviceUrl } = await connector(t);
  const b = await bot(t);
  const foreign = [
    fromTenant(channelMessage(serviceUrl, '<at>ISE</at> backup config --yes', OPERATOR), 'evil', 'evil'),
    fromTenant(channelMessage(serviceUrl, '<at>ISE</at> backup config --yes', OPERATOR), 'tid', 'evil'),
    fromTenant(
      channelMessage(serviceUrl, '<at>ISE</at> backup config --yes', OPERATOR),
      undefined,
      undefined,
    ),
    fromTenant(conversationUpdate(serviceUrl, 'membersAdded'), 'evil', 'evil'),
  ];
  // Each carries a valid token for this bot and serviceUrl: only the tenant is wrong.
  for (const activity of foreign) t.is((await postActivity(b.url, activity)).status, 200);
  t.is(await b.store.conversations.get(TARGET), undefined, 'no reference stored');
  t.is(b.log.lines.filter((l) => l.includes('teams activity from another tenant refused')).length, 4);

  const probe = channelMessage(serviceUrl, '<at>ISE</at> readiness', VIEWER);
  t.is((await postActivity(b.url, probe)).status, 200);
  await c.waitFor((r) => r.some((x) => x.method === 'PUT'));
  t.true(
    c.requests.every((r) => r.conversationId === probe.conversation.id),
    'only the allowed tenant was answered',
  );
  t.deepEqual(backupRuns, [], 'no backup ran');
});

for (const mode of ['auth on', 'auth off (allowUnauthenticated)'] as const) {
  test(`${mode}: a sender without a role does not replace a channel's stored reference; a later digest goes to the original serviceUrl`, async (t) => {
    const home = await connector(t);
    const attacker = await connector(t);
    const b = await bot(t, mode === 'auth on' ? undefined : { appId: '' });
    // The app is installed by an admin: the reference points at the real connector.
    t.is((await postActivity(b.url, conversationUpdate(home.serviceUrl, 'membersAdded'))).status, 200);
    const stored = async () =>
      (await b.store.conversations.get(TARGET))?.reference as { serviceUrl?: string };
    t.is((await stored())?.serviceUrl, home.serviceUrl);

    // Someone with no role writes to the bot (and "installs" it) from another serviceUrl.
    await postActivity(b.url, channelMessage(attacker.serviceUrl, '<at>ISE</at> readiness', NOBODY));
    await attacker.connector.waitFor((r) => r.some((x) => x.method === 'PUT'));
    t.regex(JSON.stringify(attacker.connector.cards()[0]?.card), /needs the viewer role/);
    const install = conversationUpdate(attacker.serviceUrl, 'membersAdded');
    await postActivity(b.url, { ...install, from: { id: `29:${NOBODY}`, aadObjectId: NOBODY } });
    t.is((await stored())?.serviceUrl, home.serviceUrl, 'the reference is unchanged');

    const before = attacker.connector.requests.length;
    const homeBefore = home.connector.requests.length; // the welcome card at install
    await b.adapter.post(TARGET, reply('certs', 'Certificates expiring', 'warn'));
    t.true(
      home.connector.requests.slice(homeBefore).some((r) => r.method === 'POST'),
      'the digest went to the original serviceUrl',
    );
    t.is(attacker.connector.requests.length, before, 'and nothing went to the other one');

    // Someone with a role in an allowed channel does update it (Teams may move a team's serviceUrl).
    await postActivity(b.url, channelMessage(attacker.serviceUrl, '<at>ISE</at> readiness', VIEWER));
    await attacker.connector.waitFor((r) => r.some((x) => x.method === 'PUT'));
    t.is((await stored())?.serviceUrl, attacker.serviceUrl);
  });
}

test.serial(
  'bad bearer tokens get a bare 401: no stack trace on stderr, no internal text in the body, one JSON log line each',
  async (t) => {
    const { serviceUrl } = await connector(t);
    const b = await bot(t);
    const auth = b.auth;
    if (!auth) throw new Error('the harness runs Teams with auth on');
    const message = channelMessage(serviceUrl, '<at>ISE</at> readiness', VIEWER);
    const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
    const tokens = [
      bearer('not.a.jwt'),
      bearer(auth.token(APP_ID, serviceUrl, { expiresInS: -600 })),
      bearer(auth.token(APP_ID, serviceUrl, { key: 'unknown' })),
      bearer(auth.token(APP_ID, serviceUrl, { audience: 'another-app-id' })),
    ];
    const stderr: string[] = [];
    const write = process.stderr.write;
    process.stderr.write = ((chunk: unknown) => {
      stderr.push(String(chunk));
      return true;
    }) as typeof process.stderr.write;
    const answers: Array<{ status: number; body: string }> = [];
    try {
      for (const headers of tokens) {
        const res = await postActivity(b.url, message, headers);
        answers.push({ status: res.status, body: await res.text() });
      }
    } finally {
      process.stderr.write = write;
    }
    t.deepEqual(stderr, [], 'botbuilder printed nothing of its own');
    for (const answer of answers) t.deepEqual(answer, { status: 401, body: '{"error":"unauthorized"}' });
    const refused = b.log.lines.filter((l) => l.includes('teams request refused: token not accepted'));
    t.is(refused.length, tokens.length);
    for (const line of b.log.lines) {
      t.notThrows(() => JSON.parse(line), 'every line is one JSON object');
      t.notRegex(line, /\\n\s+at /, 'no stack frames');
    }
    t.true(
      b.log.lines.some((l) => l.includes('botbuilder reported a problem')),
      "botbuilder's own complaint is in the log",
    );
  },
);

test('with teams.allowUnauthenticated the start log and /healthz both say Teams auth is off', async (t) => {
  const { services, log } = await testServices({
    http: { port: 0 },
    teams: { allowUnauthenticated: true },
  });
  const started = await startFullBot(services, { listen: true });
  t.teardown(() => started.stop(100));
  t.regex(log.text(), /TEAMS AUTH IS OFF/);
  const health = (await (await fetch(`http://127.0.0.1:${started.http?.port}/healthz`)).json()) as {
    adapters: Array<{ name: string; warning?: string }>;
  };
  t.regex(health.adapters.find((a) => a.name === 'teams')?.warning ?? '', /TEAMS AUTH IS OFF/);
});

test('built without the config check, the adapter still refuses an empty appId and auth without a tenant list', async (t) => {
  const { services } = await testServices();
  t.teardown(() => closeServices(services));
  const build = (config: TeamsConfig) => () =>
    createTeamsAdapter({
      config,
      http: new HttpServer(services.log),
      conversations: services.store.conversations,
      log: services.log,
    });
  t.throws(build({ appId: ' ', allowUnauthenticated: false, tenantIds: ['tid'] }), {
    message: /teams\.appId is empty/,
  });
  t.throws(build({ appId: APP_ID, allowUnauthenticated: false }), { message: /teams\.tenantIds is empty/ });
  t.notThrows(build({ appId: '', allowUnauthenticated: true }));
});
