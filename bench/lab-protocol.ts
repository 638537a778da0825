import type { LabFamily } from '../src/lab/rest/types.js';
import type { Scenario } from '../src/lab/scenario.js';

/** Messages between the bench and the lab process. */
export type LabRequest =
  | {
      type: 'start';
      scenario: string;
      latency: Scenario['latency'];
      /** Keep only these nodes (the sequential baseline runs on a subset). */
      nodes?: string[];
      /** Where the lab writes its CA for the config. */
      dir: string;
    }
  | { type: 'stats' }
  | { type: 'reset' }
  | { type: 'close' };

export interface LabStatsReply {
  type: 'stats';
  rest: Record<string, Record<LabFamily, number>>;
  restCalls: number;
  ssh: Record<string, { logins: number; commands: string[] }>;
}

export type LabReply =
  | { type: 'started'; config: Record<string, unknown>; nodes: number }
  | LabStatsReply
  | { type: 'done' };
