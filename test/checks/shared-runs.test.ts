import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { backupCommand } from '../../commands/backup.js';
import { createDispatcher } from '../../commands/dispatcher.js';
import { COMMANDS } from '../../commands/index.js';
import type { Invocation } from '../../commands/types.js';
import { createScheduler } from '../../scheduler/scheduler.js';
import { CATALOGUE } from '../../src/checks/catalogue.js';
import { parseConfig } from '../../src/config/load.js';
import type { Lab } from '../../src/lab/lab.js';
import { loadScenario } from '../../src/lab/scenario.js';
import type { Reply } from '../../src/reply/model.js';
import { renderText } from '../../src/reply/text.js';
import { closeServices, createServices } from '../../src/runtime.js';
import { KEY, said } from '../backup/helpers.js';
import { silentLogger } from '../helpers/services.js';
import { waitFor } from '../helpers/wait.js';
import { startLab } from '../lab/helpers.js';
import { RecordingPoster } from '../scheduler/helpers.js';

/** Readiness asked by many at once: one read of ISE per deployment, each asker with a whole report. */

const SLOW_STATUS = '^show application status';

/** healthy-3.2 with no delays but the ones given (real milliseconds), so a read stays in flight while others ask. */
async function slowLab(t: ExecutionContext, slowCommands: Record<string, number>) {
  const scenario = loadScenario('healthy-3.2');
  scenario.latency = { restMs: 0, sshLoginMs: 0, commandMinMs: 0, commandMaxMs: 0, slowCommands };
  return startLab(t, scenario, { latency: true, timeScale: 1 });
}

/** The bot over the lab: real services and dispatcher, everyone a viewer and operator, a store in memory. */
async function bot(
  t: ExecutionContext,
  lab: Lab,
  options: { reuseSeconds?: number; maxSessionsPerNode?: number; clock?: () => Date } = {},
) {
  const dir = mkdtempSync(join(tmpdir(), 'shared-runs-'));
  const raw = lab.configFor(dir) as { deployments: Array<Record<string, Record<string, unknown>>> };
  const deployment = raw.deployments[0];
  if (!deployment) throw new Error('no deployment');
  deployment.backup = { repository: 'backup-sftp', encryptionKey: KEY };
  if (options.maxSessionsPerNode !== undefined && deployment.ssh)
    deployment.ssh.maxSessionsPerNode = options.maxSessionsPerNode;
  const loaded = parseConfig(
    {
      ...raw,
      access: { viewers: ['*'], operators: ['*'] },
      store: { url: 'sqlite::memory:' },
      ...(options.reuseSeconds === undefined ? {} : { readiness: { reuseSeconds: options.reuseSeconds } }),
    },
    {},
    undefined,
    dir,
  );
  const services = await createServices(loaded, {
    log: silentLogger(),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  t.teardown(() => closeServices(services));
  const commands = [
    ...COMMANDS.filter((c) => c.name !== 'backup'),
    backupCommand({ progress: { minIntervalMs: 0, heartbeatMs: 60_000 } }),
  ];
  const dispatcher = createDispatcher(commands, services);
  /** One chat command by `user` in their own channel, with its own progress lines and signal. */
  const ask = (text: string, user: string, hooks: { signal?: AbortSignal } = {}) => {
    const progress: string[] = [];
    const invocation: Invocation = {
      platform: 'slack',
      user: `slack:${user}`,
      channel: `slack:C_${user}`,
      text,
    };
    const reply = dispatcher.dispatch(invocation, { progress: (line) => progress.push(line), ...hooks });
    return { reply, progress };
  };
  return { services, ask };
}

const logins = (lab: Lab) =>
  Object.fromEntries(Object.entries(lab.sshStats()).map(([n, s]) => [n, s.logins]));
const findingsOf = (reply: Reply) => (reply.data?.findings as unknown[] | undefined)?.length;

test('twenty people asking readiness at once share one login per node, and each gets the whole report', async (t) => {
  const lab = await slowLab(t, { [SLOW_STATUS]: 4000 });
  const { services, ask } = await bot(t, lab);

  const asks = Array.from({ length: 20 }, (_, i) => ask('readiness', `U${i}`));
  const replies = await Promise.all(asks.map((a) => a.reply));

  const nodes = lab.scenario.nodes.map((n) => n.hostname);
  t.deepEqual(logins(lab), Object.fromEntries(nodes.map((n) => [n, 1])), 'one SSH login per node');
  for (const [i, reply] of replies.entries()) {
    t.is(reply.kind, 'readiness', said(reply));
    t.is(findingsOf(reply), CATALOGUE.length, `U${i} has every finding`);
    t.deepEqual(reply.data?.summary, replies[0]?.data?.summary);
    // Each asker heard about its own request, in its own place.
    t.true((asks[i]?.progress.length ?? 0) > 0, `U${i} saw progress`);
  }
  const joined = asks.filter((a) => a.progress.some((p) => /joining the read already under way/.test(p)));
  t.is(joined.length, 19, 'all but the first joined the read in flight');
  // One read is one run in the history, not twenty.
  const name = services.config.deployments[0]?.name ?? '';
  const latest = await services.store.runs.latest(name, new Date(Date.now() + 60_000));
  t.truthy(latest, 'the run is in the history');
  t.is(await services.store.runs.latest(name, latest?.at ?? new Date()), undefined, 'once');
});

test('a person leaving the shared read does not stop it for the others', async (t) => {
  const lab = await slowLab(t, { [SLOW_STATUS]: 3000 });
  const { ask } = await bot(t, lab);
  const leaving = new AbortController();

  const first = ask('readiness', 'ULEAVES', { signal: leaving.signal });
  const stays = ask('readiness', 'USTAYS');
  await waitFor(() => stays.progress.some((p) => /joining the read/.test(p)), {
    message: () => `the second request joins the read: ${stays.progress.join(' | ')}`,
  });
  leaving.abort(new Error('the person cancelled'));

  const left = await first.reply;
  t.not(left.status, 'ok', said(left));
  const reply = await stays.reply;
  t.is(reply.kind, 'readiness', said(reply));
  t.is(findingsOf(reply), CATALOGUE.length);
  t.is(reply.data?.summary && (reply.data.summary as { error: number }).error, 0, said(reply));
  t.true(
    Object.values(logins(lab)).every((n) => n === 1),
    JSON.stringify(logins(lab)),
  );
});

test('with readiness.reuseSeconds, a run finished that recently answers and says how old it is', async (t) => {
  const lab = await slowLab(t, {});
  let now = new Date('2026-12-07T08:00:00Z');
  const { ask } = await bot(t, lab, { reuseSeconds: 60, clock: () => now });

  const first = await ask('readiness', 'UA').reply;
  t.is(first.kind, 'readiness', said(first));
  t.false(renderText(first).includes('s ago'));
  now = new Date(now.getTime() + 42_000);
  const second = ask('readiness', 'UB');
  const reused = await second.reply;
  t.is(findingsOf(reused), CATALOGUE.length);
  t.regex(renderText(reused), /From a run 42 s ago \(readiness\.reuseSeconds: 60\)/);
  t.true(
    Object.values(logins(lab)).every((n) => n === 1),
    'ISE was not read again',
  );

  now = new Date(now.getTime() + 60_000);
  const fresh = await ask('readiness', 'UC').reply;
  t.false(renderText(fresh).includes('From a run'));
  t.true(
    Object.values(logins(lab)).every((n) => n === 2),
    'past reuseSeconds, ISE is read again',
  );
});

test('without reuseSeconds, each readiness after the last one finished reads ISE again', async (t) => {
  const lab = await slowLab(t, {});
  const { ask } = await bot(t, lab);
  await ask('readiness', 'UA').reply;
  await ask('readiness', 'UB').reply;
  t.true(
    Object.values(logins(lab)).every((n) => n === 2),
    JSON.stringify(logins(lab)),
  );
});

test('a scheduled digest firing while someone runs readiness joins that read', async (t) => {
  const lab = await slowLab(t, { [SLOW_STATUS]: 3000 });
  const { services, ask } = await bot(t, lab);
  const name = services.config.deployments[0]?.name ?? '';
  const { subscription } = await services.store.subscriptions.add(
    {
      kind: 'readiness',
      deployment: name,
      cron: '0 8 * * *',
      timezone: 'UTC',
      channel: 'slack:CDIGEST',
      createdBy: 'slack:UADMIN',
    },
    services.clock(),
  );
  const poster = new RecordingPoster(services.clock);
  const scheduler = createScheduler({ services, poster, timers: false });
  t.teardown(() => scheduler.stop());

  const readiness = ask('readiness', 'UA');
  await waitFor(() => lab.sshStats()['ise-pan1']?.commands.some((c) => /^show application status/.test(c)), {
    message: 'readiness reaches the slow command',
  });
  await scheduler.fire(subscription, services.clock());
  const report = await readiness.reply;

  t.is(report.kind, 'readiness', said(report));
  t.is(poster.to('slack:CDIGEST')[0]?.reply.kind, 'digest');
  t.true(
    Object.values(logins(lab)).every((n) => n === 1),
    JSON.stringify(logins(lab)),
  );
  // The digest is still in the history as a scheduled run, for "since the last digest".
  t.truthy(await services.store.runs.latest(name, new Date(Date.now() + 60_000), 'schedule'));
});

test('a check asked while readiness reads joins that read, with its own target', async (t) => {
  const lab = await slowLab(t, { [SLOW_STATUS]: 3000 });
  const { ask } = await bot(t, lab);
  const readiness = ask('readiness', 'UA');
  await waitFor(() => lab.sshStats()['ise-pan1']?.commands.some((c) => /^show application status/.test(c)), {
    message: 'readiness reaches the slow command',
  });
  const check = ask('check upgrade-path --target 3.3', 'UB');
  const [full, one] = await Promise.all([readiness.reply, check.reply]);
  t.is(full.kind, 'readiness', said(full));
  t.is(one.status === 'error' ? said(one) : '', '');
  t.is(one.data?.target, '3.3');
  t.true(
    check.progress.some((p) => /joining the read/.test(p)),
    check.progress.join(' | '),
  );
  t.true(
    Object.values(logins(lab)).every((n) => n === 1),
    JSON.stringify(logins(lab)),
  );
});

test('the per-node session cap holds while readiness and a backup run on the PAN together', async (t) => {
  // The PAN takes at most one CLI session, so a second one would be refused: the bot must wait itself.
  const scenario = loadScenario('healthy-3.2');
  const pan = scenario.nodes.find((n) => n.hostname === 'ise-pan1');
  if (!pan) throw new Error('no ise-pan1');
  pan.ssh = { sessionLimit: 1 };
  const none = { restMs: 0, sshLoginMs: 0, commandMinMs: 0, commandMaxMs: 0 };
  scenario.latency = { ...none, slowCommands: { [SLOW_STATUS]: 3000 }, backupStageMs: 0 };
  const lab = await startLab(t, scenario, { latency: true, timeScale: 1 });
  const { ask } = await bot(t, lab, { maxSessionsPerNode: 1 });

  const readiness = ask('readiness', 'UA');
  await waitFor(() => lab.sshStats()['ise-pan1']?.commands.some((c) => /^show application status/.test(c)), {
    message: 'readiness reaches the slow command on the PAN',
  });
  const backup = ask('backup config --yes', 'UB');
  const [report, backedUp] = await Promise.all([readiness.reply, backup.reply]);

  t.is(report.kind, 'readiness', said(report));
  t.is(backedUp.status, 'ok', said(backedUp));
  t.true(
    backup.progress.some((p) =>
      /waiting for the bot's other CLI session on ise-pan1 to end: .*ssh\.maxSessionsPerNode: 1/.test(p),
    ),
    backup.progress.join(' | '),
  );
  t.is(lab.sshStats()['ise-pan1']?.refusedSessions, 0, 'the bot never asked the PAN for a second session');
  const commands = lab.sshStats()['ise-pan1']?.commands ?? [];
  t.true(
    commands.findIndex((c) => c.startsWith('backup ')) >
      commands.findIndex((c) => /^show application/.test(c)),
  );
});
