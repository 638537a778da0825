import type { LoadedConfig } from './config/load.js';
import { Deployments } from './deployments.js';
import { createLogger, type Logger } from './log.js';
import type { Services } from './services.js';
import { type Clock, systemClock } from './util/time.js';

export interface RuntimeOptions {
  /** Overrides for tests: a logger into memory, a fixed clock. */
  log?: Logger;
  clock?: Clock;
  pretty?: boolean;
}

/** Builds the services once from a validated config (STYLE.md §5). */
export function createServices(loaded: LoadedConfig, options: RuntimeOptions = {}): Services {
  const { config, redactor } = loaded;
  const log =
    options.log ??
    createLogger({ level: config.log.level, pretty: options.pretty ?? config.log.pretty, redactor });
  return {
    config,
    redactor,
    log,
    clock: options.clock ?? systemClock,
    deployments: new Deployments(config, { log }),
  };
}

export function closeServices(services: Services): void {
  services.deployments.close();
}
