import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { pipeToBin, runCli } from '../../helpers/io.js';

// The no-config demo shows what the product does, not only what it finds: certificates are read on its
// default 3.3 deployment and a config backup runs to the end on both of its deployments.

const emptyDir = () => mkdtempSync(join(tmpdir(), 'demo-'));

test('the demo says which deployments it serves and which one is the default', async (t) => {
  const ran = await runCli([], { stdin: '', cwd: emptyDir() });
  t.is(ran.code, 0);
  t.regex(ran.stdout, /^No config file found: running the demo/);
  t.regex(ran.stdout, /"ise-3-3" \(ISE 3\.3 patch 2, 6 nodes; the default\)/);
  t.regex(ran.stdout, /"demo" \(ISE 2\.7 patch 4, 5 nodes; add --deployment demo\)/);
});

test('`/ise certs` in the demo prints the certificate table: the expired trusted CA and the admin certificate due', async (t) => {
  const ran = await runCli([], { stdin: '/ise certs\n', cwd: emptyDir() });
  t.is(ran.code, 0);
  t.regex(ran.stdout, /2 certificates in ise-3-3 expire within 90 days/);
  t.regex(ran.stdout, /Node +Friendly name +Usage .* Days left/);
  t.regex(ran.stdout, /\(trusted store\) +Partner VPN CA +Infrastructure +trusted .* -4[01]\n/);
  t.regex(
    ran.stdout,
    /ise-pan1 +Admin and EAP - ise-pan1 +Admin, EAP Authentication, RADIUS DTLS +system .* 2[01]\n/,
  );
});

test('`/ise backup config --yes` in the demo finishes a backup and names its file in the repository', async (t) => {
  const ran = await runCli([], { stdin: '/ise backup config --yes\n', cwd: emptyDir() });
  t.is(ran.code, 0);
  const done = /Config backup of ise-3-3 done: (ise-3-3-config-\S+-CFG10-\d{6}-\d{4}\.tar\.gpg)/.exec(
    ran.stdout,
  );
  t.truthy(done, ran.stdout);
  t.true(ran.stdout.includes(`${done?.[1]} is in repository backup-sftp.`));
});

test('the 2.7 demo deployment backs up over its CLI too', async (t) => {
  const ran = await runCli([], { stdin: '/ise backup config --yes --deployment demo\n', cwd: emptyDir() });
  t.is(ran.code, 0);
  t.regex(ran.stdout, /Config backup of demo done: demo-config-\S+\.tar\.gpg/);
  t.regex(ran.stdout, /is in repository backup-ftp\./);
});

test('the built bin shows both with piped input, as `echo "/ise certs" | npm start` does', async (t) => {
  const { code, stdout: out } = await pipeToBin('/ise certs\n/ise backup config --yes\n');
  t.is(code, 0);
  t.regex(out, /Partner VPN CA/);
  t.regex(out, /Config backup of ise-3-3 done: \S+\.tar\.gpg/);
});
