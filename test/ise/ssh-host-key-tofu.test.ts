import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test, { type ExecutionContext } from 'ava';
import ssh2 from 'ssh2';
import { createDispatcher } from '../../commands/dispatcher.js';
import { COMMANDS } from '../../commands/index.js';
import { parseConfig } from '../../src/config/load.js';
import { IseSshError } from '../../src/ise/errors.js';
import { sshFingerprint } from '../../src/ise/ssh/host-key.js';
import { openCliSession } from '../../src/ise/ssh/session.js';
import { sampleCliFacts } from '../../src/lab/cli/sample.js';
import { newHostKey, startLabSshServer } from '../../src/lab/cli/server.js';
import type { Lab } from '../../src/lab/lab.js';
import { replyToJson } from '../../src/reply/model.js';
import { closeServices, createServices } from '../../src/runtime.js';
import { Secret } from '../../src/secrets.js';
import { capturingLogger } from '../helpers/services.js';
import { startLab } from '../lab/helpers.js';

const SCENARIO = {
  name: 'tofu',
  version: '3.2.0.542',
  patch: 7,
  nodes: [
    { hostname: 'ise-pan1', roles: ['PrimaryAdmin', 'PrimaryMonitoring'] },
    { hostname: 'ise-psn1', services: ['Session'] },
  ],
};

// biome-ignore lint/suspicious/noExplicitAny: the lab's config is patched as raw data before validation
type RawSsh = any;

/** The bot against the lab, with `ssh` changed by `patch`; `cli` is an admin, anyone else a viewer. */
async function botOn(t: ExecutionContext, lab: Lab, patch: (ssh: RawSsh) => void) {
  const dir = mkdtempSync(join(tmpdir(), 'tofu-'));
  const raw = lab.configFor(dir) as { deployments: Array<{ ssh: RawSsh }> };
  const deployment = raw.deployments[0];
  if (!deployment) throw new Error('no deployment');
  patch(deployment.ssh);
  const loaded = parseConfig(
    { ...raw, access: { admins: ['cli'], viewers: ['*'] }, store: { url: 'sqlite::memory:' } },
    {},
    undefined,
    dir,
  );
  const { log, lines } = capturingLogger(loaded.redactor);
  const services = await createServices(loaded, { log });
  t.teardown(() => closeServices(services));
  const dispatcher = createDispatcher(COMMANDS, services);
  const chat = async (text: string, user = 'cli') =>
    replyToJson(await dispatcher.dispatch({ platform: 'cli', user, channel: 'cli', text }));
  return { chat, services, logText: () => lines.join('') };
}

interface Impostor {
  key: string;
  fingerprint: string;
  /** Every authentication attempt it saw: method and, for a password, the password. */
  attempts: Array<{ method: string; password?: string }>;
  close(): Promise<void>;
}

/** An ssh2 server with its own host key on `port`, recording (and rejecting) every login attempt. */
async function impostorOn(t: ExecutionContext, port: number): Promise<Impostor> {
  const key = newHostKey();
  const parsed = ssh2.utils.parseKey(key);
  if (parsed instanceof Error || Array.isArray(parsed)) throw new Error('unreadable key');
  const attempts: Impostor['attempts'] = [];
  const server = new ssh2.Server({ hostKeys: [key], ident: 'OpenSSH_7.4' }, (conn) => {
    conn.on('error', () => {});
    conn.on('authentication', (ctx) => {
      attempts.push({ method: ctx.method, ...(ctx.method === 'password' ? { password: ctx.password } : {}) });
      ctx.reject();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  t.teardown(close);
  return { key, fingerprint: sshFingerprint(parsed.getPublicSSH()), attempts, close };
}

type Finding = { status: string; evidence: string[] };

function sshNode(lab: Lab, hostname: string) {
  const node = lab.sshNodes.find((n) => n.hostname === hostname);
  if (!node) throw new Error(`no lab node ${hostname}`);
  return node;
}

test('trust on first use stores each key, refuses an impostor before any password, and takes the new key after hostkeys forget', async (t) => {
  const lab = await startLab(t, SCENARIO);
  const { chat, services, logText } = await botOn(t, lab, (ssh) => {
    delete ssh.hostKeys;
    ssh.acceptUnknownHostKeys = true;
  });
  const psn = sshNode(lab, 'ise-psn1');
  const genuine = psn.server.hostKeyFingerprint;
  t.regex(logText(), /SSH host keys of deployment tofu are trusted on first use/, 'said at start');

  // First use: both nodes' keys are stored, audited and logged with their fingerprints.
  const first = (await chat('check ntp')).finding as Finding;
  t.is(first.status, 'pass', first.evidence.join('\n'));
  t.is(await services.store.hostKeys.get('tofu', 'ise-psn1'), genuine);
  t.is(await services.store.hostKeys.get('tofu', 'ise-pan1'), sshNode(lab, 'ise-pan1').fingerprint);
  const trusted = (await services.store.audit.latest(20)).filter((e) => e.action === 'hostkey.trusted');
  t.deepEqual(trusted.map((e) => e.target).sort(), ['tofu/ise-pan1', 'tofu/ise-psn1']);
  t.true(logText().includes(genuine));

  // An impostor answers on the node's SSH port with another key.
  const port = psn.server.port;
  await psn.server.close();
  const impostor = await impostorOn(t, port);
  const second = (await chat('check ntp')).finding as Finding;
  t.is(second.status, 'error');
  const refusal = second.evidence.find((line) => line.startsWith('ise-psn1:')) ?? '';
  t.regex(refusal, /CHANGED/);
  t.true(refusal.includes(genuine), 'names the stored key');
  t.true(refusal.includes(impostor.fingerprint), 'names the offered key');
  t.true(refusal.includes('hostkeys forget ise-psn1'), 'says how to accept the new key');
  t.false(/\n\s+at /.test(refusal), 'no stack trace');
  t.deepEqual(impostor.attempts, [], 'the impostor never got as far as authentication');
  t.is(await services.store.hostKeys.get('tofu', 'ise-psn1'), genuine, 'the stored key is kept');
  t.true((await services.store.audit.latest(20)).some((e) => e.action === 'hostkey.refused'));

  // The node was really re-keyed: an admin checks the key and forgets the old one; the next run takes it.
  await impostor.close();
  await psn.server.changeHostKey(impostor.key);
  const stillRefused = (await chat('check ntp')).finding as Finding;
  t.is(stillRefused.status, 'error', 'a re-keyed node is refused until an admin forgets its old key');
  const forgot = await chat('hostkeys forget ise-psn1 --yes');
  t.is(forgot.status, 'ok', JSON.stringify(forgot));
  t.is(await services.store.hostKeys.get('tofu', 'ise-psn1'), undefined);
  const third = (await chat('check ntp')).finding as Finding;
  t.is(third.status, 'pass', third.evidence.join('\n'));
  t.is(await services.store.hostKeys.get('tofu', 'ise-psn1'), impostor.fingerprint);
  const audit = await services.store.audit.latest(50);
  t.true(audit.some((e) => e.action === 'hostkeys.forget' && e.actor === 'cli' && e.outcome === 'ok'));
});

test('hostkeys lists pinned and learned keys; forget is for admins, asks first and refuses a key pinned in the config', async (t) => {
  const lab = await startLab(t, SCENARIO);
  const { chat, services } = await botOn(t, lab, (ssh) => {
    ssh.hostKeys = { 'ise-pan1': sshNode(lab, 'ise-pan1').fingerprint };
    ssh.acceptUnknownHostKeys = true;
  });
  t.is(((await chat('check ntp')).finding as Finding).status, 'pass');
  const listed = await chat('hostkeys');
  t.deepEqual(
    (listed.hostKeys as Array<{ node: string; source: string; fingerprint: string }>).map((k) => [
      k.node,
      k.source,
      k.fingerprint,
    ]),
    [
      ['ise-pan1', 'config', sshNode(lab, 'ise-pan1').fingerprint],
      ['ise-psn1', 'first-use', sshNode(lab, 'ise-psn1').fingerprint],
    ],
  );
  const pinned = await chat('hostkeys forget ise-pan1 --yes');
  t.is(pinned.status, 'error');
  t.regex(pinned.title as string, /pinned in the bot's config/);
  const confirm = await chat('hostkeys forget ise-psn1');
  t.is(confirm.status, 'confirm', 'asks before forgetting');
  t.is((await chat('hostkeys', 'viewer-1')).status, 'info', 'a viewer may list');
  const denied = await chat('hostkeys forget ise-psn1 --yes', 'viewer-1');
  t.is(denied.status, 'denied');
  t.regex(denied.title as string, /needs the admin role/);
  t.is(await services.store.hostKeys.get('tofu', 'ise-psn1'), sshNode(lab, 'ise-psn1').fingerprint);
});

test('a key pinned in the config still wins over trust on first use: an impostor is refused and nothing is stored', async (t) => {
  const lab = await startLab(t, SCENARIO);
  const psn = sshNode(lab, 'ise-psn1');
  const { chat, services } = await botOn(t, lab, (ssh) => {
    ssh.acceptUnknownHostKeys = true;
  });
  await psn.server.close();
  const impostor = await impostorOn(t, psn.server.port);
  const finding = (await chat('check ntp')).finding as Finding;
  const refusal = finding.evidence.find((line) => line.startsWith('ise-psn1:')) ?? '';
  t.regex(refusal, /CHANGED: pinned/);
  t.true(refusal.includes(psn.fingerprint) && refusal.includes(impostor.fingerprint));
  t.regex(refusal, /ssh\.hostKeys/);
  t.deepEqual(impostor.attempts, []);
  t.deepEqual(await services.store.hostKeys.list(), []);
});

test('with acceptUnknownHostKeys off and no key stored, an unknown key is refused as before and not stored', async (t) => {
  const lab = await startLab(t, SCENARIO);
  const { chat, services } = await botOn(t, lab, (ssh) => {
    delete ssh.hostKeys;
    ssh.acceptUnknownHostKeys = false;
  });
  const finding = (await chat('check ntp')).finding as Finding;
  t.is(finding.status, 'error');
  const refusal = finding.evidence.find((line) => line.startsWith('ise-psn1:')) ?? '';
  t.regex(refusal, /unknown SSH host key/);
  t.true(refusal.includes(sshNode(lab, 'ise-psn1').fingerprint));
  t.deepEqual(await services.store.hostKeys.list(), []);
});

test('when another login stored a different key for the node first, this one is refused, not trusted', async (t) => {
  const server = await startLabSshServer({
    facts: sampleCliFacts({ hostname: 'ise-psn1' }),
    username: 'admin',
    password: 'Lab-Ssh-Pass1',
  });
  t.teardown(() => server.close());
  const other = 'SHA256:c3RvcmVkIGJ5IGFub3RoZXIgbG9naW4gZmlyc3QuLi4';
  const refused: string[] = [];
  const error = await t.throwsAsync(
    openCliSession({
      hostname: 'ise-psn1',
      address: '127.0.0.1',
      port: server.port,
      username: 'admin',
      password: new Secret('Lab-Ssh-Pass1'),
      hostKeys: undefined,
      acceptUnknownHostKeys: true,
      rememberHostKey: async () => other,
      onHostKeyRefused: (_node, expected, offered) => refused.push(`${expected} ${offered}`),
      forgetCommand: 'hostkeys forget ise-psn1 --deployment prod',
      timeoutMs: 5_000,
    }),
    { instanceOf: IseSshError },
  );
  t.regex(error.message, /CHANGED since the bot first trusted it/);
  t.true(error.message.includes(other) && error.message.includes(server.hostKeyFingerprint));
  t.true(error.message.includes('`hostkeys forget ise-psn1 --deployment prod`'));
  t.deepEqual(refused, [`${other} ${server.hostKeyFingerprint}`]);
  t.is(server.stats.logins, 0);
});
