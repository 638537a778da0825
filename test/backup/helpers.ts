import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExecutionContext } from 'ava';
import { backupCommand } from '../../commands/backup.js';
import { createDispatcher, type Dispatcher } from '../../commands/dispatcher.js';
import type { Invocation } from '../../commands/types.js';
import type { BackupDeps } from '../../src/backup/deps.js';
import { parseConfig } from '../../src/config/load.js';
import { type CliSession, type OpenOptions, openCliSession } from '../../src/ise/ssh/session.js';
import type { SshTarget } from '../../src/ise/ssh/target.js';
import type { CliRepository } from '../../src/lab/cli/facts.js';
import { sampleCliFacts } from '../../src/lab/cli/sample.js';
import { type LabSshServer, newHostKey, startLabSshServer } from '../../src/lab/cli/server.js';
import type { Lab } from '../../src/lab/lab.js';
import type { Reply } from '../../src/reply/model.js';
import { closeServices, createServices } from '../../src/runtime.js';
import { Secret } from '../../src/secrets.js';
import type { Services } from '../../src/services.js';
import { type CapturedLog, silentLogger, testServices } from '../helpers/services.js';

export const KEY = 'Lab12345Key';
const SSH_PASSWORD = 'Lab-Ssh-Pass1';

/**
 * The bot's real services over a running lab's config (its first deployment given the lab's
 * `backup-sftp` repository and KEY; SQLite in memory), and a backup command on them.
 */
export async function labBackupBot(
  t: ExecutionContext,
  lab: Lab,
  dirPrefix: string,
  /** The deployment's `backup` settings instead of the lab's repository and KEY. */
  backup: Record<string, unknown> = { repository: 'backup-sftp', encryptionKey: KEY },
) {
  const dir = mkdtempSync(join(tmpdir(), dirPrefix));
  const raw = lab.configFor(dir) as { deployments: Array<Record<string, unknown>> };
  (raw.deployments[0] as Record<string, unknown>).backup = backup;
  const loaded = parseConfig({ ...raw, store: { url: 'sqlite::memory:' } }, {}, undefined, dir);
  const services = await createServices(loaded, { log: silentLogger() });
  t.teardown(() => closeServices(services));
  const dispatcher = createDispatcher(
    [backupCommand({ progress: { minIntervalMs: 0, heartbeatMs: 60_000 } })],
    services,
  );
  return { services, dispatcher };
}

export const REPOSITORIES: CliRepository[] = [
  {
    name: 'myrepo',
    url: 'sftp://10.1.1.5/backups',
    user: 'backup',
    files: ['nightly-CFG10-240301-0200.tar.gpg'],
  },
  { name: 'WEB', url: 'http://10.1.1.6/isos', files: [] },
  { name: 'TFTP-REPO', url: 'tftp://10.1.1.7/', files: [] },
  { name: 'LOCALDISK', url: 'disk:/', files: [] },
];

export interface BackupBench {
  server: LabSshServer;
  services: Services;
  log: CapturedLog;
  deps: Partial<BackupDeps>;
  dispatcher: Dispatcher;
  progress: string[];
  replies: Reply[];
  /** Dispatches as `user` (default slack:U1) and records the reply and the progress lines. */
  send(text: string, user?: string): Promise<Reply>;
  /** Backup lines the lab received. */
  backupCommands(): string[];
}

/** A PAN on the lab SSH server with fast stages, services over an in-memory store, and a dispatcher. */
export async function backupBench(
  t: ExecutionContext,
  options: {
    stageMs?: number;
    backup?: Record<string, unknown>;
    wrap?: (session: CliSession) => CliSession;
    deps?: Partial<BackupDeps>;
    /** Called before each CLI login of the bot, with its number (1 = first). */
    onOpen?: (n: number) => void;
  } = {},
): Promise<BackupBench> {
  const server = await startLabSshServer({
    facts: sampleCliFacts({ hostname: 'ise-pan1', repositories: structuredClone(REPOSITORIES) }),
    username: 'admin',
    password: SSH_PASSWORD,
    latency: { backupStageMs: options.stageMs ?? 15 },
    hostKey: newHostKey(),
  });
  t.teardown(() => server.close());
  const { services, log } = await testServices({
    deployments: [
      {
        name: 'prod',
        // REST on a closed local port: the release probe fails at once and the guards use the CLI alone.
        pan: 'ise-pan1.example.com',
        rest: { username: 'reader', password: 'Rest-Secret-1', timeoutMs: 2000 },
        nodes: { 'ise-pan1': { address: '127.0.0.1', ersPort: 1, httpsPort: 1 } },
        backup: options.backup ?? { repository: 'myrepo', encryptionKey: KEY },
      },
    ],
    access: { operators: ['slack:U1', 'slack:U2'], viewers: ['slack:V1'] },
  });
  t.teardown(() => services.store.close());
  const target: SshTarget = {
    hostname: 'ise-pan1',
    address: '127.0.0.1',
    port: server.port,
    username: 'admin',
    password: new Secret(SSH_PASSWORD),
    hostKeys: server.hostKeyFingerprint,
    acceptUnknownHostKeys: false,
    timeoutMs: 10_000,
  };
  let opened = 0;
  const deps: Partial<BackupDeps> = {
    openPan: async (_access, open: OpenOptions) => {
      options.onOpen?.(++opened);
      const session = await openCliSession(target, open);
      return options.wrap ? options.wrap(session) : session;
    },
    progress: { minIntervalMs: 0, heartbeatMs: 60_000 },
    followPollMs: 20,
    lockRenewMs: 50,
    ...options.deps,
  };
  const dispatcher = createDispatcher([backupCommand(deps)], services);
  const progress: string[] = [];
  const replies: Reply[] = [];
  const send = async (text: string, user = 'slack:U1') => {
    const invocation: Invocation = { platform: 'slack', user, channel: 'slack:C1', text };
    const reply = await dispatcher.dispatch(invocation, { progress: (line) => progress.push(line) });
    replies.push(reply);
    return reply;
  };
  const backupCommands = () => server.stats.commands.filter((c) => /^backup/.test(c));
  return { server, services, log, deps, dispatcher, progress, replies, send, backupCommands };
}

export interface BackupPayload {
  kind: string;
  repository: string;
  file: string | null;
  status: string;
  durationMs: number;
}

/** The CONTRACTS.md `backup` payload of a reply. */
export function backupOf(reply: Reply): BackupPayload {
  const payload = reply.data?.backup as BackupPayload | undefined;
  if (payload === undefined) throw new Error(`no backup payload in ${JSON.stringify(reply)}`);
  return payload;
}

/** The whole text of a reply, for "says X" assertions. */
export const said = (reply: Reply) => JSON.stringify(reply);
