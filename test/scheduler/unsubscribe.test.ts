import test, { type ExecutionContext } from 'ava';
import { createDispatcher } from '../../commands/dispatcher.js';
import { COMMANDS } from '../../commands/index.js';
import type { Invocation } from '../../commands/types.js';
import { waitFor } from '../helpers/wait.js';
import { close, FakeClock, harness } from './helpers.js';

const say = (text: string, user = 'slack:UADMIN', channel = 'slack:C1'): Invocation => ({
  platform: 'slack',
  user,
  channel,
  text,
});

/** A bot with one chat subscription: certificate warnings for prod in slack:C1. */
async function withOne(t: ExecutionContext, access: Record<string, unknown> = {}) {
  const clock = new FakeClock('2026-11-30T10:00:00Z');
  const h = await harness(clock, {
    config: {
      access: { admins: ['slack:UADMIN'], operators: ['slack:UOPERATOR'], viewers: ['*'], ...access },
    },
  });
  t.teardown(() => close(h));
  const send = (invocation: Invocation) => createDispatcher(COMMANDS, h.services).dispatch(invocation);
  const made = await send(say('subscribe certs "0 9 * * *" UTC'));
  const id = (made.data?.subscription as { id: string } | undefined)?.id ?? '';
  t.truthy(id, made.title);
  const ids = async () => (await h.services.store.subscriptions.list()).map((s) => s.id);
  const audit = async () => (await h.services.store.audit.latest(20)).filter((e) => e.action !== 'subscribe');
  return { h, send, id, ids, audit };
}

test('unsubscribe of an unknown id says so, removes nothing and is audited as refused', async (t) => {
  const { send, id, ids, audit } = await withOne(t);
  const answer = await send(say('unsubscribe 0123456789abcdef'));
  t.is(answer.status, 'error');
  t.is(answer.title, 'There is no subscription `0123456789abcdef`.');
  t.regex(answer.lead ?? '', /`subscriptions` lists them/);
  t.deepEqual(await ids(), [id]);
  t.deepEqual(
    (await audit()).map((e) => [e.action, e.target, e.outcome, e.detail]),
    [['unsubscribe', '0123456789abcdef', 'refused', 'no such subscription']],
  );
});

test('unsubscribe matches the whole id only: a prefix or a different case removes nothing', async (t) => {
  const { send, id, ids } = await withOne(t);
  for (const near of [id.slice(0, 6), id.slice(0, -1), id.toUpperCase(), `${id}0`]) {
    const answer = await send(say(`unsubscribe ${near}`));
    t.regex(answer.title, /There is no subscription/, near);
  }
  t.deepEqual(await ids(), [id]);
});

test('unsubscribe twice: the second says there is no such subscription', async (t) => {
  const { send, id, ids } = await withOne(t);
  t.is((await send(say(`unsubscribe ${id}`))).status, 'ok');
  t.deepEqual(await ids(), []);
  const again = await send(say(`unsubscribe ${id}`));
  t.is(again.status, 'error');
  t.regex(again.title, /There is no subscription/);
});

test('unsubscribe needs the admin role: viewers and operators are denied and nothing is removed', async (t) => {
  const { h, send, id, ids } = await withOne(t);
  for (const user of ['slack:UVIEWER', 'slack:UOPERATOR']) {
    const answer = await send(say(`unsubscribe ${id}`, user));
    t.is(answer.status, 'denied', user);
    t.is(answer.title, '`unsubscribe` needs the admin role.');
  }
  t.deepEqual(await ids(), [id]);
  // The dispatcher records a refusal without waiting for the write.
  const refusals = await waitFor(
    async () => {
      const found = (await h.services.store.audit.latest(20)).filter((e) => e.action === 'refused');
      return found.length === 2 ? found : undefined;
    },
    { message: 'two audited refusals' },
  );
  t.deepEqual(refusals.map((e) => e.actor).sort(), ['slack:UOPERATOR', 'slack:UVIEWER']);
});

test('an admin in another channel can unsubscribe, and the answer names the channel that loses it', async (t) => {
  const { send, id, ids, audit } = await withOne(t);
  const answer = await send(say(`unsubscribe ${id}`, 'slack:UADMIN', 'slack:C2'));
  t.is(answer.status, 'ok');
  t.regex(answer.lead ?? '', /certificate warnings for prod in slack:C1 /);
  t.deepEqual(await ids(), []);
  const [entry] = await audit();
  t.deepEqual(
    [entry?.action, entry?.target, entry?.outcome, entry?.actor],
    ['unsubscribe', id, 'ok', 'slack:UADMIN'],
  );
  t.regex(entry?.detail ?? '', /→ slack:C1$/);
});

test('unsubscribe from a channel outside access.channels is refused before it runs', async (t) => {
  const { send, id, ids } = await withOne(t, { channels: ['slack:C1'] });
  const answer = await send(say(`unsubscribe ${id}`, 'slack:UADMIN', 'slack:C2'));
  t.is(answer.status, 'denied');
  t.regex(answer.title, /channel is not allowed/);
  t.deepEqual(await ids(), [id]);
});
