import { join } from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { Lab } from '../../src/lab/lab.js';
import { loadScenario } from '../../src/lab/scenario.js';
import { Redactor } from '../../src/secrets.js';
import { openStore } from '../../src/store/store.js';
import { startBotProcess, writeLabConfig } from './process.js';

/** The bot's default grace (adapters/cli/main.ts); the process must be gone by then plus start-up slack. */
const GRACE_MS = 20_000;

/** healthy-3.2 slowed down so a readiness run takes a few seconds: SSH logins and commands take time. */
async function slowLab(t: ExecutionContext): Promise<Lab> {
  const scenario = loadScenario('healthy-3.2');
  scenario.latency = {
    ...scenario.latency,
    restMs: 50,
    sshLoginMs: 1200,
    commandMinMs: 300,
    commandMaxMs: 600,
    slowCommands: {},
    backupStageMs: 0,
  };
  // These are the milliseconds meant, not ISE's natural numbers to be scaled down.
  const lab = await Lab.start({ scenario, timeScale: 1 });
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
  await waitUntil(() => (lab.sshStats()[pan]?.commands.length ?? 0) > 0);
  return { lab, bot, storeUrl: `sqlite:${join(dir, 'state.db')}` };
}

async function waitUntil(predicate: () => boolean, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

test('SIGTERM during a readiness run lets it finish within the grace period, records it and exits 0', async (t) => {
  const { bot, storeUrl } = await botRunningReadiness(t);
  const sent = Date.now();
  bot.child.kill('SIGTERM');
  const exit = await bot.exited;
  t.is(exit.code, 0);
  t.true(exit.at - sent < GRACE_MS, `exited ${exit.at - sent} ms after SIGTERM`);
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
  const sent = Date.now();
  bot.child.kill('SIGTERM');
  const exit = await bot.exited;
  t.is(exit.code, 0);
  t.true(exit.at - sent < 10_000, `exited ${exit.at - sent} ms after SIGTERM`);
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
