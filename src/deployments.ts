import type { Config } from './config/schema.js';
import { UserError } from './errors.js';
import { type HostKeyMemory, IseAccess } from './ise/access.js';
import type { RestCall } from './ise/rest/client.js';
import { SharedCollections } from './ise/snapshot/shared.js';
import { NodeSessions } from './ise/ssh/node-sessions.js';
import type { Logger } from './log.js';

/**
 * What the bot shares per deployment, across every user, channel, adapter and schedule: the CLI
 * sessions it holds per node (capped at `ssh.maxSessionsPerNode`) and the snapshot collections in flight.
 */
interface Shared {
  sessions: NodeSessions;
  snapshots: SharedCollections;
}

/** The configured ISE deployments, each with its access layer created once and reused by every job. */
export class Deployments {
  readonly #access = new Map<string, IseAccess>();
  readonly #shared = new Map<string, Shared>();

  constructor(
    private readonly config: Config,
    private readonly options: {
      log?: Logger;
      onCall?: (deployment: string, call: RestCall) => void;
      hostKeys?: HostKeyMemory;
    } = {},
  ) {
    // Said at every start, not once: a config that turns TLS checks off should stay hard to overlook.
    for (const d of config.deployments.filter((d) => d.rest.insecure)) {
      options.log?.warn(
        { deployment: d.name, key: 'rest.insecure' },
        `TLS VERIFICATION IS OFF for deployment ${d.name} (rest.insecure: true): anyone on the path to ISE can read the REST credentials. Set rest.caFile to ISE's CA instead.`,
      );
    }
  }

  names(): string[] {
    return this.config.deployments.map((d) => d.name);
  }

  /** The deployment's shared snapshot collections: one read of ISE however many ask at once. */
  snapshots(name: string): SharedCollections {
    return this.#sharedOf(name).snapshots;
  }

  /** The named deployment, or the only/first one when no name is given. */
  get(name?: string): IseAccess {
    const wanted = name ?? this.config.deployments[0]?.name;
    const config = this.config.deployments.find((d) => d.name === wanted);
    if (!config) {
      throw new UserError('unknown-deployment', `There is no deployment named "${name}".`, {
        hint: `Known deployments: ${this.names().join(', ')}.`,
      });
    }
    let access = this.#access.get(config.name);
    if (!access) {
      const { log, onCall, hostKeys } = this.options;
      access = new IseAccess(config, {
        sessions: this.#sharedOf(config.name).sessions,
        ...(log === undefined ? {} : { log }),
        ...(hostKeys === undefined ? {} : { hostKeys }),
        ...(onCall === undefined ? {} : { onCall: (call: RestCall) => onCall(config.name, call) }),
      });
      this.#access.set(config.name, access);
    }
    return access;
  }

  close(): void {
    for (const shared of this.#shared.values())
      shared.snapshots.abortAll(new Error('the bot is shutting down'));
    for (const access of this.#access.values()) access.close();
  }

  #sharedOf(name: string): Shared {
    let shared = this.#shared.get(name);
    if (!shared) {
      const config = this.config.deployments.find((d) => d.name === name);
      shared = {
        sessions: new NodeSessions(config?.ssh?.maxSessionsPerNode ?? 2),
        snapshots: new SharedCollections(this.config.readiness.reuseSeconds * 1000),
      };
      this.#shared.set(name, shared);
    }
    return shared;
  }
}
