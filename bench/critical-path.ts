import { cliLatency } from '../src/lab/lab-ssh.js';
import type { Scenario } from '../src/lab/scenario.js';

export interface CriticalPath {
  ms: number;
  /** The node whose own chain is the longest. */
  node: string;
  /** The REST calls that must precede any SSH login, times the REST latency. */
  prefixMs: number;
  /** Login plus the node's commands, one after another on its one session. */
  chainMs: number;
  /** The PAN's REST calls at its per-host bound: a second lower bound, shown for comparison. */
  panRestMs: number;
}

/**
 * The shortest a readiness run could possibly take given the latencies the lab injects, i.e. the
 * slowest node's own unavoidable sequence:
 *
 *   release probe (ERS iseversion) → node list (OpenAPI deployment/node) → that node's SSH login →
 *   each of its commands in turn on its one session (`terminal length 0`, the `show` commands,
 *   `show application status ise` last, `show repository` per repository; the final `exit` costs nothing).
 *
 * The REST reads that do not gate SSH (certificates, policy, profiler, patch per node: at most three
 * dependent calls deep) run beside the sessions and finish long before them. The PAN serves every
 * deployment-wide REST read, `rest.concurrency` at a time, so its total REST time is a second bound;
 * the critical path is the larger of the two. Commands are taken from what each node actually ran
 * (the lab's SSH log), their latency from the same function the lab sleeps by. Not modelled: TLS and
 * SSH handshakes and CPU, which is what the ratio wall / critical path measures.
 */
export function criticalPath(
  latency: Scenario['latency'],
  ssh: Record<string, { logins: number; commands: string[] }>,
  panRestCalls: number,
  restConcurrency: number,
): CriticalPath {
  const cli = cliLatency(latency);
  const prefixMs = 2 * latency.restMs;
  let node = '';
  let chainMs = 0;
  for (const [hostname, stats] of Object.entries(ssh)) {
    const commands = stats.commands.filter((c) => c !== 'exit');
    const ms = (cli.loginMs ?? 0) + commands.reduce((sum, c) => sum + (cli.commandMs?.(c) ?? 0), 0);
    if (ms > chainMs) [node, chainMs] = [hostname, ms];
  }
  const panRestMs = Math.ceil(panRestCalls / restConcurrency) * latency.restMs;
  return { ms: Math.max(prefixMs + chainMs, panRestMs), node, prefixMs, chainMs, panRestMs };
}
