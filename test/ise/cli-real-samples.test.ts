import { EventEmitter } from 'node:events';
import test from 'ava';
import type { ClientChannel } from 'ssh2';
import { cleanCliText, cliLines } from '../../src/ise/cli/clean.js';
import {
  parseShowApplicationStatus,
  parseShowApplicationVersion,
  parseShowRestoreStatus,
  parseShowVersion,
} from '../../src/ise/cli/parsers/index.js';
import { LoginWatcher } from '../../src/ise/ssh/login.js';
import { ANY_PROMPT, QUESTION } from '../../src/ise/ssh/screen-text.js';
import { type RealSample, realSample, realSamples } from '../helpers/cli-fixtures.js';

/**
 * Every parser held to every captured sample under test/fixtures/cli/real (see its README). Each sample gets
 * its own test with values read off the sample by eye, so a parser written against a guessed layout fails
 * here rather than on a customer's node.
 */

// ---- the fixtures themselves ----------------------------------------------------------------------------

test('every real sample names its source, an address, the release and how it was transcribed', (t) => {
  const samples = realSamples();
  t.true(samples.length >= 10);
  for (const s of samples) {
    for (const key of ['source', 'address', 'release', 'transcription']) {
      t.truthy(s.header[key]?.trim(), `${s.id}: header "${key}" missing`);
    }
    t.regex(s.header.address ?? '', /^https:\/\/\S+/, `${s.id}: address is not a URL`);
    t.true(s.text.trim().length > 0, `${s.id}: no output after the header`);
  }
});

/** Commands with real samples, and the test below that holds their parser to each one. */
const COVERED = [
  'show-version',
  'show-application-version',
  'show-application-status',
  'show-restore-status',
  'login',
  'resume-menu',
  'exit',
  'reload',
  'configure-terminal',
];

test('every command with a real sample has parser tests in this file', (t) => {
  const commands = [...new Set(realSamples().map((s) => s.command))].sort();
  t.deepEqual(commands, [...COVERED].sort());
});

// ---- show version / show application version -----------------------------------------------------------

test('real show version (ISE 3.2, 1homas): ADE-OS 3.2.0.401, host ise, ISE 3.2.0.542 patch 0', (t) => {
  const v = parseShowVersion(realSample('show-version/3.2-1homas-ise-cli-with-ansible').text);
  t.true(v.recognised);
  t.deepEqual(v.warnings, []);
  t.is(v.adeOsRelease, '3.2');
  t.is(v.adeOsVersion, '3.2.0.401');
  t.is(v.hostname, 'ise');
  t.is(v.iseVersion, '3.2.0.542');
  t.is(v.buildDate?.text, 'Tue Aug 30 05:21:58 2022');
  t.is(v.patch, 0);
});

test('real show application version (ISE 2.4, kaisero): 2.4.0.357 with patches 5 and 12', (t) => {
  const v = parseShowApplicationVersion(realSample('show-application-version/2.4p12-kaisero-blog').text);
  t.true(v.recognised);
  t.deepEqual(v.warnings, []);
  t.is(v.version, '2.4.0.357');
  t.is(v.installDate?.text, 'Wed Jan 16 13:45:08 2019');
  t.deepEqual(
    v.patches.map((p) => [p.number, p.installDate?.text]),
    [
      [5, 'Fri Jan 18 19:25:00 2019'],
      [12, 'Tue May 19 11:46:27 2020'],
    ],
  );
  t.is(v.patch, 12);
  t.deepEqual(v.otherBlocks, []);
});

// ---- show application status ---------------------------------------------------------------------------

/** The rows as a reader would copy them: name, state, third column, split on the runs of spaces. */
function rowsByEye(sample: RealSample): string[][] {
  const lines = sample.text.split('\n');
  const rule = lines.findIndex((l) => /^-{68}$/.test(l));
  return lines
    .slice(rule + 1)
    .filter((l) => l.trim() !== '')
    .map((l) => l.trim().split(/\s{2,}/));
}

for (const [id, count, spotChecks] of [
  [
    'show-application-status/2.4p5-kaisero-blog',
    28,
    {
      'Database Server': '98 PROCESSES',
      'SXP Engine Service': undefined,
      'Wifi Setup Helper Container': undefined,
    },
  ],
  [
    'show-application-status/2.4p12-kaisero-blog',
    28,
    { 'Database Server': '113 PROCESSES', 'ISE RabbitMQ Container': 11501, 'TC-NAC Service': undefined },
  ],
  [
    'show-application-status/3.2-philipdg-nagios-plugins',
    35,
    {
      'Application Server': undefined,
      'PassiveID API Service': undefined,
      'ISE MNT LogAnalytics Elasticsearch': 143916,
      'Hermes (pxGrid Cloud Agent)': undefined,
    },
  ],
] as const) {
  test(`real show application status (${id}): ${count} processes, every name, state and PID as printed`, (t) => {
    const sample = realSample(id);
    const s = parseShowApplicationStatus(sample.text);
    t.true(s.recognised);
    t.deepEqual(s.warnings, []);
    t.is(s.processes.length, count);
    const printed = rowsByEye(sample);
    t.deepEqual(
      s.processes.map((p) => [p.name, p.state]),
      printed.map(([name, state]) => [name, state]),
    );
    for (const [name, third] of Object.entries(spotChecks)) {
      const p = s.processes.find((q) => q.name === name);
      t.truthy(p, name);
      if (third === undefined) t.is(p?.pid, undefined, name);
      else if (typeof third === 'number') t.is(p?.pid, third, name);
      else t.is(p?.processCount, Number.parseInt(third, 10), name);
    }
  });
}

test('real show application status (3.2): initializing and not running are kept as printed', (t) => {
  const s = parseShowApplicationStatus(
    realSample('show-application-status/3.2-philipdg-nagios-plugins').text,
  );
  const state = (name: string) => s.processes.find((p) => p.name === name)?.state;
  t.is(state('Application Server'), 'initializing');
  t.is(state('ISE pxGrid Direct Service'), 'initializing');
  t.is(state('PassiveID API Service'), 'not running');
});

// ---- show restore status --------------------------------------------------------------------------------

test('real show restore status (ISE 3.2, 1homas): the last poll of the transcript wins, 75 % Restoring logs', (t) => {
  const s = parseShowRestoreStatus(realSample('show-restore-status/3.2-1homas-ise-ansible-sandbox').text);
  t.true(s.recognised);
  t.deepEqual(s.warnings, []);
  t.is(s.configuration?.outcome, 'in-progress');
  t.is(s.configuration?.file, 'ISEEE_20230810T070122-CFG10-230810-0701.tar.gpg');
  t.is(s.configuration?.triggeredFrom, 'OPEN_API');
  t.is(s.configuration?.startDate?.date?.toISOString(), '2023-08-10T14:10:26.000Z');
  t.is(s.configuration?.progressPercent, 75);
  t.is(s.configuration?.progressMessage, 'Restoring logs');
});

// ---- login, resume menu, exit ---------------------------------------------------------------------------

/** A stand-in for the ssh2 channel: the node's bytes go in with `feed`, the bot's answers land in `written`. */
function fakeChannel() {
  const emitter = new EventEmitter();
  const written: string[] = [];
  const channel = Object.assign(emitter, {
    setEncoding: () => channel,
    write: (data: string) => {
      written.push(data);
      return true;
    },
  });
  return {
    channel: channel as unknown as ClientChannel,
    written,
    feed: (text: string) => emitter.emit('data', text.replace(/\r?\n/g, '\r\n')),
  };
}

/** The node's part of a login transcript: the lines from `Last login:` on (the rest is the client's shell). */
function nodeOutput(sample: RealSample): string {
  const text = sample.text;
  const from = text.indexOf('Last login:');
  return from < 0 ? text : text.slice(from);
}

for (const id of ['login/3.x-1homas-ise-provisioning-and-patching', 'login/2021-ansible-netcommon-350']) {
  test(`real login with the resume menu (${id}) is answered with Enter and reaches the prompt`, async (t) => {
    const sample = realSample(id);
    const { channel, written, feed } = fakeChannel();
    let menus = 0;
    const login = new LoginWatcher(channel, () => menus++);
    const reached = login.wait(AbortSignal.timeout(60_000));
    // Up to the menu prompt: what the author answered after it is theirs, not the node's.
    const upToMenu = nodeOutput(sample).replace(/(start a new one:).*$/s, '$1');
    feed(upToMenu);
    t.is(menus, 1);
    t.deepEqual(written, ['\r']);
    feed('\nise/admin#');
    t.deepEqual(await reached, { prompt: 'ise/admin#', hostAndUser: 'ise/admin' });
    // The menu is not part of the banner the bot reports; the Last login line is.
    t.is(login.banner, upToMenu.split('\n')[0] ?? '');
  });
}

test('real resume-menu error (ADE-OS 2.6, netmiko#2327): each menu prompt is answered, the error is no banner', async (t) => {
  const sample = realSample('resume-menu/2.6-netmiko-2327');
  const { channel, written, feed } = fakeChannel();
  let menus = 0;
  const login = new LoginWatcher(channel, () => menus++);
  const reached = login.wait(AbortSignal.timeout(60_000));
  // The node's lines one at a time, as they would arrive after each answer; the echoed input is netmiko's.
  for (const line of sample.text.trimEnd().split('\n')) {
    feed(`${line.replace(/(start a new one:)terminal length 0$/, '$1')}${line.endsWith(':') ? '' : '\n'}`);
  }
  t.true(menus >= 1);
  t.true(written.every((w) => w === '\r'));
  feed('\nise/admin#');
  await reached;
  t.is(login.banner, '');
});

test('real exit under screen (ISE <= 3.1, 1homas): cleaning leaves only the echo and the screen notice', (t) => {
  const bytes = realSample('exit/3.1-1homas-ise-provisioning-and-patching').text;
  t.is(bytes, 'exit\r\n\x1b>\x1b[24;1H\r\n[screen is terminating]\r\n');
  t.is(cleanCliText(bytes), 'exit\n\n[screen is terminating]\n');
  // No parser ever sees the notice as output.
  t.deepEqual(
    cliLines(bytes).filter((l) => l !== ''),
    ['exit'],
  );
});

test('real reload (ISE 3.2, 1homas): its question is seen as one, its output lines are not', (t) => {
  const [command, question, ...rest] = realSample('reload/3.2-1homas-ise-cli-with-ansible')
    .text.trimEnd()
    .split('\n');
  t.is(command, 'ise/admin#reload');
  // The node prints the question without a newline and waits; the author's "yes" came after it.
  const asked = (question ?? '').replace(/ yes$/, ' ');
  t.true(QUESTION.test(asked));
  // Complete lines are output, never questions, even the broadcast ending in a colon: the runner only
  // looks for questions on the unfinished last line.
  t.deepEqual(
    cliLines(rest.join('\n')).filter((l) => l !== ''),
    [
      'Generating configuration...',
      'Saved the ADE-OS running configuration to startup successfully',
      'Broadcast message from root@ise (pts/1) (Sun Oct  9 15:14:28 2022):',
      'Trying to stop processes gracefully. Reload might take approximately 3 mins',
    ],
  );
});

for (const [id, output] of [
  [
    'configure-terminal/3.2-1homas-ise-cli-with-ansible',
    ['Entering configuration mode terminal', 'Successfully enabled DNS cache'],
  ],
  ['configure-terminal/2.4-kaisero-blog', []],
] as const) {
  test(`real config-mode prompts (${id}) are all recognised as prompts, and only they`, (t) => {
    const lines = realSample(id).text.trimEnd().split('\n');
    for (const line of lines.filter((l) => l.startsWith('ise/admin'))) {
      // The prompt as the node prints it before the user types: up to and including `#`.
      const prompt = line.slice(0, line.indexOf('#') + 1);
      t.regex(prompt, ANY_PROMPT, prompt);
    }
    t.deepEqual(cliLines(lines.join('\n')), output);
  });
}
