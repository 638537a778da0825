import test from 'ava';
import { recoverInterruptedBackups } from '../../src/backup/recover.js';
import type { LabSshServer } from '../../src/lab/cli/server.js';
import type { Reply } from '../../src/reply/model.js';
import { renderText } from '../../src/reply/text.js';
import { type BackupBench, backupBench, backupOf, said } from './helpers.js';

const nameOf = (bench: BackupBench) =>
  /^backup(?:-logs)? (\S+) /.exec(bench.backupCommands().at(-1) ?? '')?.[1] ?? '';

/**
 * What ISE does with a backup the bot lost sight of: keeps running it until the bot has polled
 * `show backup status` `polls` times, then finishes it as a real node would (file, history).
 */
function carryOn(server: LabSshServer, name: string, polls: number): void {
  const { facts } = server;
  const file = `${name}-CFG10-240305-1015.tar.gpg`;
  facts.runningBackup = {
    name,
    fileName: file,
    repository: 'myrepo',
    startDate: new Date().toISOString(),
    kind: 'config',
    percent: 45,
    stage: 'Backing up ISE Indexing Engine Data',
  };
  const asked = () => server.stats.commands.filter((c) => c === 'show backup status').length;
  const baseline = asked();
  const finish = () => {
    delete facts.runningBackup;
    facts.repositories[0]?.files.push(file);
    facts.backupHistory.push({
      date: new Date().toISOString(),
      fileName: file,
      repository: 'myrepo',
      status: 'success',
      kind: 'config',
    });
  };
  if (polls === 0) {
    finish();
    return;
  }
  const timer = setInterval(() => {
    if (asked() - baseline < polls) return;
    clearInterval(timer);
    finish();
  }, 1);
  timer.unref();
}

test('an SSH drop mid-backup that ISE did not survive ends with a truthful "did not complete"', async (t) => {
  const bench = await backupBench(t);
  bench.server.setFaults({ dropOn: /^backup / });
  const reply = await bench.send('backup config --yes');
  t.is(reply.status, 'fail', said(reply));
  t.is(reply.title, 'Config backup of prod interrupted');
  t.regex(
    reply.lead ?? '',
    /^The SSH connection to ise-pan1 dropped during the backup; ISE shows prod-config-\S+ neither running nor in its backup history.*did not complete/,
  );
  t.is(backupOf(reply).status, 'interrupted');
  const [job] = await bench.services.store.backups.latest('prod', 1);
  t.is(job?.status, 'interrupted');
  // After the drop the bot logged in again to ask.
  t.true(bench.server.stats.logins >= 2);
  t.true(bench.server.stats.commands.includes('show backup history'));
});

test('after an SSH drop the bot follows the backup ISE carried on with, to its end', async (t) => {
  let bench: BackupBench | undefined;
  bench = await backupBench(t, {
    onOpen: (n) => {
      if (n === 2 && bench) carryOn(bench.server, nameOf(bench), 2);
    },
  });
  bench.server.setFaults({ dropOn: /^backup / });
  const reply = await bench.send('backup config --yes');
  t.is(reply.status, 'ok', said(reply));
  t.regex(
    reply.lead ?? '',
    /dropped during the backup; ISE reports prod-config-\S+-CFG10-240305-1015\.tar\.gpg as completed and the file is in the repository/,
  );
  t.true(bench.progress.some((p) => p.includes('asking ISE what became of it')));
  t.true(
    bench.progress.some((p) => p.includes('Backing up ISE Indexing Engine Data (45 %)')),
    bench.progress.join(' | '),
  );
  const [job] = await bench.services.store.backups.latest('prod', 1);
  t.is(job?.status, 'success');
});

/** A job as a bot leaves it when it dies mid-backup: running in the store, nobody renewing its lock. */
async function orphan(bench: BackupBench, name = 'prod-config-20240305T101507') {
  await bench.services.store.backups.start({
    id: 'job-1',
    deployment: 'prod',
    kind: 'config',
    repository: 'myrepo',
    name,
    actor: 'slack:U1',
    channel: 'slack:C1',
    startedAt: new Date(Date.now() - 5 * 60_000),
  });
  return name;
}

function poster() {
  const posted: Array<{ target: string; reply: Reply }> = [];
  return {
    posted,
    post: async (target: string, reply: Reply) => {
      posted.push({ target, reply });
    },
  };
}

test('after a restart the bot reports a backup ISE finished meanwhile, in the original channel', async (t) => {
  const bench = await backupBench(t);
  const name = await orphan(bench);
  carryOn(bench.server, name, 0);
  const chat = poster();
  const reports = await recoverInterruptedBackups(bench.services, chat, { deps: bench.deps });
  t.is(reports.length, 1);
  t.is(reports[0]?.channel, 'slack:C1');
  t.is(chat.posted[0]?.target, 'slack:C1');
  const reply = reports[0]?.reply as Reply;
  t.is(reply.status, 'ok', said(reply));
  t.regex(
    reply.lead ?? '',
    /^The bot restarted while the backup ran; ISE reports prod-config-20240305T101507-CFG10-240305-1015\.tar\.gpg as completed and the file is in the repository/,
  );
  const job = await bench.services.store.backups.get('job-1');
  t.is(job?.status, 'success');
  t.is(job?.file, `${name}-CFG10-240305-1015.tar.gpg`);
  const [entry] = await bench.services.store.audit.latest(1);
  t.is(entry?.action, 'backup.config');
  t.is(entry?.outcome, 'ok');
});

test('after a restart the bot follows a backup ISE is still running, then reports its end', async (t) => {
  const bench = await backupBench(t);
  const name = await orphan(bench);
  carryOn(bench.server, name, 2);
  const reports = await recoverInterruptedBackups(bench.services, undefined, { deps: bench.deps });
  t.is(reports[0]?.reply.status, 'ok', said(reports[0]?.reply as Reply));
  t.true(bench.server.stats.commands.filter((c) => c === 'show backup status').length >= 2);
  t.is((await bench.services.store.backups.get('job-1'))?.status, 'success');
});

test('after a restart a backup ISE has no trace of is reported as not completed', async (t) => {
  const bench = await backupBench(t);
  await orphan(bench);
  const [report] = await recoverInterruptedBackups(bench.services, undefined, { deps: bench.deps });
  t.is(report?.reply.status, 'fail');
  t.regex(report?.reply.lead ?? '', /neither running nor in its backup history.*did not complete/);
  t.is((await bench.services.store.backups.get('job-1'))?.status, 'interrupted');
});

test('a running job whose lock another replica still renews is left to that replica', async (t) => {
  const bench = await backupBench(t);
  await orphan(bench);
  const owner = JSON.stringify({ job: 'job-1', kind: 'config', actor: 'slack:U1', at: Date.now() });
  t.true(await bench.services.store.locks.acquire('backup:prod', owner, new Date(), 60_000));
  t.deepEqual(await recoverInterruptedBackups(bench.services, undefined, { deps: bench.deps }), []);
  t.is((await bench.services.store.backups.get('job-1'))?.status, 'running');
  t.is(bench.server.stats.logins, 0);
});

test("backup status shows the backup ISE runs and the bot's recent jobs", async (t) => {
  const bench = await backupBench(t);
  await bench.send('backup config --yes');
  const name = await orphan(bench, 'prod-config-20240305T111111');
  carryOn(bench.server, name, 1_000);
  const reply = await bench.send('backup status');
  t.is(reply.status, 'info', said(reply));
  t.regex(reply.lead ?? '', /^ISE: backup prod-config-20240305T111111 to myrepo running 45 %/);
  // The person who started it is a mention the platform renders, shown as @U1 in plain text.
  t.true(said(reply).includes('started by ",{"user":"slack:U1"}'), said(reply));
  t.regex(renderText(reply), /started by @U1/);
  t.is((reply.data?.recent as unknown[] | undefined)?.length, 2);
});
