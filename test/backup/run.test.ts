import test from 'ava';
import { backupBench, backupOf, KEY, said } from './helpers.js';

const LINE = /^backup prod-config-\d{8}T\d{6} repository myrepo ise-config encryption-key plain Lab12345Key$/;

test('a confirmed config backup runs the exact CLI line, reports stages and ends with the file found in the repository', async (t) => {
  const bench = await backupBench(t);
  const reply = await bench.send('backup config --yes');
  t.is(reply.kind, 'backup', said(reply));
  t.is(reply.status, 'ok', said(reply));
  t.deepEqual(bench.backupCommands().length, 1);
  t.regex(bench.backupCommands()[0] ?? '', LINE);
  const backup = backupOf(reply);
  const file = backup.file ?? '';
  t.is(backup.kind, 'config');
  t.is(backup.repository, 'myrepo');
  t.is(backup.status, 'success');
  t.regex(file, /^prod-config-\d{8}T\d{6}-CFG10-\d{6}-\d{4}\.tar\.gpg$/);
  t.true(reply.title.includes(file));
  t.true(said(reply).includes('"In repository","value":"yes"'));
  t.true(bench.server.facts.repositories[0]?.files.includes(file));
  // The repository was listed again after the run, to verify the file.
  t.is(bench.server.stats.commands.filter((c) => c === 'show repository myrepo').length, 2);
  for (const stage of [
    'Starting Backup (10 %)',
    'Backing up ISE Configuration Data (20 %)',
    'Completing Backup (100 %)',
  ]) {
    t.true(
      bench.progress.some((p) => p.includes(stage)),
      `progress lacks ${stage}: ${bench.progress.join(' | ')}`,
    );
  }
  // The lab waits 15 ms (the bench's stage time) before each of those stages: the duration covers the run.
  t.true(backup.durationMs >= 3 * 15, `${backup.durationMs} ms`);
  const [job] = await bench.services.store.backups.latest('prod', 1);
  t.is(job?.status, 'success');
  t.is(job?.file, file);
  t.is(job?.actor, 'slack:U1');
  t.is(job?.channel, 'slack:C1');
  const audit = await bench.services.store.audit.latest(10);
  t.deepEqual(
    audit.filter((a) => a.action === 'backup.config').map((a) => a.outcome),
    ['ok', 'started'],
  );
  t.true(audit[0]?.detail?.includes(file));
});

test('an operational backup gets the OPS tag', async (t) => {
  const bench = await backupBench(t);
  const reply = await bench.send('backup operational myrepo --yes');
  t.is(reply.status, 'ok', said(reply));
  t.regex(bench.backupCommands()[0] ?? '', / repository myrepo ise-operational encryption-key plain /);
  t.regex(backupOf(reply).file ?? '', /-OPS10-\d{6}-\d{4}\.tar\.gpg$/);
  t.true(bench.progress.some((p) => p.includes('Exporting M&T Database')));
});

test('a log backup runs backup-logs and finds its file in the repository', async (t) => {
  const bench = await backupBench(t);
  const reply = await bench.send('backup logs --yes');
  t.is(reply.status, 'ok', said(reply));
  t.regex(
    bench.backupCommands()[0] ?? '',
    /^backup-logs prod-logs-\d{8}T\d{6} repository myrepo encryption-key plain Lab12345Key$/,
  );
  const file = backupOf(reply).file ?? '';
  t.regex(file, /^prod-logs-\d{8}T\d{6}-\d{6}-\d{4}\.tar\.gpg$/);
  t.true(bench.server.facts.repositories[0]?.files.includes(file));
});

test('a backup that ISE fails says what ISE said and what to do', async (t) => {
  const bench = await backupBench(t, { stageMs: 20 });
  // The repository answers the guard's listing, then is gone for good from the moment the backup runs
  // on the node (so the copy at 75 % fails), whatever the timing: the lab reads this on every stage.
  const { facts } = bench.server;
  const repo = facts.repositories[0];
  if (!repo) throw new Error('the bench has no repository');
  let gone = false;
  Object.defineProperty(repo, 'reachable', {
    configurable: true,
    get: () => {
      gone ||= facts.runningBackup !== undefined;
      return !gone;
    },
  });
  const reply = await bench.send('backup config --yes');
  t.true(gone, 'the backup started before the repository went away');
  t.is(reply.status, 'fail', said(reply));
  t.regex(reply.lead ?? '', /ISE said: "Error: Failed to connect to repository myrepo/);
  t.true(said(reply).includes('reaches the repository server'));
  t.is(backupOf(reply).status, 'failed');
  const [job] = await bench.services.store.backups.latest('prod', 1);
  t.is(job?.status, 'failed');
  t.false(said(reply).includes(KEY));
});

test('the chat shows a heartbeat while a long backup runs', async (t) => {
  const bench = await backupBench(t, {
    stageMs: 40,
    deps: { progress: { minIntervalMs: 0, heartbeatMs: 60 } },
  });
  const reply = await bench.send('backup config --yes');
  t.is(reply.status, 'ok', said(reply));
  t.true(
    bench.progress.some((p) => /config backup to myrepo still running, \d+ min/.test(p)),
    bench.progress.join(' | '),
  );
});

test('progress updates are throttled to the newest state', async (t) => {
  const bench = await backupBench(t, {
    stageMs: 1,
    deps: { progress: { minIntervalMs: 10_000, heartbeatMs: 60_000 } },
  });
  const reply = await bench.send('backup config --yes');
  t.is(reply.status, 'ok', said(reply));
  // The checking line, the "started" note, then at most one stage line inside the interval.
  t.true(bench.progress.length <= 4, bench.progress.join(' | '));
});
