import type { Config } from './config/schema.js';
import type { Deployments } from './deployments.js';
import type { Logger } from './log.js';
import type { Redactor } from './secrets.js';
import type { Store } from './store/store.js';
import type { Telemetry } from './telemetry.js';
import type { Clock } from './util/time.js';

/** What commands and scheduled jobs work with; built once at start and injected (STYLE.md §5). */
export interface Services {
  config: Config;
  deployments: Deployments;
  log: Logger;
  redactor: Redactor;
  clock: Clock;
  store: Store;
  telemetry: Telemetry;
}
