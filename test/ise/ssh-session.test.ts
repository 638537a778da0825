import test from 'ava';
import ssh2 from 'ssh2';
import { IseSshError, IseTimeoutError } from '../../src/ise/errors.js';
import { CliPool } from '../../src/ise/ssh/pool.js';
import {
  type CliEvent,
  type CliSession,
  type OpenOptions,
  openCliSession,
  type SshTarget,
} from '../../src/ise/ssh/session.js';
import type { CliNodeFacts } from '../../src/lab/cli/facts.js';
import { showRunningConfig } from '../../src/lab/cli/render-config.js';
import { sampleCliFacts } from '../../src/lab/cli/sample.js';
import {
  type LabSshServer,
  type LabSshServerOptions,
  newHostKey,
  startLabSshServer,
} from '../../src/lab/cli/server.js';
import { Secret } from '../../src/secrets.js';

const PASSWORD = 'Lab-Ssh-Pass1';
const KEY = 'Lab12345';

type Teardown = { teardown(fn: () => unknown): void };

async function lab(t: Teardown, options: Partial<LabSshServerOptions> = {}) {
  const server = await startLabSshServer({
    facts: sampleCliFacts(),
    username: 'admin',
    password: PASSWORD,
    now: () => new Date('2024-03-05T10:15:07Z'),
    ...options,
  });
  t.teardown(() => server.close());
  return server;
}

function targetOf(server: LabSshServer, overrides: Partial<SshTarget> = {}): SshTarget {
  return {
    hostname: 'ise01',
    address: '127.0.0.1',
    port: server.port,
    username: 'admin',
    password: new Secret(PASSWORD),
    hostKeys: server.hostKeyFingerprint,
    acceptUnknownHostKeys: false,
    timeoutMs: 5_000,
    ...overrides,
  };
}

async function open(t: Teardown, server: LabSshServer, overrides: Partial<SshTarget> = {}) {
  const session = await openCliSession(targetOf(server, overrides));
  t.teardown(() => session.close());
  return session;
}

test('a password login reaches the prompt, turns the pager off and returns cleaned output', async (t) => {
  const server = await lab(t);
  const session = await open(t, server);
  t.is(session.prompt, 'ise01/admin#');
  const out = await session.run('show application status ise');
  t.true(out.startsWith('ISE PROCESS NAME                       STATE            PROCESS ID\n'));
  for (const noise of ['\r', '\u001b', 'show application status ise', 'ise01/admin#', '--More--']) {
    t.false(out.includes(noise), JSON.stringify(noise));
  }
  t.regex(out, /^Database Listener {22}running {10}12937$/m, 'rows are right-trimmed');
  t.deepEqual(server.stats.commands, ['terminal length 0', 'show application status ise']);
});

test('keyboard-interactive is used when the node offers only that', async (t) => {
  const server = await lab(t, { authMethods: ['keyboard-interactive'] });
  const session = await open(t, server);
  t.regex(await session.run('show version'), /^Cisco Application Deployment Engine OS Release: 3\.1$/m);
});

test('a key login works when the node has the public key', async (t) => {
  // Through the lab's retrying generator: ssh2 cannot read back about 1 ed25519 key in 300 it makes.
  const privateKey = newHostKey();
  const parsed = ssh2.utils.parseKey(privateKey);
  if (parsed instanceof Error || Array.isArray(parsed)) throw new Error('newHostKey gave an unreadable key');
  const publicKey = `${parsed.type} ${parsed.getPublicSSH().toString('base64')}`;
  const server = await lab(t, { authMethods: ['publickey'], authorizedKeys: [publicKey] });
  const session = await open(t, server, { privateKey });
  t.regex(await session.run('show clock'), /^Tue Mar 05 10:15:07 UTC 2024$/);
});

test('the resume menu after a session that did not exit is answered with a new session', async (t) => {
  const server = await lab(t, { faults: { dropOn: /^show ntp$/ } });
  const first = await open(t, server);
  await t.throwsAsync(first.run('show ntp'), { instanceOf: IseSshError });
  const events: CliEvent[] = [];
  const second = await openCliSession(targetOf(server), { onEvent: (e) => events.push(e) });
  t.true(events.some((e) => e.type === 'resume-menu'));
  t.regex(second.banner, /^Last login: .* from 127\.0\.0\.1$/);
  t.regex(await second.run('show uptime'), /^12 day\(s\), 03:41:07$/);
  await second.close();
});

test('the pager is answered with a space when paging is still on, and the output has no trace of it', async (t) => {
  const server = await lab(t);
  const events: CliEvent[] = [];
  const session = await openCliSession(targetOf(server), { onEvent: (e) => events.push(e) });
  t.teardown(() => session.close());
  // As if `terminal length 0` had not taken effect on this release.
  await session.run('terminal length 4');
  const out = await session.run('show running-config');
  t.true(events.filter((e) => e.type === 'pager').length >= 5);
  t.is(out, showRunningConfig(sampleCliFacts()).join('\n'));
});

test('a pinned host key is accepted and an unknown one is refused with the fingerprint to pin', async (t) => {
  const server = await lab(t);
  await open(t, server);
  const error = await t.throwsAsync(openCliSession(targetOf(server, { hostKeys: undefined })), {
    instanceOf: IseSshError,
  });
  t.true(error.message.includes(server.hostKeyFingerprint));
  t.regex(error.message, /unknown SSH host key/);
});

test('a changed host key is refused and the message gives the old and the new fingerprint', async (t) => {
  const server = await lab(t);
  const pinned = server.hostKeyFingerprint;
  const changed = await server.changeHostKey();
  for (const acceptUnknownHostKeys of [false, true]) {
    const error = await t.throwsAsync(
      openCliSession(targetOf(server, { hostKeys: pinned, acceptUnknownHostKeys })),
      {
        instanceOf: IseSshError,
      },
    );
    t.regex(error.message, /CHANGED/);
    t.true(error.message.includes(pinned) && error.message.includes(changed));
  }
});

test('acceptUnknownHostKeys trusts a new key and hands it to rememberHostKey', async (t) => {
  const server = await lab(t);
  const remembered: string[] = [];
  await open(t, server, {
    hostKeys: undefined,
    acceptUnknownHostKeys: true,
    rememberHostKey: async (hostname, fingerprint) => {
      remembered.push(`${hostname} ${fingerprint}`);
      return fingerprint;
    },
  });
  t.deepEqual(remembered, [`ise01 ${server.hostKeyFingerprint}`]);
});

test('a wrong password gives a clear error naming the user, and a closed port names host:port', async (t) => {
  const server = await lab(t);
  const error = await t.throwsAsync(openCliSession(targetOf(server, { password: new Secret('nope-nope') })), {
    instanceOf: IseSshError,
  });
  t.regex(error.message, /^ise01: SSH login as "admin" was refused: wrong user name or password/);
  t.false(error.message.includes('nope-nope'));
  const port = server.port;
  await server.close();
  const refused = await t.throwsAsync(openCliSession(targetOf(server, { port })), {
    instanceOf: IseSshError,
  });
  t.true(refused.message.includes(`127.0.0.1:${port}`));
});

test('a hung command is cut by its timeout, and the session is closed after it', async (t) => {
  const server = await lab(t, { faults: { hangOn: /^show logging/ } });
  const session = await open(t, server);
  // The hang fault never answers, so only the 150 ms timeout can end this run.
  const error = await t.throwsAsync(session.run('show logging system ade/ADE.log tail', { timeoutMs: 150 }), {
    instanceOf: IseTimeoutError,
  });
  t.regex(error.message, /`show logging system ade\/ADE\.log tail` on ise01 did not answer/);
  t.true(session.closed);
  await t.throwsAsync(session.run('show clock'), { instanceOf: IseSshError, message: /timed out/ });
});

test('a connection dropped mid-command is a typed error naming the command, never the key', async (t) => {
  const server = await lab(t, { faults: { dropOn: /^backup / } });
  const session = await open(t, server);
  const command = `backup nightly repository myrepo ise-config encryption-key plain ${KEY}`;
  const error = await t.throwsAsync(session.run(command, { redact: [KEY] }), { instanceOf: IseSshError });
  t.regex(error.message, /the connection dropped during `backup nightly .* plain \[redacted\]`/);
  t.false(error.message.includes(KEY));
});

test('an unexpected question is refused with Ctrl-C; declared answers are typed in', async (t) => {
  const server = await lab(t);
  const session = await open(t, server);
  const error = await t.throwsAsync(session.run('reload'), { instanceOf: IseSshError });
  t.regex(
    error.message,
    /`reload` asked "Save the current ADE-OS running configuration\? \(yes\/no\) \[yes\] \?"/,
  );
  t.false(session.closed);
  const out = await session.run('reload', {
    answers: [
      { prompt: /\(yes\/no\) \[yes\] \?\s*$/, answer: 'yes' },
      { prompt: /Continue with reboot\? \[y\/n\]\s*$/, answer: 'n' },
    ],
  });
  t.regex(out, /^Saved the ADE-OS running configuration to startup successfully$/m);
  t.regex(await session.run('show clock'), /UTC 2024/);
});

test('a backup streams its progress lines and its file then shows in show repository', async (t) => {
  const server = await lab(t, { latency: { backupStageMs: 5 } });
  const session = await open(t, server);
  const lines: string[] = [];
  const out = await session.run(`backup mybackup repository myrepo ise-config encryption-key plain ${KEY}`, {
    timeoutMs: 60 * 60_000,
    redact: [KEY],
    onLine: (line) => lines.push(line),
  });
  t.is(lines[0], '% Creating backup with timestamped filename: mybackup-CFG10-240305-1015.tar.gpg');
  t.is(lines.at(-1), '% backup in progress: Completing Backup...100% completed');
  t.is(out, lines.join('\n'));
  const files = (await session.run('show repository myrepo')).split('\n');
  t.is(files.at(-1), 'mybackup-CFG10-240305-1015.tar.gpg');
});

test('close sends exit, so the next login has no resume menu', async (t) => {
  const server = await lab(t);
  const session = await openCliSession(targetOf(server));
  await session.close();
  t.true(session.closed);
  t.is(server.stats.commands.at(-1), 'exit');
  const events: CliEvent[] = [];
  const next = await openCliSession(targetOf(server), { onEvent: (e) => events.push(e) });
  t.teardown(() => next.close());
  t.false(events.some((e) => e.type === 'resume-menu'));
  t.deepEqual(
    events.map((e) => e.type),
    ['connected', 'ready', 'command'],
  );
});

function node(hostname: string): CliNodeFacts {
  return sampleCliFacts({ hostname });
}

test('the pool logs into each node once for many commands and respects its concurrency bound', async (t) => {
  const servers = await Promise.all(['ise01', 'ise02', 'ise03'].map((h) => lab(t, { facts: node(h) })));
  const targets = servers.map((s, i) => targetOf(s, { hostname: `ise0${i + 1}` }));
  // Counts sessions really open, independently of the pool's own bookkeeping.
  let live = 0;
  let peak = 0;
  const open = async (target: SshTarget, options: OpenOptions) => {
    const session = await openCliSession(target, options);
    peak = Math.max(peak, ++live);
    let counted = true;
    const wrapped: CliSession = {
      hostname: session.hostname,
      prompt: session.prompt,
      banner: session.banner,
      get closed() {
        return session.closed;
      },
      run: (command, runOptions) => session.run(command, runOptions),
      detach: () => session.detach(),
      close: async () => {
        await session.close();
        if (counted) live--;
        counted = false;
      },
    };
    return wrapped;
  };

  const shared = new CliPool({ open });
  t.teardown(() => shared.closeAll());
  await Promise.all(
    targets.flatMap((target) => Array.from({ length: 5 }, () => shared.run(target, 'show clock'))),
  );
  t.deepEqual(shared.stats().logins, { ise01: 1, ise02: 1, ise03: 1 });
  t.deepEqual(
    servers.map((s) => s.stats.logins),
    [1, 1, 1],
  );
  await shared.closeAll();

  live = 0;
  peak = 0;
  const bounded = new CliPool({ open, maxSessions: 2 });
  t.teardown(() => bounded.closeAll());
  const outputs = await Promise.all(
    targets.flatMap((target) => Array.from({ length: 3 }, () => bounded.run(target, 'show running-config'))),
  );
  t.true(outputs.every((o) => /^hostname ise0\d$/m.test(o)));
  t.is(peak, 2, 'three nodes share two slots: sessions were evicted, never more than two open');
  t.true(bounded.stats().peakOpen <= 2);
});
