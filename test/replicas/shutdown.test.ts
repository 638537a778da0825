import { join } from 'node:path';
import test, { type ExecutionContext } from 'ava';
import type { Lab } from '../../src/lab/lab.js';
import { Redactor } from '../../src/secrets.js';
import { openStore } from '../../src/store/store.js';
import { waitFor } from '../helpers/wait.js';
import { startBotProcess, writeLabConfig } from './process.js';
import { healthyLab } from './replicas.js';

/** healthy-3.2 slowed down so a readiness run takes a few seconds: SSH logins and commands take time. */
async function slowLab(t: ExecutionContext): Promise<Lab> {
  // These are the milliseconds meant, not ISE's natural numbers to be scaled down.
  const lab = await healthyLab({ restMs: 50, sshLoginMs: 1200, commandMinMs: 300, commandMaxMs: 600 });
  t.teardown(() => lab.close());
  return lab;
}

/** Starts the bot on the lab with a SQLite file, types `readiness` on its console, waits until it runs. */
async function botRunningReadiness(t: ExecutionContext, env: Record<string, string> = {}) {
  const lab = await slowLab(t);
  const { file, dir } = writeLabConfig(lab, (dir) => ({ store: { url: `sqlite:${join(dir, 'state.db')}` } }));
  const bot = startBotProcess(file, env);
  t.teardown(() => {
    if (bot.child.exitCode === null) bot.child.kill('SIGKILL');
  });
  bot.child.stdin.write('readiness\n');
  await bot.waitForLog((l) => l.msg === 'command started' && l.verb === 'readiness');
  // Mid-run: the collector is logged in to the PAN and running its commands.
  const pan = lab.pan.hostname;
  await waitFor(() => (lab.sshStats()[pan]?.commands.length ?? 0) > 0, {
    message: 'the collector running commands on the PAN',
  });
  return { lab, bot, storeUrl: `sqlite:${join(dir, 'state.db')}` };
}

test('SIGTERM during a readiness run lets it finish within the grace period, records it and exits 0', async (t) => {
  const { bot, storeUrl } = await botRunningReadiness(t);
  bot.child.kill('SIGTERM');
  const exit = await bot.exited;
  t.is(exit.code, 0);
  // Within the grace period (default 20 s) as the bot itself saw it: nothing was cut off. Wall time is
  // not asserted; on a loaded machine the run alone may take most of the 20 s.
  t.falsy(bot.logs.find((l) => l.msg === 'jobs interrupted by shutdown'));
  t.truthy(bot.logs.find((l) => l.msg === 'stopping' && l.reason === 'SIGTERM'));
  const finished = bot.logs.find((l) => l.msg === 'command finished' && l.verb === 'readiness');
  t.truthy(finished, 'the run finished rather than being cut off');
  t.deepEqual(bot.otherLines, [], 'stderr is JSON log lines only (not a terminal)');
  const started = bot.logs.find((l) => l.msg === 'command started');
  t.regex(String(started?.correlationId), /^[0-9a-f]{8}$/);
  t.is(finished?.correlationId, started?.correlationId);
  t.regex(bot.stdout(), /Readiness/);
  const store = await openStore(storeUrl, new Redactor());
  t.teardown(() => store.close());
  const run = await store.runs.latest('healthy-3-2', new Date(Date.now() + 60_000));
  t.is(run?.actor, 'console');
  t.true((run?.findings.length ?? 0) > 0);
});

test('SIGTERM with a grace period shorter than the run records the run as interrupted and exits 0', async (t) => {
  const { lab, bot, storeUrl } = await botRunningReadiness(t, { ISE_CHATOPS_SHUTDOWN_GRACE_MS: '300' });
  bot.child.kill('SIGTERM');
  const exit = await bot.exited;
  t.is(exit.code, 0);
  t.truthy(bot.logs.find((l) => l.msg === 'jobs interrupted by shutdown' && l.interrupted === 1));
  t.regex(bot.stdout(), /interrupted: the bot is shutting down/);
  // Every CLI session that had reached its prompt said `exit` (no resume menu at the next login).
  const sessions = Object.entries(lab.sshStats()).filter(([, s]) => s.commands.length > 0);
  t.true(sessions.length > 0);
  for (const [node, s] of sessions) t.true(s.commands.includes('exit'), `${node} was logged out with exit`);
  const store = await openStore(storeUrl, new Redactor());
  t.teardown(() => store.close());
  t.is(
    await store.runs.latest('healthy-3-2', new Date(Date.now() + 60_000)),
    undefined,
    'no half run in the history',
  );
  const [entry] = await store.audit.latest(1);
  t.like(entry, { action: 'readiness', target: 'healthy-3-2', outcome: 'interrupted', actor: 'console' });
});
