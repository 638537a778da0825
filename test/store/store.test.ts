import { Redactor } from '../../src/secrets.js';
import { openStore } from '../../src/store/store.js';
import { freshStoreUrl, storeCases } from '../helpers/stores.js';

const at = (iso: string) => new Date(iso);

for (const { kind, test } of storeCases()) {
  const open = async (url?: string) => {
    const store = await openStore(url ?? (await freshStoreUrl(kind)), new Redactor().add('Backup0Key9'));
    return store;
  };

  test(`${kind}: migrations run once, also when two instances open the same store`, async (t) => {
    const url = await freshStoreUrl(kind);
    const [a, b] = await Promise.all([open(url), open(url)]);
    t.teardown(async () => {
      await a.close();
      await b.close();
    });
    const rows = await a.db.query('SELECT version FROM schema_migrations');
    t.true(rows.length >= 1);
    t.is(new Set(rows.map((r) => Number(r.version))).size, rows.length);
  });

  test(`${kind}: a lock is held by one owner until released or expired`, async (t) => {
    const url = await freshStoreUrl(kind);
    const [a, b] = [await open(url), await open(url)];
    t.teardown(async () => {
      await a.close();
      await b.close();
    });
    const now = at('2026-11-26T10:00:00Z');
    t.true(await a.locks.acquire('backup:prod', 'replica-a', now, 60_000));
    t.false(await b.locks.acquire('backup:prod', 'replica-b', now, 60_000));
    t.true(await a.locks.acquire('backup:prod', 'replica-a', now, 60_000), 'the holder renews');
    t.is(await b.locks.holder('backup:prod', now), 'replica-a');
    t.true(await b.locks.acquire('backup:prod', 'replica-b', at('2026-11-26T10:02:00Z'), 60_000), 'expired');
    await b.locks.release('backup:prod', 'replica-b');
    t.is(await a.locks.holder('backup:prod', now), undefined);
  });

  test(`${kind}: audit rows are redacted and come back newest first`, async (t) => {
    const store = await open();
    t.teardown(() => store.close());
    await store.audit.append({
      at: at('2026-11-26T10:00:00Z'),
      actor: 'slack:U1',
      action: 'ack',
      outcome: 'ok',
      target: 'ntp',
    });
    await store.audit.append({
      at: at('2026-11-26T10:01:00Z'),
      actor: 'slack:U2',
      action: 'backup.config',
      outcome: 'failed',
      detail: 'ISE echoed: backup x repository R ise-config encryption-key plain Backup0Key9',
    });
    const [latest, first] = await store.audit.latest(10);
    t.is(latest?.action, 'backup.config');
    t.is(latest?.detail, 'ISE echoed: backup x repository R ise-config encryption-key plain [redacted]');
    t.is(first?.target, 'ntp');
  });

  test(`${kind}: acks survive a reopen and are cleared when the release changes`, async (t) => {
    const url = await freshStoreUrl(kind);
    const first = await open(url);
    await first.acks.set('prod', {
      checkId: 'load-balancer',
      actor: 'slack:U1',
      at: at('2026-11-26T10:00:00Z'),
      releaseKey: '2.7.0.356 p4',
    });
    await first.close();
    const second = await open(url);
    t.teardown(() => second.close());
    t.is((await second.acks.current('prod', '2.7.0.356 p4')).get('load-balancer')?.actor, 'slack:U1');
    t.is((await second.acks.current('prod', '2.7.0.356 p5')).size, 0);
    t.is((await second.acks.current('prod', '2.7.0.356 p4')).size, 0, 'gone for good');
  });

  test(`${kind}: readiness history returns the previous run of a deployment`, async (t) => {
    const store = await open();
    t.teardown(() => store.close());
    const run = (id: string, iso: string, trigger: 'command' | 'schedule') => ({
      id,
      deployment: 'prod',
      at: at(iso),
      actor: 'cli',
      summary: { pass: 1, fail: 1 },
      findings: [{ id: 'ntp', status: 'fail', summary: 'x' }],
      trigger,
    });
    await store.runs.record(run('r1', '2026-11-25T08:00:00Z', 'schedule'));
    await store.runs.record(run('r2', '2026-11-26T09:00:00Z', 'command'));
    t.is((await store.runs.latest('prod', at('2026-11-26T10:00:00Z')))?.id, 'r2');
    t.is((await store.runs.latest('prod', at('2026-11-26T10:00:00Z'), 'schedule'))?.id, 'r1');
    t.deepEqual((await store.runs.latest('prod', at('2026-11-26T10:00:00Z')))?.findings, [
      { id: 'ntp', status: 'fail', summary: 'x' },
    ]);
    t.is(await store.runs.latest('other', at('2026-11-26T10:00:00Z')), undefined);
  });

  test(`${kind}: host keys are learned once and never overwritten`, async (t) => {
    const store = await open();
    t.teardown(() => store.close());
    await store.hostKeys.remember('prod', 'ise-pan1', 'SHA256:first', at('2026-11-26T10:00:00Z'));
    await store.hostKeys.remember('prod', 'ise-pan1', 'SHA256:second', at('2026-11-26T11:00:00Z'));
    t.is(await store.hostKeys.get('prod', 'ise-pan1'), 'SHA256:first');
  });

  test(`${kind}: conversation references are saved, replaced and marked gone`, async (t) => {
    const store = await open();
    t.teardown(() => store.close());
    await store.conversations.save(
      'teams:19:abc',
      { serviceUrl: 'https://x', conversation: { id: '19:abc' } },
      at('2026-11-26T10:00:00Z'),
    );
    await store.conversations.markGone('teams:19:abc', 'bot removed', at('2026-11-26T11:00:00Z'));
    t.is((await store.conversations.get('teams:19:abc'))?.gone?.reason, 'bot removed');
    await store.conversations.save('teams:19:abc', { serviceUrl: 'https://y' }, at('2026-11-26T12:00:00Z'));
    const back = await store.conversations.get('teams:19:abc');
    t.deepEqual(back?.reference, { serviceUrl: 'https://y' });
    t.is(back?.gone, undefined);
  });
}
