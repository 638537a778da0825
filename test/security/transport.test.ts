import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { createDispatcher } from '../../commands/dispatcher.js';
import { COMMANDS } from '../../commands/index.js';
import { IseSshError } from '../../src/ise/errors.js';
import { openCliSession } from '../../src/ise/ssh/session.js';
import { sampleCliFacts } from '../../src/lab/cli/sample.js';
import { newHostKey, startLabSshServer } from '../../src/lab/cli/server.js';
import { closeServices } from '../../src/runtime.js';
import { Secret } from '../../src/secrets.js';
import { backupBench, said } from '../backup/helpers.js';
import { testServices } from '../helpers/services.js';
import { startLab } from '../lab/helpers.js';

const insecureDeployment = {
  name: 'prod',
  pan: 'ise-pan1.example.com',
  rest: { username: 'reader', password: 'Rest-Secret-1', insecure: true, timeoutMs: 2000 },
};

test('rest.insecure logs a loud warning at every start of the bot', async (t) => {
  for (let start = 1; start <= 2; start++) {
    const { services, log } = await testServices({ deployments: [insecureDeployment] });
    await closeServices(services);
    t.regex(log.text(), /TLS VERIFICATION IS OFF for deployment prod/, `start ${start}`);
    t.regex(log.text(), /"level":40/, 'as a warning');
  }
  const { services, log } = await testServices();
  await closeServices(services);
  t.notRegex(log.text(), /TLS VERIFICATION IS OFF/, 'and not when TLS is verified');
});

test('without the lab CA in rest.caFile the bot refuses ISE certificate it cannot verify', async (t) => {
  const lab = await startLab(t, 'demo', { ssh: false });
  const raw = lab.configFor(mkdtempSync(join(tmpdir(), 'tls-'))) as {
    deployments: Array<{ rest: Record<string, unknown> }>;
  };
  delete raw.deployments[0]?.rest.caFile;
  const { services } = await testServices({ deployments: raw.deployments });
  t.teardown(() => closeServices(services));
  const dispatcher = createDispatcher(COMMANDS, services);
  const reply = await dispatcher.dispatch({ platform: 'cli', user: 'cli', channel: 'cli', text: 'nodes' });
  t.is(reply.status, 'error', said(reply));
  t.regex(said(reply), /certificate|TLS/i);
  t.is(lab.stats.calls.length, 0, 'no request reached a route: the TLS handshake failed first');
});

test('a CLI line with a line break is refused before it reaches ISE, so no second command can be smuggled', async (t) => {
  const server = await startLabSshServer({
    facts: sampleCliFacts(),
    username: 'admin',
    password: 'Lab-Ssh-Pass1',
    hostKey: newHostKey(),
  });
  t.teardown(() => server.close());
  const session = await openCliSession({
    hostname: 'ise01',
    address: '127.0.0.1',
    port: server.port,
    username: 'admin',
    password: new Secret('Lab-Ssh-Pass1'),
    hostKeys: server.hostKeyFingerprint,
    acceptUnknownHostKeys: false,
    timeoutMs: 10_000,
  });
  t.teardown(() => session.close());
  for (const smuggled of [
    'show repository x\nreload',
    'show repository x\rreload',
    'show repository x\u0003',
  ]) {
    await t.throwsAsync(session.run(smuggled), { instanceOf: IseSshError, message: /control character/ });
  }
  t.false(
    server.stats.commands.some((c) => /reload|show repository/.test(c)),
    server.stats.commands.join(' | '),
  );
  t.regex(await session.run('show clock'), /\d{2}:\d{2}:\d{2}/, 'the session still works');
});

test('a repository argument that is not a plain ISE name is refused before any backup line is sent', async (t) => {
  const bench = await backupBench(t);
  for (const repository of [
    '"a;reload"',
    '"a reload"',
    '"a\nreload"',
    '$(reboot)',
    'a|b',
    `${'x'.repeat(81)}`,
  ]) {
    const reply = await bench.send(`backup config ${repository} --yes`);
    t.is(reply.status, 'error', said(reply));
    t.regex(said(reply), /is not a repository name/);
  }
  t.deepEqual(bench.backupCommands(), []);
});
