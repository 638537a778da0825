import test from 'ava';
import { startBot } from '../../adapters/bot.js';
import { testServices } from '../helpers/services.js';

async function bot(t: import('ava').ExecutionContext) {
  const { services } = await testServices({ http: { port: 0 }, access: { viewers: ['*'] } });
  const started = await startBot(services, { listen: true });
  t.teardown(() => started.stop(100));
  return { services, started, base: `http://127.0.0.1:${started.http?.port}` };
}

test('/healthz answers 200 with the store, adapters and each deployment', async (t) => {
  const { base } = await bot(t);
  const res = await fetch(`${base}/healthz`);
  t.is(res.status, 200);
  const body = (await res.json()) as { status: string; store: unknown; deployments: unknown };
  t.is(body.status, 'ok');
  t.deepEqual(body.store, { ok: true });
  t.deepEqual(body.deployments, [{ name: 'prod' }]);
});

test('/healthz answers 503 when the store is down', async (t) => {
  const { base, services } = await bot(t);
  await services.store.close();
  const res = await fetch(`${base}/healthz`);
  t.is(res.status, 503);
  t.false(((await res.json()) as { store: { ok: boolean } }).store.ok);
});

test('/metrics is Prometheus text with command counts after a command ran', async (t) => {
  const { base, started } = await bot(t);
  await started.dispatcher.dispatch({ platform: 'cli', user: 'cli', channel: 'cli', text: 'help' });
  const res = await fetch(`${base}/metrics`);
  t.is(res.status, 200);
  t.regex(res.headers.get('content-type') ?? '', /text\/plain/);
  const text = await res.text();
  for (const line of text.split('\n').filter(Boolean)) {
    t.regex(
      line,
      /^(# (HELP|TYPE) \S+ .+|[a-zA-Z_:][a-zA-Z0-9_:]*(\{[^}]*\})? -?[0-9.e+Inf-]+|[a-zA-Z_:][a-zA-Z0-9_:]*(\{[^}]*\})? NaN)$/,
    );
  }
  t.regex(text, /ise_chatops_commands_total\{command="help",outcome="info"\} 1/);
});

test('stopping waits for a running job within the grace period', async (t) => {
  const { started } = await bot(t);
  const job = started.dispatcher.dispatch({ platform: 'cli', user: 'cli', channel: 'cli', text: 'help' });
  const { interrupted } = await started.stop(5000);
  t.is(interrupted, 0);
  t.is((await job).kind, 'help');
});
