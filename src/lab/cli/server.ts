import type { AuthContext, Connection, ParsedKey, ServerChannel } from 'ssh2';
import ssh2 from 'ssh2';
import { sshFingerprint } from '../../ise/ssh/host-key.js';
import type { CliNodeFacts } from './facts.js';
import { CliShell, type ScreenSession, type ShellFaults } from './shell.js';

const { Server, utils } = ssh2;

export interface CliFaults extends ShellFaults {
  /** Every login is refused, as for a wrong password. */
  authFail?: boolean;
  /** The account's password has aged out: every login asks for a new one and never reaches the prompt. */
  passwordExpired?: boolean;
}

export interface CliLatency {
  /** Delay between the shell opening and the first output (ISE logins take a second or two). */
  loginMs?: number;
  /** Delay before a command answers. */
  commandMs?: (command: string) => number;
  /** Delay between two progress lines of a backup. */
  backupStageMs?: number;
}

export type LabAuthMethod = 'password' | 'keyboard-interactive' | 'publickey';

export interface LabSshServerOptions {
  facts: CliNodeFacts;
  username: string;
  password: string;
  /** PEM/OpenSSH private key; an ed25519 key is generated when absent. */
  hostKey?: string | Buffer;
  /** 0 or absent: any free port. */
  port?: number;
  /** CLI sessions open at once (ISE's "Maximum Concurrent Sessions" for the CLI); unlimited when absent. */
  sessionLimit?: number;
  faults?: CliFaults;
  latency?: CliLatency;
  /** Offer the resume menu after a session ended without `exit` (default true). */
  resumeMenu?: boolean;
  /** Methods offered (default password and keyboard-interactive; publickey when `authorizedKeys` is set). */
  authMethods?: LabAuthMethod[];
  /** OpenSSH public keys accepted for `username`. */
  authorizedKeys?: string[];
  now?: () => Date;
}

export interface LabSshServer {
  readonly port: number;
  /** `SHA256:...` as OpenSSH prints it. */
  readonly hostKeyFingerprint: string;
  /** Logins, commands, and sessions refused for the session limit. */
  readonly stats: { logins: number; commands: string[]; refusedSessions: number };
  /** The node's live facts: backups change them. */
  readonly facts: CliNodeFacts;
  setFaults(faults: CliFaults): void;
  /** Restarts on the same port with another host key (the "changed host key" fault); returns its fingerprint. */
  changeHostKey(hostKey?: string | Buffer): Promise<string>;
  close(): Promise<void>;
}

function parseKey(key: string | Buffer): ParsedKey {
  const parsed = utils.parseKey(key);
  if (parsed instanceof Error) throw parsed;
  const first = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!first) throw new Error('no key found');
  return first;
}

/**
 * An ed25519 host key that ssh2 can read back: its generator occasionally emits a key its own parser
 * rejects ("Malformed OpenSSH private key"), so each key is checked and remade if needed.
 */
export function newHostKey(): string {
  for (;;) {
    const key = utils.generateKeyPairSync('ed25519').private;
    if (!(utils.parseKey(key) instanceof Error)) return key;
  }
}

/**
 * The lab's SSH server emulating one ISE node's admin CLI on 127.0.0.1 (docs ise-cli.md §4): OpenSSH-like
 * ident, password and keyboard-interactive auth, a PTY shell only, the resume menu, pager, latency, faults.
 */
export async function startLabSshServer(options: LabSshServerOptions): Promise<LabSshServer> {
  const facts = structuredClone(options.facts);
  const stats = { logins: 0, commands: [] as string[], refusedSessions: 0 };
  let faults: CliFaults = { ...options.faults };
  let hostKey = options.hostKey ?? newHostKey();
  const detached = new Map<string, ScreenSession[]>();
  /** Shells open now, for the session limit. */
  let shells = 0;
  const lastLogins = new Map<string, { date: Date; from: string }>();
  const connections = new Set<Connection>();
  const now = options.now ?? (() => new Date());
  const authorized = (options.authorizedKeys ?? []).map(parseKey);
  const methods: LabAuthMethod[] = options.authMethods ?? [
    'password',
    'keyboard-interactive',
    ...(authorized.length > 0 ? (['publickey'] as const) : []),
  ];

  const authenticate = (ctx: AuthContext) => {
    const userOk = ctx.username === options.username && !faults.authFail;
    if (!methods.includes(ctx.method as LabAuthMethod)) return ctx.reject(methods);
    if (ctx.method === 'password')
      return userOk && ctx.password === options.password ? ctx.accept() : ctx.reject();
    if (ctx.method === 'keyboard-interactive') {
      return ctx.prompt([{ prompt: 'Password: ', echo: false }], (answers) => {
        if (!userOk || answers[0] !== options.password) return ctx.reject();
        if (!faults.passwordExpired) return ctx.accept();
        // PAM changes an aged password inside keyboard-interactive (INFERRED for ISE, as in the shell).
        ctx.prompt(
          [{ prompt: '(current) UNIX password: ', echo: false }],
          '',
          'You are required to change your password immediately (password aged)',
          () => ctx.reject(),
        );
      });
    }
    if (ctx.method === 'publickey') {
      const key = authorized.find((k) => k.getPublicSSH().equals(ctx.key.data));
      if (!userOk || !key) return ctx.reject();
      // Without a signature the client only asks whether the key would do.
      if (!ctx.signature || !ctx.blob) return ctx.accept();
      return key.verify(ctx.blob, ctx.signature, ctx.hashAlgo) ? ctx.accept() : ctx.reject();
    }
    return ctx.reject(methods);
  };

  const onConnection = (conn: Connection, info: { ip: string }) => {
    connections.add(conn);
    conn.on('error', () => {});
    conn.on('close', () => connections.delete(conn));
    conn.on('authentication', authenticate);
    conn.on('ready', () => {
      stats.logins++;
      const user = options.username;
      const previous = lastLogins.get(user);
      lastLogins.set(user, { date: now(), from: info.ip });
      conn.on('session', (accept) => {
        const session = accept();
        session.on('pty', (ok) => ok?.());
        session.on('window-change', (ok) => ok?.());
        session.on('env', (ok) => ok?.());
        // INFERRED (ise-cli.md §1.6): no source shows a usable exec channel; refusing it is one of the two
        // behaviours the reference suggests, and the one that makes a client's wrong assumption visible.
        session.on('exec', (_ok, reject) => reject?.());
        session.on('subsystem', (_ok, reject) => reject?.());
        session.on('shell', (ok) => {
          const channel: ServerChannel = ok();
          if (options.sessionLimit !== undefined && shells >= options.sessionLimit) {
            // INFERRED refusal (no ISE capture found): Linux-PAM pam_limits' `maxlogins` text, printed
            // where PAM messages go, then the connection ends as OpenSSH ends a refused PAM session.
            channel.write(`There were too many logins for '${user}'.\r\n`);
            stats.refusedSessions++;
            channel.exit(1);
            channel.end();
            conn.end();
            return;
          }
          shells++;
          channel.on('close', () => shells--);
          const list = detached.get(user) ?? [];
          detached.set(user, list);
          const shell = new CliShell({
            facts,
            user,
            now,
            write: (data) => {
              if (channel.writable) channel.write(data);
            },
            loginMs: options.latency?.loginMs ?? 0,
            commandMs: (command) => options.latency?.commandMs?.(command) ?? 0,
            stageMs: options.latency?.backupStageMs ?? 0,
            faults: () => faults,
            detached: options.resumeMenu === false ? undefined : list,
            lastLogin: previous,
            passwordExpired: () => faults.passwordExpired === true,
            onCommand: (command) => stats.commands.push(command),
            disconnect: (reason) => {
              if (reason === 'reload') detached.clear();
              if (reason === 'exit') channel.exit(0);
              if (reason === 'drop') conn.end();
              else channel.end();
            },
          });
          channel.on('data', (data: Buffer) => shell.input.push(data.toString('utf8')));
          channel.on('close', () => {
            shell.close();
            // A session left without `exit` stays resumable under screen (ise-cli.md §1.3).
            if (!shell.exited && shell.screen && options.resumeMenu !== false) list.push(shell.screen);
            conn.end();
          });
          shell.run().catch(() => conn.end());
        });
      });
    });
  };

  let server = new Server({ hostKeys: [hostKey], ident: 'OpenSSH_7.4' }, onConnection);
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        const address = server.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const conn of connections) conn.end();
      server.close(() => resolve());
    });

  const port = await listen(options.port ?? 0);
  let fingerprint = sshFingerprint(parseKey(hostKey).getPublicSSH());
  return {
    port,
    get hostKeyFingerprint() {
      return fingerprint;
    },
    stats,
    facts,
    setFaults(next) {
      faults = { ...next };
    },
    async changeHostKey(next) {
      await stop();
      hostKey = next ?? newHostKey();
      fingerprint = sshFingerprint(parseKey(hostKey).getPublicSSH());
      server = new Server({ hostKeys: [hostKey], ident: 'OpenSSH_7.4' }, onConnection);
      await listen(port);
      return fingerprint;
    },
    close: stop,
  };
}
