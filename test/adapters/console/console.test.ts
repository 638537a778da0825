import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { pipeToBin, runCli } from '../../helpers/io.js';

const emptyDir = () => mkdtempSync(join(tmpdir(), 'console-'));

test('piped commands run in order against the demo lab, print their replies, and exit 0 when input ends', async (t) => {
  const ran = await runCli([], { stdin: '/ise nodes --deployment demo\nise help\nbogus\n', cwd: emptyDir() });
  t.is(ran.code, 0);
  t.regex(ran.stdout, /^No config file found: running the demo/);
  t.regex(ran.stdout, /5 nodes in demo/);
  t.regex(ran.stdout, /ise-psn3 +PSN, pxGrid +- +2\.7\.0\.356 +4 +Disconnected/);
  t.true(ran.stdout.indexOf('5 nodes in demo') < ran.stdout.indexOf('ISE bot commands'));
  t.regex(ran.stdout, /I don't know `bogus`/);
});

test('run "nodes" --json prints the Reply as JSON with the nodes contract', async (t) => {
  const ran = await runCli(['run', 'nodes --deployment demo', '--json'], { cwd: emptyDir() });
  t.is(ran.code, 0);
  const reply = JSON.parse(ran.stdout);
  t.is(reply.kind, 'nodes');
  t.is(reply.nodes.length, 5);
  t.like(reply.nodes[0], {
    hostname: 'ise-pan1',
    fqdn: 'ise-pan1.corp.example.com',
    version: '2.7.0.356',
    patch: 4,
    roles: ['PrimaryAdmin', 'PrimaryMonitoring'],
    status: 'Connected',
  });
  t.regex(reply.context.correlationId, /^[0-9a-f]{8}$/);
});

test('run exits 2 on a usage error, 1 when the command is refused or finds a failure, 0 otherwise', async (t) => {
  t.is((await runCli(['run', 'nodes --bogus'], { cwd: emptyDir() })).code, 2);
  t.is((await runCli(['run'], { cwd: emptyDir() })).code, 2);
  // The console user is an operator in the demo: unsubscribe needs admin.
  const refused = await runCli(['run', 'unsubscribe s1', '--json'], { cwd: emptyDir() });
  t.is(JSON.parse(refused.stdout).status, 'denied');
  t.is(refused.code, 1);
  // The 2.7 demo deployment has a disconnected PSN: the node check fails.
  const failed = await runCli(['run', 'check node-status --deployment demo', '--json'], { cwd: emptyDir() });
  t.is(JSON.parse(failed.stdout).status, 'fail');
  t.is(failed.code, 1);
  // A confirmation prompt is not a failure.
  const asked = await runCli(['run', 'backup config', '--json'], { cwd: emptyDir() });
  t.is(JSON.parse(asked.stdout).status, 'confirm');
  t.is(asked.code, 0);
});

test('the built bin reads commands from a pipe like `echo "/ise nodes" | npm start`', async (t) => {
  const { code, stdout: out } = await pipeToBin('/ise nodes\n');
  t.is(code, 0);
  t.regex(out, /6 nodes in ise-3-3/);
});
