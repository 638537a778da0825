import test from 'ava';
import { type CliPart, readNodeCli } from '../../src/ise/readers/cli.js';
import { EXCERPT_CHARS } from '../../src/ise/readers/cli-answer.js';
import type { NodeCli } from '../../src/ise/snapshot/types.js';
import { CliPool } from '../../src/ise/ssh/pool.js';
import type { CliSession } from '../../src/ise/ssh/session.js';
import type { SshTarget } from '../../src/ise/ssh/target.js';

/*
 * The CLI reader keeps only answers it understood: an invalid-command, empty or unrecognised answer, and
 * every answer of a user-mode (`>`) login, become an error for that part, quoting the node (issue 14).
 */

const TARGET: SshTarget = {
  hostname: 'ise-psn1',
  address: '10.0.0.5',
  port: 22,
  username: 'admin',
  hostKeys: undefined,
  acceptUnknownHostKeys: true,
  timeoutMs: 5_000,
};

const NTP_OK = `Configured NTP Servers:
  10.10.10.1

synchronised to NTP server (10.10.10.1) at stratum 3
   time correct to within 20 ms
   polling server every 1024 s

     remote           refid      st t when poll reach   delay   offset  jitter
==============================================================================
*10.10.10.1      .GPS.            1 u  100 1024  377    0.400    0.100   0.050
`;

function fakeSession(prompt: string, answers: Record<string, string>): CliSession {
  return {
    hostname: TARGET.hostname,
    prompt,
    banner: '',
    closed: false,
    run: async (command) => answers[command] ?? '',
    close: async () => {},
    detach: () => {},
  };
}

async function read(prompt: string, answers: Record<string, string>, parts: CliPart[]): Promise<NodeCli> {
  const pool = new CliPool({ open: async () => fakeSession(prompt, answers) });
  return readNodeCli(pool, { hostname: TARGET.hostname, target: TARGET, parts: new Set(parts) });
}

const errorOf = (part: unknown) => {
  const p = part as { state: string; error: string; answer?: boolean } | undefined;
  return p?.state === 'error' ? p : undefined;
};

test('an invalid-command answer is an error quoting the node, and the next part is still read', async (t) => {
  const cli = await read(
    'ise-psn1/admin#',
    {
      'show ntp': "ise-psn1/admin# show ntp\n         ^\n% invalid command detected at '^' marker.\n",
      'show disks': 'Internal filesystems:\n    / : 15% used ( 4203924 of 28765892)\n',
    },
    ['ntp', 'disks'],
  );
  const ntp = errorOf(cli.ntp);
  t.truthy(ntp);
  t.true(ntp?.answer);
  t.true(ntp?.error?.includes("% invalid command detected at '^' marker."), ntp?.error);
  t.regex(ntp?.error ?? '', /`show ntp` on ise-psn1 was rejected by the CLI/);
  t.is(cli.disks?.state, 'ok');
});

test('an answer the parser does not recognise is an error quoting at most 200 characters of it', async (t) => {
  const noise = `The service is starting, please wait. ${'x'.repeat(400)}`;
  const cli = await read('ise-psn1/admin#', { 'show ntp': noise }, ['ntp']);
  const ntp = errorOf(cli.ntp);
  t.truthy(ntp);
  const quoted = /it answered: "(.*)"\.$/.exec(ntp?.error ?? '')?.[1] ?? '';
  t.true(quoted.startsWith('The service is starting'), ntp?.error);
  t.true(quoted.length <= EXCERPT_CHARS, `${quoted.length} characters`);
});

test('an empty answer is an error, except for a backup history, where it means no backup yet', async (t) => {
  const cli = await read('ise-psn1/admin#', {}, ['memory', 'backupHistory']);
  t.regex(errorOf(cli.memory)?.error ?? '', /`show memory` on ise-psn1 answered nothing/);
  t.is(cli.backupHistory?.state, 'ok');
  if (cli.backupHistory?.state === 'ok') {
    t.true(cli.backupHistory.value.recognised);
    t.deepEqual(cli.backupHistory.value.entries, []);
  }
});

test('a recognised answer is kept as read', async (t) => {
  const cli = await read('ise-psn1/admin#', { 'show ntp': NTP_OK }, ['ntp']);
  t.is(cli.ntp?.state, 'ok');
});

test('a user-mode (>) login reads nothing as a fact and says to use an admin account', async (t) => {
  const cli = await read('ise-psn1/operator>', { 'show ntp': NTP_OK }, ['ntp', 'version']);
  for (const part of [cli.ntp, cli.version]) {
    const error = errorOf(part);
    t.truthy(error);
    t.regex(error?.error ?? '', /user-mode CLI \(prompt "ise-psn1\/operator>"\).*admin role/);
  }
});
