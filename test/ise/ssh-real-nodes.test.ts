import test, { type ExecutionContext } from 'ava';
import ssh2 from 'ssh2';
import { parseConfig } from '../../src/config/load.js';
import { collectSnapshot } from '../../src/ise/snapshot/collect.js';
import type { Need, Snapshot } from '../../src/ise/snapshot/types.js';
import { CliSessionLimitError, openCliSession } from '../../src/ise/ssh/session.js';
import { sampleCliFacts } from '../../src/lab/cli/sample.js';
import { startLabSshServer } from '../../src/lab/cli/server.js';
import { loadScenario } from '../../src/lab/scenario.js';
import { Secret } from '../../src/secrets.js';
import { labBackupBot, said } from '../backup/helpers.js';
import { waitFor } from '../helpers/wait.js';
import { accessTo, labDeployment, startLab } from '../lab/helpers.js';

/** SSH as real ISE nodes behave: expired passwords, CLI session limits, CLI accounts local to each node. */

const CLI: Need[] = ['nodes', 'cli:version', 'cli:ntp'];

/** The cause recorded for a node's CLI part ('' when it was read). */
const errorOf = (snapshot: Snapshot, node: string, part: 'version' | 'ntp') => {
  const value = snapshot.cli[node]?.[part];
  return value?.state === 'error' ? value.error : '';
};
const stateOf = (snapshot: Snapshot, node: string, part: 'version' | 'ntp') =>
  snapshot.cli[node]?.[part]?.state;

/** A login timeout far beyond ava's 60 s: only recognising the prompt can end the login in time. */
const slowToGiveUp = (raw: { deployments: Array<{ ssh: { timeoutMs: number } }> }) => {
  for (const d of raw.deployments) d.ssh.timeoutMs = 120_000;
};

test('a node whose CLI password expired errs at once with the reason, and every other node is read', async (t) => {
  const lab = await startLab(t, 'healthy-3.2', {
    faults: { ssh: { 'ise-psn2': { passwordExpired: true } } },
  });
  const access = accessTo(t, lab, slowToGiveUp);
  const snapshot = await collectSnapshot(access, new Set(CLI));

  const error = errorOf(snapshot, 'ise-psn2', 'version');
  t.regex(error, /ise-psn2: the CLI password of "admin" has expired/);
  t.regex(error, /required to change your password immediately/);
  t.regex(error, /set a new password/);
  t.is(errorOf(snapshot, 'ise-psn2', 'ntp'), error, 'every part of that node says why');
  for (const node of lab.scenario.nodes.filter((n) => n.hostname !== 'ise-psn2')) {
    t.is(stateOf(snapshot, node.hostname, 'version'), 'ok', node.hostname);
    t.is(stateOf(snapshot, node.hostname, 'ntp'), 'ok', node.hostname);
  }
  // The bot typed nothing into the password change.
  t.deepEqual(lab.sshStats()['ise-psn2']?.commands, []);
});

test('an expired password met in keyboard-interactive is not answered with the password, and fails at once', async (t) => {
  const server = await startLabSshServer({
    facts: sampleCliFacts({ hostname: 'ise-psn1' }),
    username: 'admin',
    password: 'Lab-Ssh-Pass1',
    authMethods: ['keyboard-interactive'],
    faults: { passwordExpired: true },
  });
  t.teardown(() => server.close());
  const error = await t.throwsAsync(openCliSession(adminTarget('ise-psn1', server)));
  t.regex(error?.message ?? '', /ise-psn1: the CLI password of "admin" has expired/);
  t.regex(error?.message ?? '', /\(current\) UNIX password:|required to change your password/);
});

test('a node whose one CLI session is someone else’s refuses the bot at once, naming the limit', async (t) => {
  const server = await startLabSshServer({
    facts: sampleCliFacts({ hostname: 'ise-pan1' }),
    username: 'admin',
    password: 'Lab-Ssh-Pass1',
    sessionLimit: 1,
  });
  t.teardown(() => server.close());
  const target = adminTarget('ise-pan1', server);
  // An admin logged in with their own SSH client: not one of the bot's sessions.
  const human = new ssh2.Client();
  t.teardown(() => human.end());
  await new Promise<void>((resolve, reject) => {
    human.on('error', reject).on('ready', () =>
      human.shell({ term: 'vt100' }, (error, channel) => {
        if (error) return reject(error);
        let seen = '';
        channel.on('data', (d: Buffer) => {
          seen += d.toString();
          if (/ise-pan1\/admin#/.test(seen)) resolve();
        });
      }),
    );
    human.connect({ host: '127.0.0.1', port: server.port, username: 'admin', password: 'Lab-Ssh-Pass1' });
  });
  const error = await t.throwsAsync(openCliSession(target), {
    instanceOf: CliSessionLimitError,
  });
  t.regex(
    error?.message ?? '',
    /ise-pan1: refused another CLI session: its limit of concurrent CLI sessions/,
  );
  t.regex(error?.message ?? '', /There were too many logins for 'admin'\./);
});

test('each node is logged into with its own CLI account, and a node refuses the deployment account', async (t) => {
  const scenario = loadScenario('healthy-3.2');
  const psn = scenario.nodes.find((n) => n.hostname === 'ise-psn3');
  if (!psn) throw new Error('no ise-psn3');
  psn.ssh = { username: 'psn3admin', password: 'Psn3-Own-Pass9' };
  const lab = await startLab(t, scenario);

  const deployment = labDeployment(lab);
  t.is(deployment.nodes['ise-psn3']?.ssh?.username, 'psn3admin');
  t.false(JSON.stringify(deployment).includes('Psn3-Own-Pass9'), 'the node password is a secret');
  const target = await accessTo(t, lab).sshTarget('ise-psn3');
  t.like(target, { username: 'psn3admin' });
  t.is(target.password?.reveal(), 'Psn3-Own-Pass9');

  const snapshot = await collectSnapshot(accessTo(t, lab), new Set(CLI));
  for (const node of lab.scenario.nodes)
    t.is(stateOf(snapshot, node.hostname, 'version'), 'ok', node.hostname);
  t.true(lab.sshStats()['ise-psn3']?.commands.includes('show version'));

  // Without its own account the node is asked with the deployment's, which it does not know.
  const shared = accessTo(t, lab, (raw) => {
    delete raw.deployments[0].nodes['ise-psn3'].ssh;
  });
  const refused = await collectSnapshot(shared, new Set(CLI));
  t.regex(errorOf(refused, 'ise-psn3', 'version'), /ise-psn3: SSH login as "admin" was refused/);
  t.is(stateOf(refused, 'ise-psn1', 'version'), 'ok');
});

test('a config with a node account loads it redacted, and the account needs a password or key', (t) => {
  const raw = {
    deployments: [
      {
        name: 'prod',
        pan: 'ise-pan1.example.com',
        rest: { username: 'reader', password: 'Rest-Secret-1' },
        ssh: { username: 'admin', password: 'Ssh-Secret-1' },
        nodes: { 'ise-psn1': { ssh: { username: 'psnadmin', password: 'Node-Secret-7' } } },
      },
    ],
  };
  const loaded = parseConfig(raw, {}, undefined, process.cwd());
  t.is(loaded.redactor.redact('login with Node-Secret-7 failed'), 'login with [redacted] failed');
  t.is(loaded.config.deployments[0]?.nodes['ise-psn1']?.address, undefined, 'the address stays optional');
  const keyless = structuredClone(raw);
  keyless.deployments[0] = {
    ...raw.deployments[0],
    nodes: { 'ise-psn1': { ssh: { username: 'psnadmin' } } },
  } as (typeof raw.deployments)[0];
  t.throws(() => parseConfig(keyless, {}, undefined, process.cwd()), {
    message: /nodes\.ise-psn1\.ssh: set password or privateKeyFile/,
  });
});

test('on a PAN that allows one CLI session, a readiness read waits for the running backup instead of failing', async (t) => {
  // Real milliseconds, only for the backup's progress, so it is still running when readiness logs in.
  const { lab, dispatcher, access } = await oneSessionPan(t, {}, 1500);
  const backup = dispatcher.dispatch({
    platform: 'cli',
    user: 'cli',
    channel: 'cli',
    text: 'backup config --yes',
  });

  await waitFor(() => lab.sshStats()['ise-pan1']?.commands.some((c) => c.startsWith('backup ')) === true, {
    message: 'the backup command reaches the PAN',
  });
  const snapshot = await collectSnapshot(access, new Set(CLI));

  t.true((lab.sshStats()['ise-pan1']?.refusedSessions ?? 0) >= 1, 'the PAN refused the second session');
  t.is(stateOf(snapshot, 'ise-pan1', 'version'), 'ok', errorOf(snapshot, 'ise-pan1', 'version'));
  t.is(stateOf(snapshot, 'ise-pan1', 'ntp'), 'ok');
  const reply = await backup;
  t.is(reply.status, 'ok', said(reply));
  // The readiness commands ran after the backup's session, not inside it.
  const commands = lab.sshStats()['ise-pan1']?.commands ?? [];
  t.true(commands.lastIndexOf('show version') > commands.findIndex((c) => c.startsWith('backup ')));
});

test('on a PAN that allows one CLI session, a backup waits for a running readiness read and says so', async (t) => {
  // Real milliseconds: the slow status command keeps readiness on the PAN while the backup asks.
  const { lab, dispatcher, access } = await oneSessionPan(t, { '^show application status': 8000 }, 0);

  const readiness = collectSnapshot(access, new Set<Need>(['nodes', 'cli:services']));
  await waitFor(() => lab.sshStats()['ise-pan1']?.commands.includes('show application status ise') === true, {
    message: 'readiness runs its slow command on the PAN',
  });
  const progress: string[] = [];
  const reply = await dispatcher.dispatch(
    { platform: 'cli', user: 'cli', channel: 'cli', text: 'backup config --yes' },
    { progress: (line) => progress.push(line) },
  );
  t.is(reply.status, 'ok', said(reply));
  t.true(
    progress.some((p) => /waiting for the bot's other CLI session on ise-pan1 to end/.test(p)),
    progress.join('\n'),
  );
  const snapshot = await readiness;
  t.is(snapshot.cli['ise-pan1']?.services?.state, 'ok');
});

/**
 * healthy-3.2 whose PAN allows one CLI session (STIG), with real milliseconds for the delays given
 * (none else), and a backup command over the lab's config with a repository and key.
 */
async function oneSessionPan(
  t: ExecutionContext,
  slowCommands: Record<string, number>,
  backupStageMs: number,
) {
  const scenario = loadScenario('healthy-3.2');
  const pan = scenario.nodes.find((n) => n.hostname === 'ise-pan1');
  if (!pan) throw new Error('no ise-pan1');
  pan.ssh = { sessionLimit: 1 };
  const none = { restMs: 0, sshLoginMs: 0, commandMinMs: 0, commandMaxMs: 0 };
  scenario.latency = { ...none, slowCommands, backupStageMs };
  const lab = await startLab(t, scenario, { latency: true, timeScale: 1 });
  const { services, dispatcher } = await labBackupBot(t, lab, 'ssh-limit-');
  // The bot's one access to the deployment: its sessions per node are what the backup and readiness share.
  return { lab, dispatcher, access: services.deployments.get() };
}

/**
 * The bot's way into a lab node as `admin`, its host key pinned. The SSH timeout is long on purpose:
 * only the prompt or refusal being recognised can end the login within ava's 60 s.
 */
function adminTarget(hostname: string, server: { port: number; hostKeyFingerprint: string }) {
  return {
    hostname,
    address: '127.0.0.1',
    port: server.port,
    username: 'admin',
    password: new Secret('Lab-Ssh-Pass1'),
    hostKeys: server.hostKeyFingerprint,
    acceptUnknownHostKeys: false,
    timeoutMs: 120_000,
  };
}
