import test from 'ava';
import { findCheck } from '../../src/checks/catalogue.js';
import type { Finding } from '../../src/checks/types.js';
import {
  parseShowApplicationStatus,
  parseShowBackupHistory,
  parseShowDisks,
  parseShowMemory,
  parseShowNtp,
  parseShowRepository,
  parseShowRunningConfig,
  parseShowTimezone,
  parseShowVersion,
} from '../../src/ise/cli/parsers/index.js';
import type { NodeCli, Snapshot, Sourced } from '../../src/ise/snapshot/types.js';
import { context, healthy, NODES, ok, on27 } from './fixtures.js';

/*
 * Issue 14 item 3, per check: one node's CLI answer the bot does not understand makes the check `error`
 * (or `manual`) for that node only, and every other node is still judged. Two forms of the same input:
 * what the real parsers make of the text when handed it directly (ok but `recognised: false`), and the
 * error the CLI reader records for it (quoting the answer).
 */

const INVALID = "ise-psn2/admin# show x\n              ^\n% invalid command detected at '^' marker.\n";
const GARBLED = 'Welcome to the new CLI\nSomething else entirely\n';

type Key = Exclude<keyof NodeCli, 'repositoryFiles'>;
const PARSERS: Record<Key, (text: string) => unknown> = {
  version: parseShowVersion,
  runningConfig: parseShowRunningConfig,
  ntp: parseShowNtp,
  disks: parseShowDisks,
  memory: parseShowMemory,
  backupHistory: parseShowBackupHistory,
  services: parseShowApplicationStatus,
  timezone: parseShowTimezone,
};

/** The two ways an unrecognised answer can reach a check. */
const FORMS: Array<[string, (key: Key, text: string) => Sourced<unknown>]> = [
  ['parsed but not recognised', (key, text) => ok(PARSERS[key](text))],
  [
    'recorded by the CLI reader',
    (_key, text) => ({
      state: 'error',
      error: `the node answered in a form the bot does not recognise; it answered: "${text.trim().slice(0, 60)}".`,
      source: 'CLI',
      answer: true,
    }),
  ],
];

function plant(s: Snapshot, node: string, key: Key, part: Sourced<unknown>): void {
  (s.cli[node] as Record<string, unknown>)[key] = part;
}

const show = (f: Finding) => `${f.status}: ${f.summary}\n${f.evidence.join('\n')}\n${f.remediation}`;

/** Per-node CLI checks: the node with the odd answer is the one named, the others are judged. */
const PER_NODE: Array<{ id: string; key: Key; node: string; judged: string[] }> = [
  { id: 'ntp', key: 'ntp', node: 'ise-psn2', judged: ['ise-pan1', 'ise-psn1'] },
  { id: 'disk-space', key: 'disks', node: 'ise-psn2', judged: ['ise-pan1', 'ise-psn1'] },
  { id: 'memory', key: 'memory', node: 'ise-psn2', judged: ['ise-pan1', 'ise-psn1'] },
  { id: 'services', key: 'services', node: 'ise-psn2', judged: ['ise-pan1', 'ise-psn1'] },
];

for (const { id, key, node, judged } of PER_NODE) {
  for (const [form, make] of FORMS) {
    for (const [what, text] of [
      ['an invalid-command answer', INVALID],
      ['an unknown answer', GARBLED],
    ] as const) {
      test(`${id}: ${what} on one node, ${form}, is error for that node only`, (t) => {
        const s = healthy();
        plant(s, node, key, make(key, text));
        const f = findCheck(id)?.evaluate(s, context());
        if (!f) return t.fail(`no check ${id}`);
        t.is(f.status, 'error', show(f));
        t.deepEqual(f.nodes, [node], show(f));
        t.true(
          f.evidence.some((e) => e.startsWith(`${node}: not read: `)),
          show(f),
        );
        t.regex(f.remediation, /by hand/, show(f));
        for (const other of judged) {
          t.true(
            f.evidence.some((e) => new RegExp(`^${other}[: ]`).test(e) && !e.includes('not read')),
            `${other} was not judged:\n${show(f)}`,
          );
        }
      });
    }
  }
}

for (const [form, make] of FORMS) {
  test(`version-parity: an unknown \`show version\` on one 2.7 node, ${form}, is error for that node only`, (t) => {
    const s = on27();
    for (const n of NODES) {
      const v = (s.cli[n.hostname] as NodeCli).version;
      if (v?.state === 'ok') v.value = { ...v.value, version: '2.7.0.356', patch: 10 };
    }
    plant(s, 'ise-psn2', 'version', make('version', GARBLED));
    const f = findCheck('version-parity')?.evaluate(s, context({ target: '3.0' }));
    if (!f) return t.fail('no check');
    t.is(f.status, 'error', show(f));
    t.deepEqual(f.nodes, ['ise-psn2'], show(f));
    t.true(
      f.evidence.some((e) => e.startsWith('ise-pan1 ') && e.includes('(show version)')),
      show(f),
    );
  });

  test(`mnt-data and upgrade-time: unknown \`show disks\` on an MnT, ${form}, names it and sizes nothing`, (t) => {
    const s = healthy();
    plant(s, 'ise-pan1', 'disks', make('disks', INVALID));
    const mnt = findCheck('mnt-data')?.evaluate(s, context());
    const time = findCheck('upgrade-time')?.evaluate(s, context());
    if (!mnt || !time) return t.fail('no check');
    t.true(mnt.nodes.includes('ise-pan1'), show(mnt));
    t.true(
      mnt.evidence.some((e) => e.startsWith('ise-pan2: /opt ')),
      show(mnt),
    );
    t.false(
      time.evidence.some((e) => e.startsWith('ise-pan1 ') && e.includes('used on /opt')),
      show(time),
    );
  });

  test(`recent-backup: unknown \`show backup history\` on the PAN, ${form}, is not a verdict on backups`, (t) => {
    const s = healthy();
    plant(s, 'ise-pan1', 'backupHistory', make('backupHistory', GARBLED));
    const f = findCheck('recent-backup')?.evaluate(s, context());
    if (!f) return t.fail('no check');
    t.true(f.status === 'error' || f.status === 'manual', show(f));
  });

  test(`repository: unknown \`show running-config\` on the PAN, ${form}, does not fail the repository`, (t) => {
    const s = healthy();
    plant(s, 'ise-pan1', 'runningConfig', make('runningConfig', INVALID));
    const f = findCheck('repository')?.evaluate(s, context());
    if (!f) return t.fail('no check');
    t.not(f.status, 'fail', show(f));
  });
}

test('an empty `show backup history` that the reader accepted stays a real "no history"', (t) => {
  const s = healthy();
  plant(s, 'ise-pan1', 'backupHistory', ok({ ...parseShowBackupHistory(''), recognised: true }));
  const f = findCheck('recent-backup')?.evaluate(s, context());
  if (!f) return t.fail('no check');
  t.not(f.status, 'error', show(f));
});

for (const [what, listing] of [
  ['an invalid-command answer', parseShowRepository(INVALID)],
  ['an error line the bot does not know', parseShowRepository('% Something odd happened\n')],
] as const) {
  test(`repository and upgrade-bundle: ${what} to \`show repository\` is error, not fail`, (t) => {
    const s = healthy();
    (s.cli['ise-pan1'] as NodeCli).repositoryFiles = { 'BACKUP-SFTP': ok(listing) };
    for (const node of NODES.slice(1)) delete (s.cli[node.hostname] as NodeCli).repositoryFiles;
    const repository = findCheck('repository')?.evaluate(s, context());
    const bundle = findCheck('upgrade-bundle')?.evaluate(s, context());
    if (!repository || !bundle) return t.fail('no check');
    t.is(repository.status, 'error', show(repository));
    t.true(
      repository.evidence.some((e) => e.includes('%')),
      show(repository),
    );
    t.not(bundle.status, 'pass', show(bundle));
    t.not(bundle.status, 'fail', show(bundle));
  });
}

test('repository: `% Repository not found` is still a fail', (t) => {
  const s = healthy();
  (s.cli['ise-pan1'] as NodeCli).repositoryFiles = {
    'BACKUP-SFTP': ok(parseShowRepository('% Repository not found\n')),
  };
  const f = findCheck('repository')?.evaluate(s, context());
  t.is(f?.status, 'fail');
});

test('node-status: a status the bot does not know is manual and shown as ISE printed it', (t) => {
  const s = healthy();
  if (s.nodes.state !== 'ok') return t.fail();
  (s.nodes.value[2] as { status: string }).status = 'PRIMARY';
  const f = findCheck('node-status')?.evaluate(s, context());
  if (!f) return t.fail('no check');
  t.is(f.status, 'manual', show(f));
  t.deepEqual(f.nodes, ['ise-psn1']);
  t.true(f.summary.includes('"PRIMARY"'), f.summary);
});

test('node-status: a known bad status next to an unknown one still fails the bad node', (t) => {
  const s = healthy();
  if (s.nodes.state !== 'ok') return t.fail();
  (s.nodes.value[2] as { status: string }).status = 'NotUpgraded';
  (s.nodes.value[3] as { status: string }).status = 'ReplicationStopped';
  const f = findCheck('node-status')?.evaluate(s, context());
  t.is(f?.status, 'fail');
  t.deepEqual(f?.nodes, ['ise-psn2']);
});

test('services: a process state the bot does not know is manual for that node, named with its state', (t) => {
  const s = healthy();
  const psn = s.cli['ise-psn1'] as NodeCli;
  if (psn.services?.state !== 'ok') return t.fail();
  psn.services = ok({
    ...psn.services.value,
    processes: [...psn.services.value.processes, { name: 'ISE Messaging Service', state: 'degraded' }],
  });
  const f = findCheck('services')?.evaluate(s, context());
  if (!f) return t.fail('no check');
  t.is(f.status, 'manual', show(f));
  t.deepEqual(f.nodes, ['ise-psn1']);
  t.true(
    f.evidence.some((e) => e.includes('ISE Messaging Service "degraded"')),
    show(f),
  );
});

test('ntp: a synchronised node whose `show ntp` prints no configured-server list is not failed for it', (t) => {
  const s = healthy();
  const text = 'synchronised to NTP server (10.10.10.1) at stratum 3\n   time correct to within 20 ms\n';
  plant(s, 'ise-psn1', 'ntp', ok(parseShowNtp(text)));
  const f = findCheck('ntp')?.evaluate(s, context());
  if (!f) return t.fail('no check');
  t.is(f.status, 'pass', show(f));
});
