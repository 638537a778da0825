import { createHash } from 'node:crypto';
import type { CliFaults, CliLatency, LabSshServer } from './cli/server.js';
import { newHostKey, startLabSshServer } from './cli/server.js';
import { cliFactsFromScenario } from './cli-facts-from-scenario.js';
import type { SshFault } from './faults.js';
import type { LabNode, Scenario } from './scenario.js';

/** One node's SSH server, with the host key the lab pins in the config (kept to undo a changed key). */
export interface LabSshNode {
  hostname: string;
  server: LabSshServer;
  hostKey: string;
  fingerprint: string;
  keyChanged: boolean;
}

/** The time scale when neither the lab's options nor the scenario set one: tests and the demo stay fast. */
export const DEFAULT_TIME_SCALE = 0.01;

/** Backup progress lines come this far apart on a real node when the scenario does not say (INFERRED). */
const NATURAL_BACKUP_STAGE_MS = 15_000;

/**
 * Scenario latency for one node's CLI, times `scale`: slow commands by pattern, others stable per command
 * between min and max; a `[min, max]` range gives each node (`seed`) and command its own stable value.
 */
export function cliLatency(latency: Scenario['latency'], scale = 1, seed = ''): CliLatency {
  const slow = Object.entries(latency.slowCommands).map(
    ([source, ms]) => [new RegExp(source, 'i'), ms] as const,
  );
  const within = (min: number, max: number, key: string) => {
    const span = Math.max(0, max - min);
    if (span === 0) return min;
    const h = Number.parseInt(createHash('sha1').update(key).digest('hex').slice(0, 6), 16);
    return min + (h % (span + 1));
  };
  return {
    loginMs: latency.sshLoginMs * scale,
    commandMs: (command) => {
      const hit = slow.find(([re]) => re.test(command))?.[1];
      if (typeof hit === 'number') return hit * scale;
      if (hit) return within(hit[0], hit[1], `${seed}|${command}`) * scale;
      return within(latency.commandMinMs, latency.commandMaxMs, command) * scale;
    },
    backupStageMs: (latency.backupStageMs ?? NATURAL_BACKUP_STAGE_MS) * scale,
  };
}

export async function startLabSshNodes(
  scenario: Scenario,
  now: () => Date,
  /** The time scale, or undefined for no latency at all. */
  scale: number | undefined,
): Promise<LabSshNode[]> {
  const started = now();
  return Promise.all(
    scenario.nodes.map(async (node) => {
      const hostKey = newHostKey();
      const account = sshAccount(scenario, node);
      const server = await startLabSshServer({
        facts: cliFactsFromScenario(scenario, node, started),
        username: account.username,
        password: account.password,
        sessionLimit: node.ssh?.sessionLimit ?? scenario.cliSessionLimit,
        hostKey,
        now,
        ...(scale === undefined ? {} : { latency: cliLatency(scenario.latency, scale, node.hostname) }),
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

/** The CLI account a node accepts: its own, else the deployment's. */
export function sshAccount(scenario: Scenario, node: LabNode): { username: string; password: string } {
  const base = scenario.credentials.ssh;
  return { username: node.ssh?.username ?? base.username, password: node.ssh?.password ?? base.password };
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
      if (fault.passwordExpired) cli.passwordExpired = true;
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
