import test from 'ava';
import type { CliSession } from '../../src/ise/ssh/session.js';
import { waitFor } from '../helpers/wait.js';
import { backupBench, KEY } from './helpers.js';

/**
 * A session that misbehaves like a CLI that echoes the backup line back unredacted: the raw line (key
 * included) reaches `onLine` as output, and a failure message quotes it too. The bot's own redaction
 * must still keep the key out of everything it shows, logs or stores.
 */
function echoing(session: CliSession): CliSession {
  return {
    get hostname() {
      return session.hostname;
    },
    get prompt() {
      return session.prompt;
    },
    get banner() {
      return session.banner;
    },
    get closed() {
      return session.closed;
    },
    close: () => session.close(),
    detach: () => session.detach(),
    run: (command, options = {}) => {
      if (/^backup/.test(command)) options.onLine?.(`ise-pan1/admin# ${command}`);
      return session.run(command, options);
    },
  };
}

test('the encryption key appears in no reply, progress line, log line, audit row or job row', async (t) => {
  const bench = await backupBench(t, { wrap: echoing, stageMs: 10 });
  // A successful run, a run that ISE fails part-way, and one that the SSH drop interrupts.
  await bench.send('backup config --yes');
  const failing = bench.send('backup operational --yes');
  await waitFor(() => bench.progress.some((p) => p.includes('operational') && p.includes('20 %')), {
    message: 'progress at 20 % of the operational backup',
  });
  const repo = bench.server.facts.repositories[0];
  if (repo) repo.reachable = false;
  await failing;
  if (repo) repo.reachable = true;
  bench.server.setFaults({ dropOn: /^backup-logs/ });
  await bench.send('backup logs --yes');
  await bench.send('backup status');

  t.deepEqual(
    bench.replies.map((r) => r.status),
    ['ok', 'fail', 'fail', 'ok'],
  );
  // The lab did receive the key: the test would see a leak if there were one.
  t.true(bench.server.stats.commands.some((c) => c.includes(KEY)));
  t.regex(
    bench.log.text(),
    /"line":"ise-pan1\/admin# backup \S+ repository myrepo ise-config encryption-key plain \[redacted\]"/,
    'the echoed line reached the bot and was logged redacted',
  );
  const audit = await bench.services.store.audit.latest(100);
  const jobs = await bench.services.store.db.query('SELECT * FROM backup_jobs');
  const locks = await bench.services.store.db.query('SELECT * FROM locks');
  const everything = [
    JSON.stringify(bench.replies),
    bench.progress.join('\n'),
    bench.log.text(),
    JSON.stringify(audit),
    JSON.stringify(jobs),
    JSON.stringify(locks),
  ];
  for (const text of everything) t.false(text.includes(KEY));
  t.true(audit.length >= 6);
});
