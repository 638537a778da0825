import test from 'ava';
import { startBot } from '../../adapters/bot.js';
import type { Invocation } from '../../commands/types.js';
import { testServices } from '../helpers/services.js';
import { postgresBinaries, unless } from '../helpers/stores.js';
import { waitFor } from '../helpers/wait.js';
import { startPgCluster } from './pg-cluster.js';

// Starts and kills a PostgreSQL of its own, so it needs the server binaries (initdb, pg_ctl), not a URL;
// tools/test-postgres.sh installs them, and CI always runs it.
const pgTest = unless(
  postgresBinaries() === undefined
    ? 'no PostgreSQL binaries in /usr/lib/postgresql/*/bin (tools/test-postgres.sh installs them)'
    : undefined,
  test,
);

pgTest(
  'with PostgreSQL down /healthz answers 503 and commands say the store is unavailable; it recovers without a restart',
  async (t) => {
    const cluster = await startPgCluster();
    t.teardown(() => cluster.destroy());
    const { services, log } = await testServices({
      store: { url: cluster.url },
      http: { port: 0 },
      access: { admins: ['slack:UADMIN'] },
    });
    const bot = await startBot(services, { listen: true });
    t.teardown(async () => {
      await bot.stop(5000);
      await services.store.close();
    });
    const health = async () => {
      const res = await fetch(`http://127.0.0.1:${bot.http?.port}/healthz`);
      return { status: res.status, body: (await res.json()) as { status: string; store: { ok: boolean } } };
    };
    const send = (text: string) => {
      const invocation: Invocation = { platform: 'slack', user: 'slack:UADMIN', channel: 'slack:C1', text };
      return bot.dispatcher.dispatch(invocation);
    };
    t.is((await health()).status, 200);
    t.is((await send('subscribe certs "0 9 * * *" UTC')).status, 'ok');

    await cluster.kill();
    await waitFor(async () => (await health()).status === 503, { message: '/healthz answering 503' });
    const down = await health();
    t.is(down.body.status, 'degraded');
    t.false(down.body.store.ok);
    for (const text of ['audit', 'subscriptions', 'subscribe readiness "0 8 * * 1-5" UTC']) {
      const answer = await send(text);
      t.is(answer.status, 'error', text);
      t.is(answer.title, 'The state store is unavailable right now, so this command cannot run.', text);
    }
    t.false(log.text().includes('command crashed'), 'an outage is not a crash');

    await cluster.start();
    await waitFor(async () => (await health()).status === 200, { message: '/healthz back to 200' });
    t.is((await health()).body.status, 'ok');
    const audit = await send('audit');
    t.is(audit.status, 'info');
    t.regex(JSON.stringify(audit.sections), /subscribe/);
    t.is((await send('subscriptions')).status, 'info');
  },
);
