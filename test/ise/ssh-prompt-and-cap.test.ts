import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test, { type ExecutionContext } from 'ava';
import ssh2, { type ServerChannel } from 'ssh2';
import { createDispatcher } from '../../commands/dispatcher.js';
import { COMMANDS } from '../../commands/index.js';
import { parseConfig } from '../../src/config/load.js';
import { IseSshError } from '../../src/ise/errors.js';
import { openCliSession, type SshTarget } from '../../src/ise/ssh/session.js';
import { newHostKey } from '../../src/lab/cli/server.js';
import { replyToJson } from '../../src/reply/model.js';
import { closeServices, createServices } from '../../src/runtime.js';
import { Secret } from '../../src/secrets.js';
import { silentLogger } from '../helpers/services.js';
import { startLab } from '../lab/helpers.js';

const PROMPT = 'ise-pan1/admin#';
const PASSWORD = 'Fake-Cli-Pass1';

interface FakeCli {
  port: number;
  /** Bytes written as command output (echo and prompts not counted). */
  outputBytes: number;
  ctrlC: number;
}

type Respond = (
  command: string,
  out: { write(data: string): void; prompt(): void; channel: ServerChannel },
) => void;

/**
 * A bare ssh2 server that speaks like ISE's CLI: prompt, character echo, `\r\n` after Enter, and whatever
 * `respond` writes for each command, chunk by chunk as it chooses. Ctrl-C prints `^C` and the prompt.
 */
async function fakeCli(
  t: ExecutionContext,
  respond: Respond,
  /** What the login prints before the prompt, one SSH packet per chunk. */
  banner: string[] = ['Last login: Tue Mar  5 10:15:07 2024 from 127.0.0.1'],
): Promise<FakeCli> {
  const hostKey = newHostKey();
  const state: FakeCli = { port: 0, outputBytes: 0, ctrlC: 0 };
  const server = new ssh2.Server({ hostKeys: [hostKey], ident: 'OpenSSH_7.4' }, (conn) => {
    conn.on('error', () => {});
    conn.on('authentication', (ctx) =>
      ctx.method === 'password' && ctx.password === PASSWORD ? ctx.accept() : ctx.reject(['password']),
    );
    conn.on('session', (accept) => {
      const session = accept();
      session.on('pty', (ok) => ok?.());
      session.on('shell', (ok) => {
        const channel = ok();
        const write = (data: string) => {
          if (channel.writable) channel.write(data);
        };
        const prompt = () => write(`\r\n${PROMPT} `);
        let typed = '';
        channel.on('data', (data: Buffer) => {
          for (const ch of data.toString('utf8')) {
            if (ch === '\x03') {
              state.ctrlC++;
              typed = '';
              write('^C');
              prompt();
            } else if (ch === '\r') {
              const command = typed.trim();
              typed = '';
              write('\r\n');
              if (command === 'exit') return channel.close();
              respond(command, {
                write: (out) => {
                  state.outputBytes += Buffer.byteLength(out);
                  write(out);
                },
                prompt,
                channel,
              });
            } else {
              typed += ch;
              write(ch);
            }
          }
        });
        for (const chunk of banner) write(chunk);
        write(`\r\n${PROMPT} `);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const address = server.address();
  state.port = typeof address === 'object' && address ? address.port : 0;
  return state;
}

async function login(t: ExecutionContext, cli: FakeCli, overrides: Partial<SshTarget> = {}) {
  const session = await openCliSession({
    hostname: 'ise-pan1',
    address: '127.0.0.1',
    port: cli.port,
    username: 'admin',
    password: new Secret(PASSWORD),
    hostKeys: undefined,
    acceptUnknownHostKeys: true,
    timeoutMs: 10_000,
    ...overrides,
  });
  t.teardown(() => session.close());
  return session;
}

// A banner in the running-config that shows what a CLI login looks like: one of its lines is exactly
// the prompt, and the node's output is cut into SSH packets right after it.
const BANNER_HEAD = ['hostname ise-pan1', 'banner motd', 'After you log in you see', `${PROMPT} `];
const BANNER_REST = ['and can type show commands there.', '!', 'ip domain-name example.com', '!', 'end'];

test('output containing the prompt on a line of its own does not end the command early', async (t) => {
  const cli = await fakeCli(t, (command, out) => {
    if (command === 'show running-config') {
      // Two packets: the first ends with a prompt-like line, as the real prompt would.
      out.write(BANNER_HEAD.join('\r\n'));
      out.write(`\r\n${BANNER_REST.join('\r\n')}`);
    }
    if (command === 'show clock') out.write('Tue Mar 05 10:15:07 UTC 2024');
    out.prompt();
  });
  const session = await login(t, cli);
  const output = await session.run('show running-config');
  t.is(output, [...BANNER_HEAD.map((l) => l.trimEnd()), ...BANNER_REST].join('\n'));
  // The session stays in step: the next command gets its own answer, not the tail of the last one.
  t.is(await session.run('show clock'), 'Tue Mar 05 10:15:07 UTC 2024');
});

test('a login banner holding the prompt on a line of its own is read to its end before the first command', async (t) => {
  const cli = await fakeCli(
    t,
    (command, out) => {
      if (command === 'show clock') out.write('Tue Mar 05 10:15:07 UTC 2024');
      out.prompt();
    },
    ['Authorised use only. After login you see\r\n', `${PROMPT} `, '\r\nand may type show commands.'],
  );
  const session = await login(t, cli);
  t.is(session.banner, `Authorised use only. After login you see\n${PROMPT}\nand may type show commands.`);
  t.is(await session.run('show clock'), 'Tue Mar 05 10:15:07 UTC 2024');
});

test('a command printing past ssh.maxOutputBytes fails with the limit named, and the session carries on', async (t) => {
  const LIMIT = 256 * 1024;
  let flooding = false;
  const cli = await fakeCli(t, (command, out) => {
    if (command !== 'show logging system') {
      if (command === 'show clock') out.write('Tue Mar 05 10:15:07 UTC 2024');
      return out.prompt();
    }
    // One endless line (no line breaks at all) until Ctrl-C, 100,000 bytes per write (not a divisor of
    // the limit, so the write that crosses it is whole on the wire); 64 MiB at most.
    flooding = true;
    const chunk = 'x'.repeat(100_000);
    const pump = () => {
      if (!flooding || cli.outputBytes > 64 * LIMIT) return;
      out.write(chunk);
      setImmediate(pump);
    };
    out.channel.on('data', (data: Buffer) => {
      if (data.includes(0x03)) flooding = false;
    });
    pump();
  });
  const session = await login(t, cli, { maxOutputBytes: LIMIT });
  const error = await t.throwsAsync(session.run('show logging system'), { instanceOf: IseSshError });
  t.regex(error.message, /`show logging system` printed more than 256 KiB/);
  t.regex(error.message, /ssh\.maxOutputBytes/);
  t.true(cli.outputBytes > LIMIT, 'the node really printed past the limit');
  t.is(cli.ctrlC, 1, 'the command was stopped with Ctrl-C');
  t.false(session.closed);
  t.is(await session.run('show clock'), 'Tue Mar 05 10:15:07 UTC 2024');
});

test('lab: past ssh.maxOutputBytes one node part is an error naming the limit, and the other checks still run', async (t) => {
  const lab = await startLab(t, {
    name: 'cap',
    version: '3.2.0.542',
    patch: 7,
    nodes: [
      { hostname: 'ise-pan1', roles: ['PrimaryAdmin', 'PrimaryMonitoring'] },
      { hostname: 'ise-psn1', services: ['Session'] },
    ],
  });
  const dir = mkdtempSync(join(tmpdir(), 'cap-'));
  const raw = lab.configFor(dir) as { deployments: Array<{ ssh: Record<string, unknown> }> };
  const ssh = raw.deployments[0]?.ssh;
  if (!ssh) throw new Error('no ssh block');
  // `show application status ise` prints about 1.5 KiB; `show memory` and `show disks` a few hundred bytes.
  ssh.maxOutputBytes = 1024;
  const loaded = parseConfig(
    { ...raw, access: { viewers: ['*'] }, store: { url: 'sqlite::memory:' } },
    {},
    undefined,
    dir,
  );
  const services = await createServices(loaded, { log: silentLogger() });
  t.teardown(() => closeServices(services));
  const dispatcher = createDispatcher(COMMANDS, services);
  const json = replyToJson(
    await dispatcher.dispatch({ platform: 'cli', user: 'cli', channel: 'cli', text: 'readiness' }),
  );
  const findings = json.findings as Array<{ id: string; status: string; evidence: string[] }>;
  const byId = (id: string) => findings.find((f) => f.id === id);
  const servicesCheck = byId('services');
  t.is(servicesCheck?.status, 'error');
  t.true(
    servicesCheck?.evidence.some((line) => /printed more than 1 KiB.*ssh\.maxOutputBytes/.test(line)),
    servicesCheck?.evidence.join('\n'),
  );
  t.is(byId('memory')?.status, 'pass');
  t.is(byId('disk-space')?.status, 'pass');
});
