import test from 'ava';
import { createCertsCommand } from '../../commands/certs.js';
import { createDispatcher } from '../../commands/dispatcher.js';
import { COMMANDS } from '../../commands/index.js';
import type { Invocation } from '../../commands/types.js';
import type { CertificateInfo, Sourced } from '../../src/ise/snapshot/types.js';
import { plain } from '../../src/reply/inline.js';
import { replyToJson } from '../../src/reply/model.js';
import { cert } from '../checks/fixtures.js';
import { close, DAY, FakeClock, harness } from './helpers.js';

const ACCESS = { access: { admins: ['slack:UADMIN', 'cli'], viewers: ['*'] } };
const say = (text: string, user = 'slack:UADMIN', channel = 'slack:C1'): Invocation => ({
  platform: 'slack',
  user,
  channel,
  text,
});

async function setup(t: import('ava').ExecutionContext, iso = '2026-03-27T10:00:00Z') {
  const clock = new FakeClock(iso);
  const h = await harness(clock, { config: ACCESS });
  t.teardown(() => close(h));
  return { clock, h, dispatcher: createDispatcher(COMMANDS, h.services) };
}

test('subscribe answers with the next three posts in the subscription zone, DST included', async (t) => {
  const { h, dispatcher } = await setup(t);
  const answer = await dispatcher.dispatch(say('subscribe readiness "0 8 * * *" Europe/Berlin'));
  t.is(answer.status, 'ok', answer.title);
  const sub = answer.data?.subscription as { id: string; channel: string; next: string[]; timezone: string };
  t.is(sub.channel, 'slack:C1', 'the channel it was typed in');
  t.deepEqual(sub.next, ['2026-03-28T07:00:00.000Z', '2026-03-29T06:00:00.000Z', '2026-03-30T06:00:00.000Z']);
  const shown = answer.sections[0]?.blocks[0];
  t.deepEqual(shown?.type === 'list' ? shown.items.map((i) => /\d\d:\d\d/.exec(plain(i))?.[0]) : [], [
    '08:00',
    '08:00',
    '08:00',
  ]);
  const stored = await h.services.store.subscriptions.get(sub.id);
  t.is(stored?.source, 'chat');
  t.is(stored?.createdBy, 'slack:UADMIN');
  const audit = await h.services.store.audit.latest(5);
  t.true(audit.some((e) => e.action === 'subscribe' && e.outcome === 'ok'));

  const again = await dispatcher.dispatch(say('subscribe readiness "0 8 * * *" europe/berlin'));
  t.is(again.status, 'info', 'the same subscription twice is one');
  t.is((again.data?.subscription as { id: string } | undefined)?.id, sub.id);
});

for (const [what, text, pattern] of [
  [
    'a cron expression with a bad field',
    'subscribe readiness "61 8 * * *" Europe/Berlin',
    /"61 8 \* \* \*" is not a cron expression/,
  ],
  ['a cron expression with four fields', 'subscribe certs "0 8 * *"', /expected 5 or 6 fields/],
  [
    'an unknown time zone',
    'subscribe readiness "0 8 * * 1-5" Europe/Berlim',
    /"Europe\/Berlim" is not a time zone/,
  ],
  ['a schedule more often than hourly', 'subscribe certs "*/5 * * * *"', /more often than every 60 minutes/],
] as const) {
  test(`subscribe refuses ${what} with an example of a correct one`, async (t) => {
    const { h, dispatcher } = await setup(t);
    const answer = await dispatcher.dispatch(say(text));
    t.is(answer.status, 'error');
    t.regex(answer.title, pattern);
    t.regex(answer.lead ?? '', /For example: `subscribe readiness "0 8 \* \* 1-5" Europe\/Berlin`/);
    t.deepEqual(await h.services.store.subscriptions.list(), []);
    t.true(
      (await h.services.store.audit.latest(5)).some(
        (e) => e.action === 'subscribe' && e.outcome === 'refused',
      ),
    );
  });
}

test('subscribe needs the admin role and, outside chat, a channel', async (t) => {
  const { dispatcher } = await setup(t);
  const viewer = await dispatcher.dispatch(say('subscribe certs "0 9 * * *"', 'slack:USOMEONE'));
  t.is(viewer.status, 'denied');
  t.regex(viewer.title, /admin/);
  const cli = await dispatcher.dispatch({
    platform: 'cli',
    user: 'cli',
    channel: 'cli',
    text: 'subscribe certs "0 9 * * *"',
  });
  t.regex(cli.title, /no chat channel here/);
});

test('subscriptions lists ids and next posts; unsubscribe removes a chat one and refuses a config one, audited', async (t) => {
  const clock = new FakeClock('2026-11-30T10:00:00Z');
  const schedule = {
    kind: 'certs',
    deployment: 'prod',
    cron: '0 9 * * *',
    timezone: 'UTC',
    channel: 'slack:C9',
  };
  const h = await harness(clock, { config: ACCESS, schedules: [schedule] });
  t.teardown(() => close(h));
  await h.services.store.subscriptions.syncConfig([schedule as never], clock.now());
  const dispatcher = createDispatcher(COMMANDS, h.services);
  const made = await dispatcher.dispatch(say('subscribe readiness "0 8 * * 1-5" Europe/Berlin'));
  const id = (made.data?.subscription as { id: string } | undefined)?.id ?? '';

  const listed = await dispatcher.dispatch(say('subscriptions'));
  const rows = listed.data?.subscriptions as Array<{ id: string; next: string; source: string }>;
  t.is(rows.length, 2);
  t.deepEqual(rows.find((r) => r.id === id)?.next, '2026-12-01T07:00:00.000Z');
  const fromConfig = rows.find((r) => r.source === 'config');
  t.is(fromConfig?.next, '2026-12-01T09:00:00.000Z');

  const refused = await dispatcher.dispatch(say(`unsubscribe ${fromConfig?.id}`));
  t.regex(refused.title, /config file/);
  const unknown = await dispatcher.dispatch(say('unsubscribe nope'));
  t.regex(unknown.title, /no subscription `nope`/);
  const gone = await dispatcher.dispatch(say(`unsubscribe ${id}`));
  t.is(gone.status, 'ok');
  t.is((await h.services.store.subscriptions.list()).length, 1);
  const audit = (await h.services.store.audit.latest(10)).filter((e) => e.action === 'unsubscribe');
  t.deepEqual(audit.map((e) => e.outcome).sort(), ['ok', 'refused', 'refused']);
});

test('certs lists certificates expiring within DAYS across nodes and stores, as the contract JSON', async (t) => {
  const clock = new FakeClock('2026-11-30T10:00:00Z');
  const h = await harness(clock, { config: ACCESS });
  t.teardown(() => close(h));
  const now = clock.now().getTime();
  let read: Sourced<CertificateInfo[]> = {
    state: 'ok',
    source: 'test',
    value: [
      cert({ friendlyName: 'Admin pan1', node: 'ise-pan1', notAfter: new Date(now + 40 * DAY) }),
      cert({
        friendlyName: 'Old root',
        store: 'trusted',
        usage: ['Infrastructure'],
        notAfter: new Date(now - 2 * DAY),
      }),
      cert({ friendlyName: 'EAP psn1', node: 'ise-psn1', notAfter: new Date(now + 200 * DAY) }),
    ],
  };
  const command = createCertsCommand(() => async () => read);
  const dispatcher = createDispatcher([...COMMANDS.filter((c) => c.name !== 'certs'), command], h.services);
  const json = replyToJson(await dispatcher.dispatch(say('certs', 'slack:UVIEWER')));
  const certs = json.certificates as Array<Record<string, unknown>>;
  t.deepEqual(
    certs.map((c) => [c.node, c.friendlyName, c.store, c.daysLeft, c.status]),
    [
      [null, 'Old root', 'trusted', -2, 'expired'],
      ['ise-pan1', 'Admin pan1', 'system', 40, 'ok'],
    ],
  );
  t.deepEqual(Object.keys(certs[0] ?? {}).slice(0, 9), [
    'node',
    'friendlyName',
    'usage',
    'store',
    'subject',
    'issuer',
    'notAfter',
    'daysLeft',
    'status',
  ]);
  t.is(json.status, 'fail');
  const wide = replyToJson(await dispatcher.dispatch(say('certs 365', 'slack:UVIEWER')));
  t.is((wide.certificates as unknown[]).length, 3);
  const bad = await dispatcher.dispatch(say('certs soon', 'slack:UVIEWER'));
  t.is(bad.kind, 'usage');

  read = {
    state: 'error',
    error: 'GET /api/v1/certs/system-certificate/ise-pan1 failed with 401',
    source: 'x',
  };
  const failed = await dispatcher.dispatch(say('certs', 'slack:UVIEWER'));
  t.is(failed.status, 'error', 'a failed read is never "no certificates expiring"');
  t.regex(failed.title, /could not be read: .*401/);
});
