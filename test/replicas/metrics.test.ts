import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { startBot } from '../../adapters/bot.js';
import { parseConfig } from '../../src/config/load.js';
import { closeServices, createServices } from '../../src/runtime.js';
import { silentLogger } from '../helpers/services.js';
import { tlsTrustReport } from '../helpers/tls-report.js';
import { startLab } from '../lab/helpers.js';

const SAMPLE =
  /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{((?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*",?)*)\})? (-?(?:[0-9.]+(?:e[+-]?\d+)?|\+Inf|-Inf|NaN))$/;
const COMMENT = /^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .+$/;

function labels(text: string | undefined): Record<string, string> {
  return Object.fromEntries(
    [...(text ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]),
  );
}

test('/metrics parses as Prometheus text and carries a days-left gauge for each lab certificate', async (t) => {
  const lab = await startLab(t, 'healthy-3.2');
  const dir = mkdtempSync(join(tmpdir(), 'metrics-'));
  const loaded = parseConfig(
    { ...lab.configFor(dir), store: { url: 'sqlite::memory:' }, http: { port: 0 } },
    {},
    undefined,
    dir,
  );
  const services = await createServices(loaded, { log: silentLogger() });
  const bot = await startBot(services, { listen: true });
  t.teardown(async () => {
    await bot.stop(5000);
    await closeServices(services);
  });
  const certs = await bot.dispatcher.dispatch({
    platform: 'cli',
    user: 'cli',
    channel: 'cli',
    text: 'certs 3650',
  });
  const listed = (certs.data?.certificates ?? []) as Array<{ node: string | null; friendlyName: string }>;
  // A TLS trust failure against the lab was seen once and never reproduced: if it comes back, the log
  // carries the CA, the certificate the port presented and what OpenSSL made of them.
  if (listed.length <= 5) {
    t.log(await tlsTrustReport(lab.caPem, lab.https.port));
  }
  t.true(listed.length > 5, certs.title);

  const res = await fetch(`http://127.0.0.1:${bot.http?.port}/metrics`);
  t.is(res.status, 200);
  t.regex(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  const samples = [];
  for (const line of (await res.text()).split('\n').filter(Boolean)) {
    if (COMMENT.test(line)) continue;
    const m = SAMPLE.exec(line);
    if (!m) return t.fail(`not Prometheus text: ${line}`);
    samples.push({ name: m[1], labels: labels(m[2]), value: Number(m[3]) });
  }
  const gauges = samples.filter((s) => s.name === 'ise_certificate_days_left');
  for (const cert of listed) {
    const gauge = gauges.find(
      (g) => g.labels.node === (cert.node ?? '') && g.labels.friendly_name === cert.friendlyName,
    );
    t.truthy(gauge, `${cert.node} ${cert.friendlyName}`);
    t.is(gauge?.labels.deployment, 'healthy-3-2');
    t.true(Number.isFinite(gauge?.value));
  }
  t.true(
    samples.some((s) => s.name === 'ise_chatops_commands_total' && s.labels.command === 'certs'),
    'the command count',
  );
  t.true(
    samples.some(
      (s) => s.name === 'ise_api_call_duration_seconds_count' && s.labels.deployment === 'healthy-3-2',
    ),
    'ISE call latency',
  );
});
