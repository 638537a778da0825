import test from 'ava';
import type { ClientChannel } from 'ssh2';
import ssh2 from 'ssh2';
import { showBackupHistory } from '../../src/lab/cli/backup.js';
import { showApplicationStatus, showDisks, showMemory } from '../../src/lab/cli/render-system.js';
import { sampleCliFacts } from '../../src/lab/cli/sample.js';
import { type LabSshServerOptions, startLabSshServer } from '../../src/lab/cli/server.js';
import { waitFor } from '../helpers/wait.js';

const { Client } = ssh2;
const CLOCK = new Date('2024-03-05T10:15:07Z');

async function lab(
  t: { teardown(fn: () => Promise<void>): void },
  options: Partial<LabSshServerOptions> = {},
) {
  const server = await startLabSshServer({
    facts: sampleCliFacts(),
    username: 'admin',
    password: 'Lab-Ssh-Pass1',
    now: () => CLOCK,
    ...options,
  });
  t.teardown(() => server.close());
  return server;
}

/** A raw terminal on the lab: everything the server sends, and a way to wait for a pattern in it. */
async function terminal(port: number, auth: { password?: string; tryKeyboard?: boolean } = {}) {
  const client = new Client();
  await new Promise<void>((resolve, reject) => {
    client.on('ready', resolve).on('error', reject);
    client.on('keyboard-interactive', (_n, _i, _l, prompts, finish) =>
      finish(prompts.map(() => 'Lab-Ssh-Pass1')),
    );
    client.connect({
      host: '127.0.0.1',
      port,
      username: 'admin',
      ...(auth.password === undefined ? {} : { password: auth.password }),
      tryKeyboard: auth.tryKeyboard ?? false,
    });
  });
  const channel = await new Promise<ClientChannel>((resolve, reject) =>
    client.shell({ term: 'vt100', rows: 24, cols: 200 }, (err, ch) => (err ? reject(err) : resolve(ch))),
  );
  let output = '';
  let closed = false;
  channel.on('data', (d: Buffer) => {
    output += d.toString('utf8');
  });
  channel.on('close', () => {
    closed = true;
  });
  const until = async (pattern: RegExp, from = 0) => {
    try {
      const seen = await waitFor(
        () => (pattern.test(output.slice(from)) ? { text: output.slice(from) } : undefined),
        { message: `${pattern} in the terminal`, interval: 5 },
      );
      return seen.text;
    } catch (error) {
      throw new Error(`${(error as Error).message}; got ${JSON.stringify(output.slice(from))}`);
    }
  };
  return {
    client,
    get output() {
      return output;
    },
    get closed() {
      return closed;
    },
    until,
    /** Types a command and returns what came back up to the next prompt. */
    async type(line: string, prompt = /ise01\/admin#$/) {
      const from = output.length;
      channel.write(`${line}\r`);
      return until(prompt, from);
    },
    write: (data: string) => channel.write(data),
    end: () => client.end(),
  };
}

test('the shell shows the prompt host/user# and answers with the echoed command and CRLF lines', async (t) => {
  const server = await lab(t);
  const term = await terminal(server.port, { password: 'Lab-Ssh-Pass1' });
  t.teardown(term.end);
  await term.until(/ise01\/admin#$/);
  const out = await term.type('show version');
  t.true(out.startsWith('show version\r\n'));
  t.regex(out, /\r\nADE-OS Build Version: 3\.1\.0\.135\r\n/);
  t.regex(out, /Cisco Identity Services Engine Patch\r\n-{45}\r\nVersion {6}: 5\r\n/);
  t.deepEqual(server.stats.commands, ['show version']);
  t.is(server.stats.logins, 1);
});

test('keyboard-interactive is offered alone when configured, and a wrong password is refused', async (t) => {
  const server = await lab(t, { authMethods: ['keyboard-interactive'] });
  const term = await terminal(server.port, { tryKeyboard: true });
  t.teardown(term.end);
  await term.until(/ise01\/admin#$/);
  await t.throwsAsync(terminal(server.port, { password: 'Lab-Ssh-Pass1' }), {
    message: /All configured authentication methods failed/,
  });
  const strict = await lab(t);
  await t.throwsAsync(terminal(strict.port, { password: 'wrong' }), {
    message: /authentication methods failed/,
  });
});

test('an exec request is refused: ISE is driven through an interactive shell only', async (t) => {
  const server = await lab(t);
  const term = await terminal(server.port, { password: 'Lab-Ssh-Pass1' });
  t.teardown(term.end);
  const error = await new Promise<Error | undefined>((resolve) =>
    term.client.exec('show version', (err) => resolve(err)),
  );
  t.truthy(error);
});

test('a session left without exit is offered in the resume menu, which rejects anything but Enter or a number', async (t) => {
  const server = await lab(t);
  const first = await terminal(server.port, { password: 'Lab-Ssh-Pass1' });
  await first.until(/#$/);
  first.end();
  // The server must see the hang-up before a login is offered the menu. Until it has, a login gets a
  // plain prompt; that one leaves with `exit` (so it is not resumable) and the next login tries again.
  const second = await waitFor(
    async () => {
      const term = await terminal(server.port, { password: 'Lab-Ssh-Pass1' });
      const greeting = await term.until(/(press <Enter> to start a new one:|ise01\/admin#)$/);
      if (greeting.endsWith('a new one:')) return { term, menu: greeting };
      await term.type('exit', /\[screen is terminating\]\r\n$/);
      term.end();
      return undefined;
    },
    { message: 'the resume menu at a login after a hang-up' },
  );
  t.teardown(second.term.end);
  const { menu } = second;
  t.regex(menu, /^Last login: Tue Mar 05 10:15:07 2024 from 127\.0\.0\.1\r\n/);
  t.regex(
    menu,
    /Following disconnected ssh sessions are available to resume\.\r\n\[1\] \d+\.admin-Tuesday_Mar_05_10:15:07_2024\r\n/,
  );
  const again = await second.term.type('terminal length 0', /a new one:$/);
  t.regex(again, /% Error: Invalid session, enter the number of the session\r\n/);
  await second.term.type('', /ise01\/admin#$/);
  const bye = await second.term.type('exit', /\[screen is terminating\]\r\n$/);
  t.is(bye, 'exit\r\n\x1b>\x1b[24;1H\r\n[screen is terminating]\r\n');
});

test('long output pauses at --More-- every 24 lines until terminal length 0 turns the pager off', async (t) => {
  const server = await lab(t);
  const term = await terminal(server.port, { password: 'Lab-Ssh-Pass1' });
  t.teardown(term.end);
  await term.until(/#$/);
  const from = term.output.length;
  term.write('show application status ise\r');
  const page = await term.until(/--More--$/, from);
  t.is(page.split('\r\n').length - 2, 24, 'echo line + 24 output lines before the pager');
  term.write(' ');
  await term.until(/ise01\/admin#$/, from);
  t.is(await term.type('terminal length 0'), 'terminal length 0\r\nise01/admin#');
  t.notRegex(await term.type('show application status ise'), /--More--/);
  const quit = term.output.length;
  await term.type('terminal length 5');
  term.write('show running-config\r');
  await term.until(/--More--$/, quit);
  term.write('q');
  await term.until(/ise01\/admin#$/, quit);
});

test('an unknown command gets the ADE-OS caret error, and keywords may be abbreviated', async (t) => {
  const server = await lab(t);
  const term = await terminal(server.port, { password: 'Lab-Ssh-Pass1' });
  t.teardown(term.end);
  await term.until(/#$/);
  const bad = await term.type('show foo');
  t.is(bad, "show foo\r\n                 ^\r\n% invalid command detected at '^' marker.\r\nise01/admin#");
  t.regex(await term.type('sh app ver ise'), /Version {6}: 3\.1\.0\.518/);
  t.regex(await term.type('show clock'), /\r\nTue Mar 05 10:15:07 UTC 2024\r\n/);
});

test('a backup streams its stages, then its file is in the repository and in the backup history', async (t) => {
  const server = await lab(t, { latency: { backupStageMs: 2 } });
  const term = await terminal(server.port, { password: 'Lab-Ssh-Pass1' });
  t.teardown(term.end);
  await term.until(/#$/);
  await term.type('terminal length 0');
  const out = await term.type('backup mybackup repository myrepo ise-config encryption-key plain Lab12345');
  t.regex(out, /% Creating backup with timestamped filename: mybackup-CFG10-240305-1015\.tar\.gpg\r\n/);
  t.regex(out, /% backup in progress: Completing Backup\.\.\.100% completed\r\n/);
  t.regex(await term.type('show repository myrepo'), /\r\nmybackup-CFG10-240305-1015\.tar\.gpg\r\n/);
  t.regex(
    await term.type('show backup history'),
    /Tue Mar 05 10:15:07 UTC 2024: backup mybackup-CFG10-240305-1015\.tar\.gpg to repository myrepo: success/,
  );
  t.regex(await term.type('show backup status'), /% {11}status: backup mybackup-CFG10-240305-1015\.tar\.gpg/);
  t.regex(
    await term.type('backup x repository nowhere ise-config encryption-key plain Lab12345'),
    /% Repository not found/,
  );
  t.regex(
    await term.type('backup x repository myrepo ise-config encryption-key plain short'),
    /% Invalid encryption key/,
  );
  t.regex(
    await term.type('backup-logs logs1 repository myrepo'),
    /log backup with timestamped filename: logs1-240305-1015\.tar\.gz/,
  );
  t.true(server.facts.repositories[0]?.files.includes('logs1-240305-1015.tar.gz'));
});

test('a hung command answers nothing until Ctrl-C, and a drop fault cuts the connection mid-output', async (t) => {
  const server = await lab(t, { faults: { hangOn: /^show ntp$/, dropOn: /running-config/ } });
  const term = await terminal(server.port, { password: 'Lab-Ssh-Pass1' });
  t.teardown(term.end);
  await term.until(/#$/);
  const from = term.output.length;
  term.write('show ntp\r');
  // The echo comes back; then nothing more. The proof that the server had time to answer: a second
  // session logs in and gets a whole command answered meanwhile.
  await term.until(/show ntp\r\n$/, from);
  const other = await terminal(server.port, { password: 'Lab-Ssh-Pass1' });
  t.teardown(other.end);
  await other.until(/#$/);
  t.regex(await other.type('show clock'), /UTC 2024/);
  t.is(term.output.slice(from), 'show ntp\r\n');
  term.write('\x03');
  const interrupted = await term.until(/ise01\/admin#$/, from);
  t.notRegex(interrupted, /synchroni[sz]ed|stratum/i, 'the hung command printed nothing, even after Ctrl-C');
  await term.type('terminal length 0');
  term.write('show running-config\r');
  await term.until(/Generating configuration/);
  await waitFor(() => term.closed, { message: 'the connection cut by the drop fault' });
  t.true(term.closed);
});

test('renderers keep the column layouts of the reference', (t) => {
  const facts = sampleCliFacts();
  const status = showApplicationStatus(facts);
  t.is(status[1], 'ISE PROCESS NAME                       STATE            PROCESS ID');
  t.is(status[3], 'Database Listener                      running          12937'.padEnd(68));
  t.is(status[3]?.length, 68);
  t.is(showDisks(facts)[2], '    / : 15% used ( 4203924 of 28765892)');
  t.deepEqual(showMemory(facts).slice(0, 1), ['total memory:    65663408 kB']);
  t.is(
    showMemory(facts)[7],
    'Mem:       65663408    24172784    20356112           0    21134512    41490624',
  );
  t.deepEqual(showBackupHistory(facts), [
    'Fri Mar 01 02:04:11 UTC 2024: backup nightly-CFG10-240301-0200.tar.gpg to repository myrepo: success',
  ]);
});
