import { Writable } from 'node:stream';
import test from 'ava';
import type { ClientChannel } from 'ssh2';
import ssh2 from 'ssh2';
import { main } from '../../adapters/cli/main.js';
import { sampleCliFacts } from '../../src/lab/cli/sample.js';
import { type LabSshServerOptions, startLabSshServer } from '../../src/lab/cli/server.js';
import { cliLatency } from '../../src/lab/lab-ssh.js';
import { parseScenario } from '../../src/lab/scenario.js';

const { Client } = ssh2;

async function lab(t: { teardown(fn: () => Promise<void>): void }, options: Partial<LabSshServerOptions>) {
  const server = await startLabSshServer({
    facts: sampleCliFacts(),
    username: 'admin',
    password: 'Lab-Ssh-Pass1',
    ...options,
  });
  t.teardown(() => server.close());
  return server;
}

/** A raw shell on the lab: what it printed, whether it closed, and a wait for a pattern (20 s at most). */
async function shell(port: number) {
  const client = new Client();
  await new Promise<void>((resolve, reject) => {
    client.on('ready', resolve).on('error', reject);
    client.connect({ host: '127.0.0.1', port, username: 'admin', password: 'Lab-Ssh-Pass1' });
  });
  const channel = await new Promise<ClientChannel>((resolve, reject) =>
    client.shell({ term: 'vt100', rows: 24, cols: 200 }, (err, ch) => (err ? reject(err) : resolve(ch))),
  );
  const state = { output: '', closed: false };
  channel.on('data', (d: Buffer) => {
    state.output += d.toString('utf8');
  });
  channel.on('close', () => {
    state.closed = true;
  });
  const until = async (done: () => boolean, what: string) => {
    const deadline = Date.now() + 20_000;
    while (!done()) {
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(state.output)}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  return { state, until, write: (s: string) => channel.write(s), end: () => client.end() };
}

test('a node at its CLI session limit refuses the next session with PAM’s text, and takes one again after exit', async (t) => {
  const server = await lab(t, { sessionLimit: 1 });
  const first = await shell(server.port);
  t.teardown(first.end);
  await first.until(() => /ise01\/admin#$/.test(first.state.output), 'the prompt');

  const second = await shell(server.port);
  t.teardown(second.end);
  await second.until(() => second.state.closed, 'the refused session to close');
  t.is(second.state.output, "There were too many logins for 'admin'.\r\n");
  t.is(server.stats.refusedSessions, 1);

  first.write('exit\r');
  await first.until(() => first.state.closed, 'exit');
  const third = await shell(server.port);
  t.teardown(third.end);
  await third.until(() => /ise01\/admin#$/.test(third.state.output), 'the prompt after the first left');
});

test('an expired password asks for the current one as PAM does and never shows the CLI prompt', async (t) => {
  const server = await lab(t, { faults: { passwordExpired: true } });
  const term = await shell(server.port);
  t.teardown(term.end);
  await term.until(() => /\(current\) UNIX password: $/.test(term.state.output), 'the password prompt');
  t.regex(term.state.output, /You are required to change your password immediately \(password aged\)\r\n/);
  t.regex(term.state.output, /WARNING: Your password has expired\.\r\nYou must change your password now/);
  term.write('whatever\r');
  await term.until(() => term.state.closed, 'the connection to end');
  t.notRegex(term.state.output, /ise01\/admin#/);
  t.deepEqual(server.stats.commands, []);
});

test('the time scale multiplies every CLI delay and keeps ISE’s ratios; ranges are stable per node', (t) => {
  const { latency } = parseScenario({ name: 'x', version: '3.2.0.542', nodes: [{ hostname: 'a' }] });
  const real = cliLatency(latency, 1, 'ise-psn1');
  const fast = cliLatency(latency, 0.01, 'ise-psn1');
  const status = real.commandMs?.('show application status ise') ?? 0;
  t.true(status >= 40_000 && status <= 85_000, `${status} ms is within ISE's 40-85 s`);
  t.is(fast.commandMs?.('show application status ise'), status * 0.01);
  t.is(real.commandMs?.('show application status ise'), status, 'the same node answers alike every time');
  t.is(fast.loginMs, (real.loginMs ?? 0) * 0.01);
  t.is(fast.backupStageMs, 150);
  const version = real.commandMs?.('show version') ?? 0;
  t.true(version >= 300 && version <= 1500);
  t.true(status / version > 25, 'the slow command stays far slower than the others');
});

test('lab --time-scale accepts a positive number only', async (t) => {
  let err = '';
  const sink = (write: (s: string) => void) =>
    new Writable({
      write(chunk, _enc, done) {
        write(String(chunk));
        done();
      },
    });
  const code = await main({
    argv: ['lab', '--time-scale', '0'],
    env: {},
    cwd: process.cwd(),
    stdin: process.stdin,
    stdout: sink(() => {}),
    stderr: sink((s) => {
      err += s;
    }),
  });
  t.is(code, 2);
  t.regex(err, /--time-scale must be a number above 0 and at most 100 \(1 = real time\), not "0"/);
});
