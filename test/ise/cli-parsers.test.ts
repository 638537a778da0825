import { readFileSync } from 'node:fs';
import test from 'ava';
import fc from 'fast-check';
import { cleanCliText, cliLines } from '../../src/ise/cli/clean.js';
import {
  classifyBackupLine,
  createBackupProgressTracker,
  parseBackupFileName,
  parseBackupTranscript,
  parseShowApplicationStatus,
  parseShowApplicationVersion,
  parseShowBackupHistory,
  parseShowBackupStatus,
  parseShowDisks,
  parseShowMemory,
  parseShowNtp,
  parseShowRepository,
  parseShowRestoreStatus,
  parseShowRunningConfig,
  parseShowTimezone,
  parseShowVersion,
} from '../../src/ise/cli/parsers/index.js';
import { realSample } from '../helpers/cli-fixtures.js';

/** An inferred sample by name, or a real one as `real/<command>/<release>-<source>` (header removed). */
const fixture = (name: string): string =>
  name.startsWith('real/')
    ? realSample(name.slice('real/'.length)).text
    : readFileSync(new URL(`../fixtures/cli/${name}.txt`, import.meta.url), 'utf8');
const real = (id: string): string => realSample(id).text;

// ---- cleaning -------------------------------------------------------------------------------------------

test('cleaning removes the screen exit sequence ISE ≤ 3.1 prints after exit', (t) => {
  // ise-cli.md §1.4, verbatim bytes from an Ansible error message
  const raw = 'exit\r\n\u001b>\u001b[24;1H\r\n[screen is terminating]\r\n';
  t.is(cleanCliText(raw), 'exit\n\n[screen is terminating]\n');
  t.deepEqual(cliLines(raw), ['exit', '', '']);
});

test('cleaning turns CRLF rows padded to the column width into trimmed LF rows', (t) => {
  // ise-cli.md §1.5, verbatim rows from index id 34924336264
  const raw =
    'Database Listener                      running          128286      \r\n' +
    'SXP Engine Service                     disabled                     \r\n';
  t.is(
    cleanCliText(raw),
    'Database Listener                      running          128286\nSXP Engine Service                     disabled\n',
  );
});

test('cleaning drops pager prompts without joining the rows around them', (t) => {
  t.is(
    cleanCliText('row one\n --More-- \b\b\b\b\b\b\b\b\b\b          \b\b\b\b\b\b\b\b\b\brow two'),
    'row one\nrow two',
  );
});

test('cliLines drops prompts with echoed commands for any user and config mode', (t) => {
  const text =
    'ise/admin# show ntp\nbody\nON-ISE5V/admin#show version\ndc-ise-1/User>\nise/admin(config)#\nlast';
  t.deepEqual(cliLines(text), ['body', 'last']);
});

// ---- show version / show application version ------------------------------------------------------------

test('show version (ISE 3.2) reports ADE-OS, hostname and the ISE version with patch 0', (t) => {
  // ise-cli.md §2.1, verbatim (ISE 3.2.0.542, via Ansible debug)
  const v = parseShowVersion(real('show-version/3.2-1homas-ise-cli-with-ansible'));
  t.true(v.recognised);
  t.deepEqual(v.warnings, []);
  t.is(v.adeOsRelease, '3.2');
  t.is(v.adeOsVersion, '3.2.0.401');
  t.is(v.architecture, 'x86_64');
  t.is(v.hostname, 'ise');
  t.is(v.iseVersion, '3.2.0.542');
  t.is(v.patch, 0);
  t.deepEqual(v.patches, []);
  t.is(v.installDate?.text, 'Fri Sep 23 09:25:02 2022');
  t.is(v.installDate?.date?.toISOString(), '2022-09-23T09:25:02.000Z');
  t.true(v.installDate?.zoneAssumed);
});

test('show version counts a trailing patch block (INFERRED placement) as the installed patch', (t) => {
  // ise-cli.md §2.1: the patch block shape is verbatim from §2.2; its place in show version is INFERRED
  const v = parseShowVersion(
    `${real('show-version/3.2-1homas-ise-cli-with-ansible')}\n${fixture('show-version--patch-block-inferred')}`,
  );
  t.is(v.iseVersion, '3.2.0.542');
  t.is(v.patch, 12);
  t.deepEqual(
    v.patches.map((p) => p.number),
    [12],
  );
});

test('show application version ise (ISE 2.4) lists every patch and reports the highest', (t) => {
  // ise-cli.md §2.2, verbatim (kaisero blog, ISE 2.4.0.357 with patches 5 and 12)
  const v = parseShowApplicationVersion(real('show-application-version/2.4p12-kaisero-blog'));
  t.true(v.recognised);
  t.is(v.product, 'Cisco Identity Services Engine');
  t.is(v.version, '2.4.0.357');
  t.is(v.buildDate?.text, 'Thu Mar 22 19:01:26 2018');
  t.deepEqual(
    v.patches.map((p) => [p.number, p.installDate?.date?.toISOString()]),
    [
      [5, '2019-01-18T19:25:00.000Z'],
      [12, '2020-05-19T11:46:27.000Z'],
    ],
  );
  t.is(v.patch, 12);
  t.deepEqual(v.otherBlocks, []);
});

test('show application version keeps unknown blocks aside instead of counting them as patches', (t) => {
  const text = `${real('show-application-version/2.4p12-kaisero-blog')}
Cisco Identity Services Engine Hot Patch
---------------------------------------------
Version      : CSCwa47133
`;
  const v = parseShowApplicationVersion(text);
  t.is(v.patch, 12);
  t.deepEqual(v.otherBlocks, [
    { heading: 'Cisco Identity Services Engine Hot Patch', fields: { Version: 'CSCwa47133' } },
  ]);
});

test('show version of a rejected command is unrecognised and says why', (t) => {
  const v = parseShowVersion(
    "ise/admin# show versoin\n                ^\n% invalid command detected at '^' marker.\n",
  );
  t.false(v.recognised);
  t.is(v.iseVersion, undefined);
  t.is(v.patch, 0);
  t.true(v.warnings.some((w) => w.includes('invalid command')));
});

// ---- show application status ise -----------------------------------------------------------------------

test('show application status (ISE 2.4) reads every row across the blank line, names and states exact', (t) => {
  // ise-cli.md §2.3, verbatim (kaisero blog, ISE 2.4 patch 12)
  const s = parseShowApplicationStatus(real('show-application-status/2.4p5-kaisero-blog'));
  t.true(s.recognised);
  t.deepEqual(s.warnings, []);
  t.is(s.processes.length, 28);
  t.deepEqual(s.processes[0], { name: 'Database Listener', state: 'running', pid: 12937 });
  t.deepEqual(s.processes[1], { name: 'Database Server', state: 'running', processCount: 98 });
  t.deepEqual(
    s.processes.find((p) => p.name === 'M&T Session Database'),
    { name: 'M&T Session Database', state: 'running', pid: 14940 },
  );
  t.deepEqual(
    s.processes.find((p) => p.name === 'DHCP Server (dhcpd)'),
    { name: 'DHCP Server (dhcpd)', state: 'disabled' },
  );
  t.is(s.processes.at(-1)?.name, 'ISE RabbitMQ Container');
});

test('show application status (ISE 3.2/3.3) preserves the initializing and not running states', (t) => {
  // ise-cli.md §2.3, verbatim (philipdg/nagios-plugins comment)
  const s = parseShowApplicationStatus(real('show-application-status/3.2-philipdg-nagios-plugins'));
  t.is(s.processes.length, 35);
  t.deepEqual(
    s.processes.find((p) => p.name === 'Application Server'),
    { name: 'Application Server', state: 'initializing' },
  );
  t.deepEqual(
    s.processes.find((p) => p.name === 'PassiveID API Service'),
    { name: 'PassiveID API Service', state: 'not running' },
  );
  t.is(s.processes.find((p) => p.name === 'ISE MNT LogAnalytics Elasticsearch')?.pid, 143916);
  t.is(s.processes.find((p) => p.name === 'Hermes (pxGrid Cloud Agent)')?.state, 'disabled');
});

test('show application status reads CRLF, right-padded rows', (t) => {
  // ise-cli.md §1.5, rows verbatim from index id 34924336264; header from §2.3
  const text =
    'ISE PROCESS NAME                       STATE            PROCESS ID\r\n' +
    '--------------------------------------------------------------------\r\n' +
    'Database Listener                      running          128286      \r\n' +
    'SXP Engine Service                     disabled                     \r\n';
  t.deepEqual(parseShowApplicationStatus(text).processes, [
    { name: 'Database Listener', state: 'running', pid: 128286 },
    { name: 'SXP Engine Service', state: 'disabled' },
  ]);
});

test('show application status keeps a state it has never seen, exactly as printed', (t) => {
  const text =
    'ISE PROCESS NAME                       STATE            PROCESS ID\n' +
    '--------------------------------------------------------------------\n' +
    'Some Future Service                    stopping         4242\n';
  t.deepEqual(parseShowApplicationStatus(text).processes, [
    { name: 'Some Future Service', state: 'stopping', pid: 4242 },
  ]);
});

test('show application status without the table header is unrecognised with no processes', (t) => {
  const s = parseShowApplicationStatus('Application Server is starting, please wait');
  t.false(s.recognised);
  t.deepEqual(s.processes, []);
  t.true(s.warnings.length > 0);
});

// ---- show ntp (all samples INFERRED: no verbatim ISE output exists, ise-cli.md §2.4) ---------------------

test('show ntp (ntpd, INFERRED sample) reports synchronised to the starred peer at stratum 3', (t) => {
  const n = parseShowNtp(fixture('show-ntp--ntpd-inferred'));
  t.true(n.recognised);
  t.is(n.form, 'ntpd');
  t.true(n.synchronised);
  t.is(n.syncedTo, '10.10.10.1');
  t.is(n.stratum, 3);
  t.is(n.accuracyMs, 48);
  t.is(n.pollSeconds, 1024);
  t.deepEqual(n.servers, [
    {
      address: '10.10.10.1',
      configured: true,
      reachable: true,
      selected: true,
      state: 'selected',
      stratum: 2,
      reach: '377',
    },
    {
      address: '10.10.10.2',
      configured: true,
      reachable: true,
      selected: false,
      state: 'candidate',
      stratum: 2,
      reach: '377',
    },
  ]);
});

test('show ntp (chrony, INFERRED sample) reports synchronised with the tracking figures', (t) => {
  const n = parseShowNtp(fixture('show-ntp--chrony-inferred'));
  t.is(n.form, 'chrony');
  t.true(n.synchronised);
  t.is(n.stratum, 3);
  t.is(n.rootDispersionSeconds, 0.000987654);
  t.is(n.systemTimeOffsetSeconds, 0.000012345);
  t.is(n.leapStatus, 'Normal');
  t.deepEqual(
    n.servers.map((s) => [s.address, s.selected, s.reachable]),
    [['10.10.10.1', true, true]],
  );
});

test('show ntp (chrony, INFERRED sample) reports unsynchronised when no source is selected', (t) => {
  const n = parseShowNtp(fixture('show-ntp--chrony-unsynchronised-inferred'));
  t.is(n.form, 'chrony');
  t.false(n.synchronised);
  t.is(n.leapStatus, 'Not synchronised');
  t.deepEqual(
    n.servers.map((s) => [s.address, s.configured, s.reachable, s.state]),
    [
      ['10.10.10.1', true, false, 'unreachable'],
      ['10.10.10.2', true, false, 'unreachable'],
    ],
  );
});

test('show ntp (chrony) is unsynchronised when the table selects nothing even if the summary claims sync', (t) => {
  const text = fixture('show-ntp--chrony-inferred').replace('^* 10.10.10.1', '^+ 10.10.10.1');
  t.false(parseShowNtp(text).synchronised);
});

test('show ntp (ntpd) treats "synchronised to local net" as not synchronised', (t) => {
  const text = 'Configured NTP Servers:\n  10.10.10.1\n\nsynchronised to local net at stratum 11\n';
  const n = parseShowNtp(text);
  t.false(n.synchronised);
  t.is(n.form, 'unknown');
  t.deepEqual(n.servers, [{ address: '10.10.10.1', configured: true, selected: false }]);
});

test('show ntp (ntpd) lists a peer that is not configured and flags an unreachable one', (t) => {
  const text = fixture('show-ntp--ntpd-inferred').replace(
    '+10.10.10.2      192.0.2.1        2 u  187 1024  377',
    ' 10.10.10.9      .INIT.          16 u    - 1024    0',
  );
  const n = parseShowNtp(text);
  t.deepEqual(n.servers[1], { address: '10.10.10.2', configured: true, selected: false });
  t.like(n.servers[2], { address: '10.10.10.9', configured: false, reachable: false, state: 'rejected' });
});

// ---- show disks / show memory (INFERRED layouts, ise-cli.md §2.5) ----------------------------------------

test('show disks (INFERRED sample) gives per-filesystem bytes from 1K blocks', (t) => {
  const d = parseShowDisks(fixture('show-disks--inferred'));
  t.true(d.recognised);
  t.true(d.sufficientFreeSpace);
  t.is(d.filesystems.length, 11);
  t.deepEqual(
    d.filesystems.find((f) => f.mount === '/opt'),
    {
      mount: '/opt',
      section: 'Internal filesystems',
      usedPercent: 12,
      usedBytes: 28912580 * 1024,
      totalBytes: 253374376 * 1024,
      freeBytes: (253374376 - 28912580) * 1024,
    },
  );
});

test('show disks reports a space warning line instead of the sufficient-space line (wording INFERRED)', (t) => {
  const text =
    'Internal filesystems:\n    /opt : 93% used (235638170 of 253374376)\nwarning: /opt exceeds its threshold\n';
  const d = parseShowDisks(text);
  t.false(d.sufficientFreeSpace);
  t.deepEqual(d.alerts, ['warning: /opt exceeds its threshold']);
});

test('show memory (INFERRED sample) gives totals and the free table in bytes', (t) => {
  const m = parseShowMemory(fixture('show-memory--inferred'));
  t.true(m.recognised);
  t.is(m.totalBytes, 65663408 * 1024);
  t.is(m.freeBytes, 20356112 * 1024);
  t.is(m.swapCachedBytes, 0);
  t.is(m.mem?.availableBytes, 40011420 * 1024);
  t.deepEqual(m.swap, { totalBytes: 8191996 * 1024, usedBytes: 0, freeBytes: 8191996 * 1024 });
});

// ---- show running-config --------------------------------------------------------------------------------

test('show running-config (ISE 3.x PSN) gives hostname, domain, DNS, NTP and timezone', (t) => {
  // ise-cli.md §2.7, verbatim excerpt (index ids 53397580007, 53347088525); it has no repository block
  const c = parseShowRunningConfig(fixture('show-running-config--psn-3x-unsourced-inferred'));
  t.true(c.recognised);
  t.is(c.hostname, 'ISE-PSN-01');
  t.is(c.domainName, 'lab.example.com');
  t.deepEqual(c.nameServers, ['192.0.2.177']);
  t.deepEqual(c.ntpServers, ['192.0.2.177']);
  t.is(c.timezone, 'UTC');
  t.deepEqual(c.repositories, []);
});

test('show running-config (INFERRED repository block) lists the repository without its password hash', (t) => {
  const c = parseShowRunningConfig(fixture('show-running-config--repository-inferred'));
  t.deepEqual(c.repositories, [
    { name: 'myrepo', url: 'sftp://10.1.1.5/backups', protocol: 'SFTP', user: 'backup', hasPassword: true },
  ]);
  t.false(JSON.stringify(c).includes('6A1D1B3D'));
});

test('show running-config never returns plain passwords, in user lines or inside URLs', (t) => {
  const text = [
    'hostname ise',
    'username admin password hash $6$abc$SECRETHASH role admin',
    'repository ftprepo',
    '  url ftp://backup:Pl41nSecret@10.0.0.5/isebackups',
    '!',
    'repository sftprepo',
    '  url sftp://10.0.0.6/data',
    '  user svc password plain AnotherSecret9',
    '!',
    'repository disk',
    '  url disk:',
    '!',
  ].join('\n');
  const c = parseShowRunningConfig(text);
  const json = JSON.stringify(c);
  for (const secret of ['Pl41nSecret', 'AnotherSecret9', 'SECRETHASH'])
    t.false(json.includes(secret), secret);
  t.deepEqual(c.repositories, [
    { name: 'ftprepo', url: 'ftp://backup@10.0.0.5/isebackups', protocol: 'FTP', hasPassword: true },
    { name: 'sftprepo', url: 'sftp://10.0.0.6/data', protocol: 'SFTP', user: 'svc', hasPassword: true },
    { name: 'disk', url: 'disk:', protocol: 'DISK', hasPassword: false },
  ]);
  t.deepEqual(c.users, [{ name: 'admin', role: 'admin' }]);
});

// ---- show repository (listing and errors INFERRED, ise-cli.md §2.6) -------------------------------------

test('show repository (INFERRED listing) lists file names and recognises the backups among them', (t) => {
  const r = parseShowRepository(fixture('show-repository--inferred'));
  if (!r.ok) return t.fail('expected a listing');
  t.deepEqual(r.files, [
    'ise-patchbundle-3.1.0.518-Patch3-22042809.SPA.x86_64.tar.gz',
    'my_first_backup-CFG10-220816-1332.tar.gpg',
  ]);
  t.is(r.backups.length, 1);
  t.like(r.backups[0], { name: 'my_first_backup', kind: 'CFG', formatVersion: 10, encrypted: true });
});

test('show repository turns "% Repository not found" into a typed not-found result', (t) => {
  // The string is checked verbatim by index id 12032957128; its exact layout is INFERRED
  const r = parseShowRepository('ise/admin# show repository nosuch\n% Repository not found\nise/admin#\n');
  t.like(r, { ok: false, reason: 'not-found', message: '% Repository not found' });
});

test('show repository turns a connection failure into a typed unreachable result (wording INFERRED)', (t) => {
  const r = parseShowRepository('% Error: Failed to list files in the repository\n% Protocol error\n');
  t.like(r, { ok: false, reason: 'unreachable' });
  if (!r.ok) t.true(r.message.includes('Protocol error'));
});

test('show repository reports a rejected command as invalid-command, not as files', (t) => {
  const r = parseShowRepository(
    "ise/admin# show repositry x\n             ^\n% invalid command detected at '^' marker.\n",
  );
  t.like(r, { ok: false, reason: 'invalid-command' });
});

test('show repository of an empty repository is an empty listing with a warning', (t) => {
  const r = parseShowRepository('ise/admin# show repository myrepo\nise/admin#\n');
  t.like(r, { ok: true, files: [], recognised: true });
  t.true(r.warnings.length > 0);
});

// ---- show restore status / show backup status / show backup history -------------------------------------

test('show restore status (ISE 3.2) reports the latest poll: 75 %, Restoring logs, started 14:10 UTC', (t) => {
  // ise-cli.md §2.10, verbatim (1homas/ISE_Ansible_Sandbox, YAML comment markers removed); "..." marks
  // elided polls.
  const text = real('show-restore-status/3.2-1homas-ise-ansible-sandbox');
  const s = parseShowRestoreStatus(text);
  t.true(s.recognised);
  t.deepEqual(s.warnings, []);
  t.deepEqual(s.configuration, {
    operation: 'restore',
    outcome: 'in-progress',
    name: 'ISEEE_20230810T070122-CFG10-230810-0701.tar.gpg',
    file: 'ISEEE_20230810T070122-CFG10-230810-0701.tar.gpg',
    repository: 'ftp.trust0.net',
    startDate: {
      text: 'Thu Aug 10 07:10:26 PDT 2023',
      date: new Date('2023-08-10T14:10:26.000Z'),
      zoneAssumed: false,
    },
    scheduled: false,
    triggeredFrom: 'OPEN_API',
    host: 'iseee.trust0.net',
    status: 'Restore is in progress...',
    progressPercent: 75,
    progressMessage: 'Restoring logs',
  });
});

test('show backup status (INFERRED layout) reports a successful config backup and no operational data', (t) => {
  const s = parseShowBackupStatus(fixture('show-backup-status--inferred'));
  t.like(s.configuration, {
    operation: 'backup',
    outcome: 'success',
    name: 'mybackup',
    file: 'mybackup-CFG10-240305-1015.tar.gpg',
    repository: 'myrepo',
    triggeredFrom: 'CLI',
    host: 'ise.example.com',
    scheduled: false,
  });
  t.is(s.operational, undefined);
  t.deepEqual(
    s.sections.map((x) => [x.type, x.record === undefined]),
    [
      ['configuration', false],
      ['operational', true],
    ],
  );
});

test('show backup status recognises a failed backup from the API-style failure message', (t) => {
  // "Backup failed: copy to repository failed" is verbatim from the status API (ise-cli.md §2.8)
  const s = parseShowBackupStatus(
    '%% Configuration backup status\n%% ----\n%      backup name: nightly\n%           status: Backup failed: copy to repository failed\n',
  );
  t.is(s.configuration?.outcome, 'failed');
});

test('show backup history (INFERRED layout) gives one entry per line with outcome and repository', (t) => {
  const h = parseShowBackupHistory(fixture('show-backup-history--inferred'));
  t.true(h.recognised);
  t.deepEqual(
    h.entries.map((e) => [e.name, e.file, e.repository, e.outcome, e.loggedAt?.date?.toISOString()]),
    [
      ['mybackup', 'mybackup-CFG10-240305-1015.tar.gpg', 'myrepo', 'success', '2024-03-05T10:16:42.000Z'],
      ['sched', 'sched-CFG10-240306-0200.tar.gpg', 'myrepo', 'failed', '2024-03-06T02:00:31.000Z'],
    ],
  );
});

// ---- backup progress ------------------------------------------------------------------------------------

test('a config backup (INFERRED transcript) yields started, each stage, then done with the file', (t) => {
  const events = parseBackupTranscript(fixture('backup--config-inferred'));
  t.like(events[0], {
    kind: 'started',
    file: 'mybackup-CFG10-240305-1015.tar.gpg',
    fileName: { kind: 'CFG' },
  });
  t.deepEqual(events[1], { kind: 'progress', stage: 'Starting Backup', percent: 10 });
  t.deepEqual(events.at(-2), { kind: 'progress', stage: 'Completing Backup', percent: 100 });
  t.deepEqual(events.at(-1), {
    kind: 'done',
    file: 'mybackup-CFG10-240305-1015.tar.gpg',
    evidence: 'completion-line',
  });
  t.is(events.filter((e) => e.kind === 'progress').length, 9);
});

test('backup progress can be fed one line at a time and reports each event as it happens', (t) => {
  const tracker = createBackupProgressTracker();
  t.deepEqual(tracker.line('% Creating backup with timestamped filename: NOW-CFG10-230716-2109.tar.gpg'), [
    {
      kind: 'started',
      file: 'NOW-CFG10-230716-2109.tar.gpg',
      fileName: {
        file: 'NOW-CFG10-230716-2109.tar.gpg',
        name: 'NOW',
        kind: 'CFG',
        formatVersion: 10,
        stamp: '230716-2109',
        createdAt: new Date('2023-07-16T21:09:00.000Z'),
        encrypted: true,
      },
    },
  ]);
  t.deepEqual(tracker.line('some unrelated chatter'), []);
  t.deepEqual(tracker.line('% backup in progress: Backing up ISE Configuration Data...20% completed\r'), [
    { kind: 'progress', stage: 'Backing up ISE Configuration Data', percent: 20 },
  ]);
  t.is(tracker.file, 'NOW-CFG10-230716-2109.tar.gpg');
  t.false(tracker.finished);
  t.deepEqual(tracker.line('Backup successful'), [
    { kind: 'done', file: 'NOW-CFG10-230716-2109.tar.gpg', evidence: 'completion-line' },
  ]);
  t.true(tracker.finished);
  t.deepEqual(tracker.end(), []);
});

test('backup progress reassembles lines split across chunks and CR-overwritten progress', (t) => {
  const tracker = createBackupProgressTracker();
  const events = [
    ...tracker.write('% Creating backup with timestamped filen'),
    ...tracker.write('ame: x-CFG10-240305-1015.tar.gpg\r\n% backup in progress: Starting Backup...10% compl'),
    ...tracker.write('eted\r% backup in progress: Backing up ISE Configuration Data...20% completed\r\n'),
  ];
  t.deepEqual(
    events.map((e) => e.kind),
    ['started', 'progress', 'progress'],
  );
});

test('backup progress reports the first error line and stops (error wordings INFERRED)', (t) => {
  const lines = fixture('backup--errors-inferred').split('\n');
  t.deepEqual(
    lines.filter((l) => l !== '').map((l) => classifyBackupLine(l)?.kind),
    ['error', 'error', 'error', 'error'],
  );
  const events = parseBackupTranscript(
    '% Creating backup with timestamped filename: b-CFG10-240305-1015.tar.gpg\n% Error: Failed to connect to repository myrepo. Please check repository configuration.\nise/admin#\n',
  );
  t.deepEqual(events.at(-1), {
    kind: 'error',
    message: 'Error: Failed to connect to repository myrepo. Please check repository configuration.',
  });
  t.is(events.length, 2);
});

test('a config backup whose prompt returns without a completion line is reported as an error', (t) => {
  const events = parseBackupTranscript(
    '% Creating backup with timestamped filename: b-CFG10-240305-1015.tar.gpg\n% backup in progress: Starting Backup...10% completed\nise/admin#\n',
  );
  t.like(events.at(-1), { kind: 'error' });
});

test('backup-logs (INFERRED transcript) is done when the prompt returns after the file name', (t) => {
  const events = parseBackupTranscript(fixture('backup-logs--inferred'));
  t.like(events[0], { kind: 'started', file: 'mylogs-240305-1020.tar.gpg', fileName: { kind: 'LOGS' } });
  t.deepEqual(events.at(-1), {
    kind: 'done',
    file: 'mylogs-240305-1020.tar.gpg',
    evidence: 'prompt-returned',
  });
});

test('backup file names give their name, CFG/OPS tag and stamp; other names are not backups', (t) => {
  t.like(parseBackupFileName('20220911-212308-CFG10-220912-0423.tar.gpg'), {
    name: '20220911-212308',
    kind: 'CFG',
    stamp: '220912-0423',
  });
  // OPS10 is INFERRED (ise-cli.md §2.8)
  t.like(parseBackupFileName('ops-OPS10-240305-1015.tar.gpg'), { name: 'ops', kind: 'OPS' });
  t.is(parseBackupFileName('ise-patchbundle-3.1.0.518-Patch3-22042809.SPA.x86_64.tar.gz'), undefined);
  t.is(parseBackupFileName('index.html'), undefined);
});

// ---- odd input ------------------------------------------------------------------------------------------

const parsers: Array<[string, (text: string) => { recognised: boolean; warnings: readonly string[] }]> = [
  ['show version', parseShowVersion],
  ['show application version', parseShowApplicationVersion],
  ['show application status', parseShowApplicationStatus],
  ['show ntp', parseShowNtp],
  ['show disks', parseShowDisks],
  ['show memory', parseShowMemory],
  ['show running-config', parseShowRunningConfig],
  ['show backup status', parseShowBackupStatus],
  ['show backup history', parseShowBackupHistory],
  ['show timezone', parseShowTimezone],
];

test('every parser returns unrecognised with warnings for empty, blank and garbage text', (t) => {
  for (const [name, parse] of parsers) {
    for (const text of [
      '',
      '   \r\n\r\n',
      'lorem ipsum dolor\nsit amet',
      '\u001b[24;1H\u001b>\u0000\u0007',
    ]) {
      const result = parse(text);
      t.false(result.recognised, `${name}: ${JSON.stringify(text)}`);
      t.true(result.warnings.length > 0, `${name}: ${JSON.stringify(text)}`);
    }
  }
});

test('every parser survives every truncation of every sample without throwing', (t) => {
  const samples = [
    'real/show-version/3.2-1homas-ise-cli-with-ansible',
    'real/show-application-version/2.4p12-kaisero-blog',
    'real/show-application-status/2.4p5-kaisero-blog',
    'real/show-application-status/3.2-philipdg-nagios-plugins',
    'show-ntp--ntpd-inferred',
    'show-ntp--chrony-inferred',
    'show-disks--inferred',
    'show-memory--inferred',
    'show-running-config--psn-3x-unsourced-inferred',
    'show-running-config--repository-inferred',
    'real/show-restore-status/3.2-1homas-ise-ansible-sandbox',
    'show-backup-status--inferred',
    'show-backup-history--inferred',
    'backup--config-inferred',
  ].map(fixture);
  for (const sample of samples) {
    for (let cut = 0; cut <= sample.length; cut += 7) {
      const text = sample.slice(0, cut);
      for (const [, parse] of parsers) parse(text);
      parseShowRepository(text);
      parseBackupTranscript(text);
    }
  }
  t.pass();
});

test('every parser survives arbitrary text without throwing', (t) => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
      for (const [, parse] of parsers) parse(text);
      parseShowRepository(text);
      parseBackupTranscript(text);
      const tracker = createBackupProgressTracker();
      tracker.write(text);
      tracker.end();
    }),
    { numRuns: 300 },
  );
  t.pass();
});
