import test from 'ava';
import { waitFor } from '../helpers/wait.js';
import { backupBench, backupOf, said } from './helpers.js';

test('without confirmation a backup only asks, and nothing reaches ISE', async (t) => {
  const bench = await backupBench(t);
  const reply = await bench.send('backup config');
  t.is(reply.status, 'confirm');
  t.is(reply.actions[0]?.command, 'backup config --yes');
  t.is(bench.server.stats.logins, 0);
  const confirmed = await bench.dispatcher.dispatch({
    platform: 'slack',
    user: 'slack:U1',
    channel: 'slack:C1',
    text: 'backup config',
    confirmed: true,
  });
  t.is(confirmed.status, 'ok', said(confirmed));
});

test('a viewer is refused with the role it needs, and nothing reaches ISE', async (t) => {
  const bench = await backupBench(t);
  const reply = await bench.send('backup config --yes', 'slack:V1');
  t.is(reply.status, 'denied');
  t.is(reply.title, '`backup config` needs the operator role.');
  t.is(bench.server.stats.logins, 0);
  const [entry] = await bench.services.store.audit.latest(1);
  t.is(entry?.outcome, 'refused');
  t.is(entry?.actor, 'slack:V1');
});

test('a viewer may read backup status', async (t) => {
  const bench = await backupBench(t);
  const reply = await bench.send('backup status', 'slack:V1');
  t.is(reply.kind, 'backup-status', said(reply));
  t.is(reply.lead, 'No backup or restore is running.');
  t.deepEqual(bench.backupCommands(), []);
});

for (const [repository, why] of [
  ['WEB', /Repository WEB is HTTP: ISE cannot write backups there/],
  ['TFTP-REPO', /Repository TFTP-REPO is TFTP: ISE cannot write backups there/],
  ['LOCALDISK', /Repository LOCALDISK is the local disk of ise-pan1/],
  ['nosuch', /Repository nosuch is not configured on ise-pan1/],
] as const) {
  test(`repository ${repository} is refused and no backup runs`, async (t) => {
    const bench = await backupBench(t);
    const reply = await bench.send(`backup config ${repository} --yes`);
    t.is(reply.status, 'error', said(reply));
    t.regex(reply.title, why);
    t.is(backupOf(reply).status, 'refused');
    t.deepEqual(bench.backupCommands(), []);
    t.deepEqual(await bench.services.store.backups.latest('prod', 5), []);
    const [entry] = await bench.services.store.audit.latest(1);
    t.is(entry?.outcome, 'refused');
  });
}

test('an unreachable repository is refused with what ISE said', async (t) => {
  const bench = await backupBench(t);
  const repo = bench.server.facts.repositories[0];
  if (repo) repo.reachable = false;
  const reply = await bench.send('backup config --yes');
  t.regex(reply.title, /ise-pan1 cannot use repository myrepo: ISE said "% Error: Failed to list files/);
  t.deepEqual(bench.backupCommands(), []);
});

test('a backup already running on ISE is refused and none is started', async (t) => {
  const bench = await backupBench(t);
  bench.server.facts.runningBackup = {
    name: 'gui-nightly',
    fileName: 'gui-nightly-CFG10-240305-0200.tar.gpg',
    repository: 'myrepo',
    startDate: '2024-03-05T02:00:00Z',
    kind: 'config',
    percent: 45,
    stage: 'Backing up ISE Indexing Engine Data',
  };
  const reply = await bench.send('backup config --yes');
  t.is(reply.status, 'error', said(reply));
  t.regex(reply.title, /^ISE is already running a config backup gui-nightly to myrepo, started .*, 45 %/);
  t.deepEqual(bench.backupCommands(), []);
});

test('a restarting application server (persona change) is refused', async (t) => {
  const bench = await backupBench(t);
  const server = bench.server.facts.processes.find((p) => p.name === 'Application Server');
  if (server) {
    server.state = 'initializing';
    delete server.pid;
  }
  const reply = await bench.send('backup config --yes');
  t.regex(reply.title, /Application Server on ise-pan1 is initializing: a persona change/);
  t.deepEqual(bench.backupCommands(), []);
});

test('a second request from another user while the first runs is refused by the store lock', async (t) => {
  const bench = await backupBench(t, { stageMs: 60 });
  const first = bench.send('backup config --yes', 'slack:U1');
  await waitFor(() => bench.progress.some((p) => p.includes('Starting Backup')), {
    message: 'the backup starting on ISE',
  });
  const second = await bench.send('backup operational --yes', 'slack:U2');
  t.is(second.status, 'error', said(second));
  t.regex(second.title, /^A config backup started by slack:U1 at \d\d:\d\d UTC is running on prod\.$/);
  t.is(backupOf(second).status, 'refused');
  const done = await first;
  t.is(done.status, 'ok', said(done));
  t.is(bench.backupCommands().length, 1);
  // Once the first is done the lock is free again.
  t.is(await bench.services.store.locks.holder('backup:prod', new Date()), undefined);
});

for (const [label, text, why] of [
  ['a newline', 'backup config "my\nrepo" --yes', /line break/],
  ['a semicolon', 'backup config "myrepo;reload" --yes', /contains ";"/],
  ['a quote', 'backup config "my\\"repo" --yes', /contains "\\""/],
  ['a space', 'backup config "my repo" --yes', /contains a space/],
  ['an over-long name', `backup config ${'r'.repeat(81)} --yes`, /81 characters long/],
] as const) {
  test(`a repository argument with ${label} is refused before anything reaches ISE`, async (t) => {
    const bench = await backupBench(t);
    const reply = await bench.send(text);
    t.is(reply.status, 'error', said(reply));
    t.regex(reply.title, /is not a repository name/);
    t.regex(reply.title, why);
    t.is(bench.server.stats.logins, 0);
  });
}

test('a missing key or repository is refused naming the config key', async (t) => {
  const noKey = await backupBench(t, { backup: { repository: 'myrepo' } });
  const reply = await noKey.send('backup config --yes');
  t.is(reply.title, 'No backup encryption key is configured for prod.');
  t.regex(reply.lead ?? '', /deployments\[0\]\.backup\.encryptionKey/);
  const noRepo = await backupBench(t, { backup: { encryptionKey: 'Lab12345Key' } });
  const second = await noRepo.send('backup config --yes');
  t.regex(second.lead ?? '', /deployments\[0\]\.backup\.repository/);
  t.is(noKey.server.stats.logins + noRepo.server.stats.logins, 0);
});

test('a key that breaks ISE rules is refused without showing it', async (t) => {
  const bench = await backupBench(t, { backup: { repository: 'myrepo', encryptionKey: 'weak key; reload' } });
  const reply = await bench.send('backup config --yes');
  t.regex(reply.title, /does not meet ISE's rules/);
  t.false(said(reply).includes('weak key'));
  t.is(bench.server.stats.logins, 0);
});
