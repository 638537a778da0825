import test from 'ava';
import type { ClientChannel } from 'ssh2';
import ssh2 from 'ssh2';
import { showBackupStatus } from '../../src/lab/cli/backup.js';
import { type CommandEnv, execute } from '../../src/lab/cli/commands.js';
import type { CliNodeFacts, CliProcess } from '../../src/lab/cli/facts.js';
import {
  showApplicationStatus,
  showApplicationVersion,
  showVersion,
} from '../../src/lab/cli/render-system.js';
import { sampleCliFacts } from '../../src/lab/cli/sample.js';
import { startLabSshServer } from '../../src/lab/cli/server.js';
import { type RealSample, realSample, realSamples } from '../helpers/cli-fixtures.js';

/**
 * The lab's CLI renderers held to the captured outputs under test/fixtures/cli/real: the node facts are set
 * to the sample's values, so any difference left is layout (lines, blank lines, column spacing), which is
 * what the lab must get right for the parsers' tests against it to mean anything.
 */

/** The sample's output lines, without the prompt line the author pasted and the file's final newline. */
function outputLines(sample: RealSample): string[] {
  const lines = sample.text.replace(/\n$/, '').split('\n');
  return /^[\w.-]+\/[\w.-]+[#>]/.test(lines[0] ?? '') ? lines.slice(1) : lines;
}

const trimmed = (lines: readonly string[]) => lines.map((l) => l.trimEnd());

test('lab show version prints the ISE 3.2 capture line for line', (t) => {
  const facts = sampleCliFacts({
    hostname: 'ise',
    version: '3.2.0.542',
    adeOsVersion: '3.2.0.401',
    buildDate: '2022-08-30T05:21:58Z',
    installDate: '2022-09-23T09:25:02Z',
    patches: [],
  });
  // The source collapsed doubled newlines (see its header), so its blank lines are the best evidence there is.
  t.deepEqual(showVersion(facts), outputLines(realSample('show-version/3.2-1homas-ise-cli-with-ansible')));
});

test('lab show application version prints the ISE 2.4 capture with its two patch blocks line for line', (t) => {
  const facts = sampleCliFacts({
    version: '2.4.0.357',
    buildDate: '2018-03-22T19:01:26Z',
    installDate: '2019-01-16T13:45:08Z',
    patches: [
      { number: 5, installDate: '2019-01-18T19:25:00Z' },
      { number: 12, installDate: '2020-05-19T11:46:27Z' },
    ],
  });
  t.deepEqual(
    showApplicationVersion(facts),
    outputLines(realSample('show-application-version/2.4p12-kaisero-blog')),
  );
});

/** The process facts a scenario author would copy from a capture: names, states, PIDs, blank rows. */
function processesOf(sample: RealSample): CliProcess[] {
  const lines = outputLines(sample);
  const rule = lines.findIndex((l) => /^-{68}$/.test(l));
  const processes: CliProcess[] = [];
  let blank = false;
  for (const line of lines.slice(rule + 1)) {
    if (line.trim() === '') {
      blank = true;
      continue;
    }
    const [name = '', state = '', third] = line.trim().split(/\s{2,}/);
    const pid = third === undefined ? undefined : /^\d+$/.test(third) ? Number(third) : third;
    processes.push({
      name,
      state: state as CliProcess['state'],
      ...(pid === undefined ? {} : { pid }),
      ...(blank ? { blankBefore: true } : {}),
    });
    blank = false;
  }
  return processes;
}

for (const sample of realSamples('show-application-status')) {
  test(`lab show application status prints ${sample.id} with the same columns and blank rows`, (t) => {
    const facts: CliNodeFacts = sampleCliFacts({ processes: processesOf(sample) });
    t.true(facts.processes.length > 20);
    // Real rows are padded to the rule's width on the wire (ise-cli.md §1.5); the pasted samples are trimmed.
    t.deepEqual(trimmed(showApplicationStatus(facts)), trimmed(outputLines(sample)));
  });
}

test('lab status sections use the key layout of the real show restore status (ISE 3.2)', (t) => {
  // The lab models no restore in progress; its running backup shares the `%   key: value` layout, which
  // is the part of the capture that carries over (INFERRED: backup and restore status print alike).
  const keyColumns = (lines: readonly string[]) =>
    lines.filter((l) => /^% +[\w %]+: /.test(l)).map((l) => l.slice(0, l.indexOf(': ') + 2));
  const real = realSample('show-restore-status/3.2-1homas-ise-ansible-sandbox');
  const firstPoll = outputLines(real).slice(0, outputLines(real).indexOf('...'));
  const facts = sampleCliFacts({
    runningBackup: {
      name: 'nightly',
      fileName: 'nightly-CFG10-240305-1015.tar.gpg',
      repository: 'myrepo',
      startDate: '2024-03-05T10:15:07Z',
      kind: 'config',
      percent: 30,
      stage: 'Backing up ISE Configuration Data',
    },
  });
  const lab = showBackupStatus(facts);
  t.deepEqual(keyColumns(lab), keyColumns(firstPoll));
  t.deepEqual(
    lab.slice(0, 2).map((l) => l.replace('backup', 'restore')),
    firstPoll.slice(0, 2),
  );
});

/** Runs one lab command as a terminal would show it: questions with the typed answer on their line. */
async function transcript(facts: CliNodeFacts, command: string, answers: string[], now: Date) {
  const lines: string[] = [];
  let rebooted = false;
  const env: CommandEnv = {
    facts,
    promptLength: 'ise/admin#'.length,
    stageMs: 0,
    setPagerLength: () => {},
    reboot: () => {
      rebooted = true;
    },
    io: {
      print: async (out) => {
        lines.push(...out);
      },
      ask: async (prompt) => {
        const answer = answers.shift() ?? '';
        lines.push(`${prompt}${answer}`);
        return answer;
      },
      sleep: async () => {},
      signal: new AbortController().signal,
      now: () => now,
    },
  };
  await execute(command, env);
  return { lines, rebooted };
}

test('lab reload on 3.2 prints the real capture line for line, broadcast date included', async (t) => {
  const real = realSample('reload/3.2-1homas-ise-cli-with-ansible');
  const facts = sampleCliFacts({ hostname: 'ise', version: '3.2.0.542' });
  const { lines, rebooted } = await transcript(facts, 'reload', ['yes'], new Date('2022-10-09T15:14:28Z'));
  t.deepEqual(lines, outputLines(real));
  t.true(rebooted);
  // Before 3.2 the lab still asks to continue (INFERRED); the rest keeps the real layout.
  const older = await transcript(sampleCliFacts(), 'reload', ['yes', 'n'], new Date('2022-10-09T15:14:28Z'));
  t.is(older.lines.at(-1), 'Continue with reboot? [y/n] n');
  t.false(older.rebooted);
});

// ---- login, resume menu and exit over SSH ---------------------------------------------------------------

// Not \b: in screen session names the words sit between underscores (`admin-Thursday_Oct_20_...`).
const WEEKDAYS = /(?<![A-Za-z])(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)(?:day|sday|nesday|rsday|urday)?(?![A-Za-z])/g;
const MONTHS = /(?<![A-Za-z])(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)(?![A-Za-z])/g;

/** A line with its values masked: dates, numbers and addresses differ, words and punctuation must not. */
const shape = (line: string) => line.replace(WEEKDAYS, 'Day').replace(MONTHS, 'Mon').replace(/\d+/g, '9');

/** Shapes with runs of identical shapes (one resumable session or several) counted once. */
function shapes(lines: readonly string[]): string[] {
  return lines.map(shape).filter((s, i, all) => i === 0 || s !== all[i - 1]);
}

async function shell(port: number) {
  const client = new ssh2.Client();
  await new Promise<void>((resolve, reject) => {
    client.on('ready', resolve).on('error', reject);
    client.connect({ host: '127.0.0.1', port, username: 'admin', password: 'Lab-Ssh-Pass1' });
  });
  const channel = await new Promise<ClientChannel>((resolve, reject) =>
    client.shell({ term: 'vt100', rows: 24, cols: 200 }, (err, ch) => (err ? reject(err) : resolve(ch))),
  );
  let output = '';
  channel.on('data', (d: Buffer) => {
    output += d.toString('utf8');
  });
  const until = async (pattern: RegExp, from = 0) => {
    const deadline = Date.now() + 30_000;
    while (!pattern.test(output.slice(from))) {
      if (Date.now() > deadline) throw new Error(`no ${pattern} in ${JSON.stringify(output.slice(from))}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    return output.slice(from);
  };
  return {
    until,
    type: (line: string, pattern: RegExp) => {
      const from = output.length;
      channel.write(`${line}\r`);
      return until(pattern, from);
    },
    end: () => client.end(),
  };
}

test('lab login, resume menu, menu error and exit have the shapes of the real captures', async (t) => {
  const server = await startLabSshServer({
    facts: sampleCliFacts(),
    username: 'admin',
    password: 'Lab-Ssh-Pass1',
    now: () => new Date('2024-03-05T10:15:07Z'),
  });
  t.teardown(() => server.close());
  const first = await shell(server.port);
  await first.until(/#$/);
  first.end();
  // The hang-up must reach the server before the next login lists the session: poll for it.
  let menu = '';
  for (let attempt = 0; attempt < 100 && !menu.includes('Following'); attempt++) {
    const next = await shell(server.port);
    const seen = await next.until(/(#|a new one:)$/);
    if (seen.includes('Following')) {
      menu = seen;
      t.teardown(next.end);
      // Menu error, as netmiko#2327 met it: the rejected input, the error, the menu prompt again.
      const rejected = await next.type('terminal length 0', /a new one:$/);
      const errorLines = `Enter session number to resume or press <Enter> to start a new one:${rejected}`;
      t.deepEqual(
        errorLines.split('\r\n'),
        realSample('resume-menu/2.6-netmiko-2327').text.trimEnd().split('\n').slice(1),
      );
      await next.type('', /ise01\/admin#$/);
      const bye = await next.type('exit', /\[screen is terminating\]\r\n$/);
      t.is(bye, realSample('exit/3.1-1homas-ise-provisioning-and-patching').text);
    } else {
      next.end();
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  t.true(menu.includes('Following'), 'the lab never offered the dropped session');
  const labLines = menu.split('\r\n');
  for (const id of ['login/3.x-1homas-ise-provisioning-and-patching', 'login/2021-ansible-netcommon-350']) {
    const real = realSample(id).text;
    const node = real
      .slice(real.indexOf('Last login:'))
      .replace(/(start a new one:).*$/s, '$1')
      .split('\n');
    t.deepEqual(shapes(labLines), shapes(node), id);
  }
});
