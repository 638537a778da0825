import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { backupCommand } from '../../commands/backup.js';
import { createDispatcher } from '../../commands/dispatcher.js';
import { parseConfig } from '../../src/config/load.js';
import type { LabOptions } from '../../src/lab/lab.js';
import { closeServices, createServices } from '../../src/runtime.js';
import { silentLogger } from '../helpers/services.js';
import { startLab } from '../lab/helpers.js';
import { backupOf, KEY, said } from './helpers.js';

/** `backup config --yes` against the whole lab, with the config changed as a real one might be. */
async function backupOn(
  t: ExecutionContext,
  options: Omit<LabOptions, 'scenario'>,
  // biome-ignore lint/suspicious/noExplicitAny: the raw config is changed before validation
  change: (deployment: any) => void = () => {},
) {
  const lab = await startLab(t, 'healthy-3.2', options);
  const dir = mkdtempSync(join(tmpdir(), 'backup-pan-'));
  const raw = lab.configFor(dir) as { deployments: Array<Record<string, unknown>> };
  const deployment = raw.deployments[0] as Record<string, unknown>;
  deployment.backup = { repository: 'backup-sftp', encryptionKey: KEY };
  change(deployment);
  const loaded = parseConfig({ ...raw, store: { url: 'sqlite::memory:' } }, {}, undefined, dir);
  const services = await createServices(loaded, { log: silentLogger() });
  t.teardown(() => closeServices(services));
  const progress: string[] = [];
  const reply = await createDispatcher(
    [backupCommand({ progress: { minIntervalMs: 0, heartbeatMs: 60_000 } })],
    services,
  ).dispatch(
    { platform: 'cli', user: 'cli', channel: 'cli', text: 'backup config --yes' },
    { progress: (text) => progress.push(text) },
  );
  const ranBackup = (host: string) =>
    lab.sshStats()[host]?.commands.some((c) => /^backup \S+ repository backup-sftp /.test(c)) ?? false;
  return { lab, reply, ranBackup, progress };
}

test('pan given as an address: the backup runs on the PrimaryAdmin through its nodes override', async (t) => {
  const { reply, ranBackup } = await backupOn(t, { api: { panCertificateAddress: true } }, (d) => {
    d.pan = '127.0.0.1';
  });
  t.is(reply.status, 'ok', said(reply));
  t.regex(backupOf(reply).file ?? '', /-CFG10-\d{6}-\d{4}\.tar\.gpg$/);
  // ise-pan1's SSH listens only on the port under nodes.ise-pan1.sshPort, not on 127.0.0.1:22.
  t.true(ranBackup('ise-pan1'));
});

test('after a PAN failover the backup runs on the new primary, not on the configured pan', async (t) => {
  // The configured pan (ise-pan1) is secondary now and answers the node list (Open API on all nodes).
  const { lab, reply, ranBackup } = await backupOn(t, { api: { failoverTo: 'ise-pan2', openApi: 'all' } });
  t.is(reply.status, 'ok', said(reply));
  t.is(lab.configuredPan.hostname, 'ise-pan1');
  t.true(ranBackup('ise-pan2'));
  t.false(ranBackup('ise-pan1'));
});

test('when the node list cannot be read the backup falls back to the configured pan and says so', async (t) => {
  const { reply, ranBackup, progress } = await backupOn(t, {
    faults: { rest: [{ path: '^/api/v1/deployment/node$|^/ers/config/node$', status: 500 }] },
  });
  t.is(reply.status, 'ok', said(reply));
  t.true(ranBackup('ise-pan1'));
  t.true(
    progress.some((p) => /node list could not be read .*configured pan ise-pan1\S* is taken/.test(p)),
    progress.join('\n'),
  );
});

test('after a PAN failover with Open API on the PAN only, the node list comes from ERS at pan', async (t) => {
  // ISE's default API settings: the configured pan (now secondary) answers no Open API.
  const { lab, reply, ranBackup } = await backupOn(t, { api: { failoverTo: 'ise-pan2' } });
  t.is(reply.status, 'ok', said(reply));
  t.true(lab.stats.calls.some((c) => c.node === 'ise-pan1' && c.path === '/ers/config/node'));
  t.true(ranBackup('ise-pan2'));
  t.false(ranBackup('ise-pan1'));
});
