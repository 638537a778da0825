import type { LoadedConfig } from './config/load.js';
import { Deployments } from './deployments.js';
import { createLogger, type Logger } from './log.js';
import type { Services } from './services.js';
import { openStore, type Store } from './store/store.js';
import { Telemetry } from './telemetry.js';
import { type Clock, systemClock } from './util/time.js';

export interface RuntimeOptions {
  /** Overrides for tests: a logger into memory, a fixed clock. */
  log?: Logger;
  clock?: Clock;
  pretty?: boolean;
  /** An already open store (tests share one between two bot instances). */
  store?: Store;
}

/** Builds the services once from a validated config (STYLE.md §5), opening and migrating the store. */
export async function createServices(loaded: LoadedConfig, options: RuntimeOptions = {}): Promise<Services> {
  const { config, redactor } = loaded;
  const log =
    options.log ??
    createLogger({ level: config.log.level, pretty: options.pretty ?? config.log.pretty, redactor });
  for (const warning of loaded.warnings ?? []) log.warn(warning);
  const store = options.store ?? (await openStore(config.store.url, redactor, log));
  const clock = options.clock ?? systemClock;
  const telemetry = new Telemetry(clock);
  // Said at every start, like rest.insecure: whoever answers a node's SSH port first is trusted.
  for (const d of config.deployments.filter((d) => d.ssh?.acceptUnknownHostKeys)) {
    log.warn(
      { deployment: d.name, key: 'ssh.acceptUnknownHostKeys' },
      `SSH host keys of deployment ${d.name} are trusted on first use (ssh.acceptUnknownHostKeys: true): the first key a node presents is stored and required from then on. Pin them under ssh.hostKeys for production; \`hostkeys\` lists the learned ones.`,
    );
  }
  return {
    config,
    store,
    redactor,
    log,
    clock,
    telemetry,
    deployments: new Deployments(config, {
      log,
      // Keys trusted on first use (`ssh.acceptUnknownHostKeys`) are stored, and pinned from then on.
      hostKeys: store.hostKeys,
      onCall: (deployment, call) => telemetry.iseCall(deployment, call),
    }),
  };
}

export async function closeServices(services: Services): Promise<void> {
  services.deployments.close();
  await services.store.close();
}
