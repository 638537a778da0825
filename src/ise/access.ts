import { readFileSync } from 'node:fs';
import type { DeploymentConfig } from '../config/schema.js';
import { UserError } from '../errors.js';
import type { Logger } from '../log.js';
import { IseError } from './errors.js';
import { primaryAdmin, readNodes } from './nodes.js';
import { hasOpenApi, type IseRelease, runningPatch, toRelease } from './release.js';
import { IseRestClient, type RestCall } from './rest/client.js';
import type { ApiFamily, RestEndpoint } from './rest/endpoint.js';
import type { NodeSessions } from './ssh/node-sessions.js';
import type { SshTarget } from './ssh/target.js';

/** Where SSH host keys learned on first use are kept (the store's `HostKeys` fits). */
export interface HostKeyMemory {
  get(deployment: string, hostname: string): Promise<string | undefined>;
  /** Stores a key unless one is known; resolves with the key stored afterwards. */
  remember(deployment: string, hostname: string, fingerprint: string, at: Date): Promise<string | undefined>;
  /** A key refused because it is not the pinned or remembered one (for the audit log). */
  refused?(deployment: string, hostname: string, expected: string, offered: string, at: Date): Promise<void>;
}

export interface IseAccessOptions {
  log?: Logger;
  onCall?: (call: RestCall) => void;
  /** Host keys accepted on first use (`ssh.acceptUnknownHostKeys`) are remembered here and pinned after. */
  hostKeys?: HostKeyMemory;
  /** The deployment's CLI sessions per node (`ssh.maxSessionsPerNode`), which every login counts against. */
  sessions?: NodeSessions;
}

/**
 * Everything the bot reads from one ISE deployment goes through here: where each node's APIs answer
 * (config overrides or the node's FQDN), one REST client with its per-host bound, and the release.
 */
export class IseAccess {
  readonly rest: IseRestClient;
  /** Nodes' own private keys (`nodes.<host>.ssh.privateKeyFile`), read once per file. */
  readonly #nodeKeys = new Map<string, Buffer>();
  readonly #config: DeploymentConfig;
  readonly #hostKeys: HostKeyMemory | undefined;
  readonly #sessions: NodeSessions | undefined;
  #privateKey: Buffer | undefined;
  /** The release, learned once per command or scheduled run (each has its own signal), not per process. */
  readonly #release = new WeakMap<AbortSignal, Promise<IseRelease>>();
  readonly #primary = new WeakMap<AbortSignal, Promise<PrimaryPan>>();

  constructor(config: DeploymentConfig, options: IseAccessOptions = {}) {
    this.#config = config;
    this.#hostKeys = options.hostKeys;
    this.#sessions = options.sessions;
    this.rest = new IseRestClient({
      username: config.rest.username,
      password: config.rest.password,
      ...(config.rest.caFile === undefined ? {} : { ca: readCa(config.rest.caFile) }),
      insecure: config.rest.insecure,
      timeoutMs: config.rest.timeoutMs,
      concurrency: config.rest.concurrency,
      maxResponseBytes: config.rest.maxResponseBytes,
      ...(options.log === undefined ? {} : { log: options.log }),
      ...(options.onCall === undefined ? {} : { onCall: options.onCall }),
    });
  }

  get name(): string {
    return this.#config.name;
  }

  get config(): DeploymentConfig {
    return this.#config;
  }

  /** The PAN's short hostname: the first label of `pan` unless it is an IP address. */
  get panHostname(): string {
    return hostnameOf(this.#config.pan);
  }

  /** Where `family` answers on the node `fqdnOrHostname` (the PAN when omitted). */
  endpoint(family: ApiFamily, fqdnOrHostname: string = this.#config.pan, release?: string): RestEndpoint {
    const hostname = hostnameOf(fqdnOrHostname);
    const override = this.#config.nodes[hostname];
    const host = fqdnOrHostname.includes('.') ? fqdnOrHostname : this.#fqdnFor(hostname);
    // From 3.1, ERS answers on 443 too; before, only on 9060 (ise-rest-api.md §0).
    const ersOn443 = release !== undefined && hasOpenApi(release) && this.#config.rest.ersPort === 443;
    const port =
      family === 'ers' && !ersOn443
        ? (override?.ersPort ?? this.#config.rest.ersPort)
        : (override?.httpsPort ?? this.#config.rest.openApiPort);
    return { hostname, host, address: override?.address ?? host, port };
  }

  /**
   * The deployment's release: ERS iseversion, else the MnT Version resource (CHECKS.md). Read once per
   * run (keyed by the run's signal; read afresh without one), so a deployment patched while the bot
   * runs is seen at the next command. The CLI's `show version` fallback lives with the SSH layer.
   */
  release(signal?: AbortSignal): Promise<IseRelease> {
    if (signal === undefined) return this.#detectRelease();
    return memo(this.#release, signal, () => this.#detectRelease(signal));
  }

  /**
   * The current primary PAN for CLI work (backups, PAN-only reads): the PrimaryAdmin of the node list
   * with that hostname's `nodes` override applied. `pan` is only the REST entry point; after a PAN
   * failover it is a secondary. When the node list cannot be read, `pan` it is, and `note` says so.
   */
  primaryPan(signal?: AbortSignal): Promise<PrimaryPan> {
    const find = async (): Promise<PrimaryPan> => {
      try {
        const primary = primaryAdmin(await readNodes(this, signal));
        if (primary) return { hostname: primary.hostname, fqdn: primary.fqdn };
        return {
          hostname: this.panHostname,
          fqdn: this.#config.pan,
          note: `The node list names no PrimaryAdmin; using the configured pan ${this.#config.pan}.`,
        };
      } catch (error) {
        if (signal?.aborted || !(error instanceof UserError)) throw error;
        return {
          hostname: this.panHostname,
          fqdn: this.#config.pan,
          note: `The node list could not be read (${error.message.replace(/\.$/, '')}), so the configured pan ${this.#config.pan} is taken for the primary PAN.`,
        };
      }
    };
    return signal === undefined ? find() : memo(this.#primary, signal, find);
  }

  close(): void {
    this.rest.close();
  }

  /** True when the config has an `ssh:` block, i.e. the CLI facts can be read. */
  get hasSsh(): boolean {
    return this.#config.ssh !== undefined;
  }

  /**
   * How to reach the node's admin CLI: the node's own `nodes.<host>.ssh` account (CLI users are local to
   * each node) or else the deployment's `ssh:` credentials, the node's `address`/`sshPort` overrides,
   * the pinned host key from `ssh.hostKeys` (by hostname or FQDN) or else one remembered earlier.
   * Throws a UserError when the deployment has no `ssh:` block.
   */
  async sshTarget(fqdnOrHostname: string): Promise<SshTarget> {
    const ssh = this.#config.ssh;
    const hostname = hostnameOf(fqdnOrHostname);
    if (!ssh) {
      throw new UserError('ssh-not-configured', `No SSH access is configured for deployment ${this.name}.`, {
        hint: 'Add an ssh: block (username and password or privateKeyFile) to read node facts over the CLI.',
      });
    }
    const override = this.#config.nodes[hostname];
    const host = fqdnOrHostname.includes('.') ? fqdnOrHostname : this.#fqdnFor(hostname);
    const pinned = ssh.hostKeys[hostname] ?? ssh.hostKeys[host];
    const remembered = pinned === undefined ? await this.#hostKeys?.get(this.name, hostname) : undefined;
    const memory = this.#hostKeys;
    if (ssh.privateKeyFile !== undefined) this.#privateKey ??= readKey(ssh.privateKeyFile);
    // A node's own account replaces the deployment's as a whole: its key or password belongs to it.
    const account = override?.ssh ?? ssh;
    const privateKey = override?.ssh ? this.#nodeKey(override.ssh.privateKeyFile) : this.#privateKey;
    return {
      hostname,
      address: override?.address ?? host,
      port: override?.sshPort ?? 22,
      username: account.username,
      ...(account.password === undefined ? {} : { password: account.password }),
      ...(privateKey === undefined ? {} : { privateKey }),
      hostKeys: pinned ?? remembered,
      hostKeySource: pinned === undefined && remembered !== undefined ? 'remembered' : 'config',
      forgetCommand: `hostkeys forget ${hostname} --deployment ${this.name}`,
      acceptUnknownHostKeys: ssh.acceptUnknownHostKeys,
      ...(memory === undefined
        ? {}
        : {
            rememberHostKey: (node: string, fp: string) => memory.remember(this.name, node, fp, new Date()),
            onHostKeyRefused: (node: string, expected: string, offered: string) => {
              void memory.refused?.(this.name, node, expected, offered, new Date()).catch(() => {});
            },
          }),
      timeoutMs: ssh.timeoutMs,
      ...(this.#sessions === undefined ? {} : { sessions: this.#sessions }),
      maxOutputBytes: ssh.maxOutputBytes,
    };
  }

  async #detectRelease(signal?: AbortSignal): Promise<IseRelease> {
    const options = signal === undefined ? {} : { signal };
    try {
      const result = await this.rest.getJson<IseVersionResult>(
        this.endpoint('ers'),
        '/ers/config/op/systemconfig/iseversion',
        { family: 'ers', ...options },
      );
      const values = result.OperationResult?.resultValue ?? [];
      const version = values.find((v) => v.name === 'version')?.value;
      if (version)
        return toRelease(version, runningPatch(values.find((v) => v.name === 'patch information')?.value));
    } catch (error) {
      if (!(error instanceof IseError)) throw error;
      try {
        return await this.#mntVersion(signal);
      } catch {
        throw error;
      }
    }
    return this.#mntVersion(signal);
  }

  async #mntVersion(signal?: AbortSignal): Promise<IseRelease> {
    const response = await this.rest.request(this.endpoint('mnt'), '/admin/API/mnt/Version', {
      family: 'mnt',
      ...(signal === undefined ? {} : { signal }),
    });
    const version = /<version>([^<]+)<\/version>/.exec(response.body)?.[1];
    if (!version)
      throw new UserError(
        'ise-version',
        'ISE did not tell its version (iseversion and MnT Version both failed).',
      );
    // MnT's Version carries no patch level: unknown, never 0; `show version` fills it in where SSH is.
    return toRelease(version.trim(), undefined);
  }

  #nodeKey(file: string | undefined): Buffer | undefined {
    if (file === undefined) return undefined;
    const known = this.#nodeKeys.get(file);
    if (known) return known;
    const key = readKey(file);
    this.#nodeKeys.set(file, key);
    return key;
  }

  #fqdnFor(hostname: string): string {
    const domain = this.#config.pan.includes('.')
      ? this.#config.pan.slice(this.#config.pan.indexOf('.') + 1)
      : '';
    return domain && !/^\d+\.\d+\.\d+\.\d+$/.test(this.#config.pan) ? `${hostname}.${domain}` : hostname;
  }
}

/** Where the primary PAN's CLI is, and why it is the configured `pan` when the list did not say. */
export interface PrimaryPan {
  hostname: string;
  fqdn: string;
  note?: string;
}

/** A per-run memo: forgotten on failure so the next call of the same run may try again. */
function memo<T>(
  map: WeakMap<AbortSignal, Promise<T>>,
  signal: AbortSignal,
  read: () => Promise<T>,
): Promise<T> {
  let hit = map.get(signal);
  if (!hit) {
    hit = read().catch((error: unknown) => {
      map.delete(signal);
      throw error;
    });
    map.set(signal, hit);
  }
  return hit;
}

interface IseVersionResult {
  OperationResult?: { resultValue?: Array<{ name: string; value: string }> };
}

export function hostnameOf(host: string): string {
  return /^\d+\.\d+\.\d+\.\d+$/.test(host) ? host : (host.split('.')[0] ?? host);
}

function readKey(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new UserError(
      'config',
      `Cannot read the SSH private key file ${file} (${(error as NodeJS.ErrnoException).code}).`,
    );
  }
}

function readCa(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new UserError(
      'config',
      `Cannot read rest.caFile ${file} (${(error as NodeJS.ErrnoException).code}).`,
    );
  }
}
