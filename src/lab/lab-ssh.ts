import { createHash } from 'node:crypto';
import type { CliFaults, CliLatency, LabSshServer } from './cli/server.js';
import { newHostKey, startLabSshServer } from './cli/server.js';
import { cliFactsFromScenario } from './cli-facts-from-scenario.js';
import type { SshFault } from './faults.js';
import type { Scenario } from './scenario.js';

/** One node's SSH server, with the host key the lab pins in the config (kept to undo a changed key). */
export interface LabSshNode {
  hostname: string;
  server: LabSshServer;
  hostKey: string;
  fingerprint: string;
  keyChanged: boolean;
}

/** Scenario latency for the CLI: slow commands by pattern, others stable per command between min and max. */
export function cliLatency(latency: Scenario['latency']): CliLatency {
  const slow = Object.entries(latency.slowCommands).map(
    ([source, ms]) => [new RegExp(source, 'i'), ms] as const,
  );
  const span = Math.max(0, latency.commandMaxMs - latency.commandMinMs);
  return {
    loginMs: latency.sshLoginMs,
    commandMs: (command) => {
      const hit = slow.find(([re]) => re.test(command));
      if (hit) return hit[1];
      if (span === 0) return latency.commandMinMs;
      const h = Number.parseInt(createHash('sha1').update(command).digest('hex').slice(0, 6), 16);
      return latency.commandMinMs + (h % (span + 1));
    },
  };
}

export async function startLabSshNodes(
  scenario: Scenario,
  now: () => Date,
  latency: CliLatency | undefined,
): Promise<LabSshNode[]> {
  const started = now();
  return Promise.all(
    scenario.nodes.map(async (node) => {
      const hostKey = newHostKey();
      const server = await startLabSshServer({
        facts: cliFactsFromScenario(scenario, node, started),
        username: scenario.credentials.ssh.username,
        password: scenario.credentials.ssh.password,
        hostKey,
        now,
        ...(latency === undefined ? {} : { latency }),
      });
      return {
        hostname: node.hostname,
        server,
        hostKey,
        fingerprint: server.hostKeyFingerprint,
        keyChanged: false,
      };
    }),
  );
}

const regex = (value: string | RegExp | undefined) =>
  value === undefined ? undefined : typeof value === 'string' ? new RegExp(value, 'i') : value;

/** Hands each node its SSH faults (`*` applies to all); a changed host key restarts that node's server. */
export async function applySshFaults(nodes: LabSshNode[], faults: Record<string, SshFault>): Promise<void> {
  await Promise.all(
    nodes.map(async (node) => {
      const fault = { ...faults['*'], ...faults[node.hostname] };
      const cli: CliFaults = {};
      if (fault.authFail) cli.authFail = true;
      const hangOn = regex(fault.hangOn);
      const dropOn = regex(fault.dropOn);
      if (hangOn) cli.hangOn = hangOn;
      if (dropOn) cli.dropOn = dropOn;
      const invalidOn = regex(fault.invalidOn);
      if (invalidOn) cli.invalidOn = invalidOn;
      node.server.setFaults(cli);
      const changed = fault.changedHostKey === true;
      if (changed !== node.keyChanged) {
        await node.server.changeHostKey(changed ? undefined : node.hostKey);
        node.keyChanged = changed;
      }
    }),
  );
}
