import type { NodeInfo } from '../ise/nodes.js';
import type { NodeCli, Snapshot, Sourced } from '../ise/snapshot/types.js';

type CliKey = Exclude<keyof NodeCli, 'repositoryFiles'>;
type CliValue<K extends CliKey> = NonNullable<NodeCli[K]> extends Sourced<infer T> ? T : never;

export interface NodeFacts<T> {
  read: Array<{ node: string; value: T; source: string }>;
  /** Nodes whose read failed: the cause, for an `error`. */
  failed: Array<{ node: string; error: string }>;
  /** Nodes where the CLI cannot tell (no SSH configured, ...): for a `manual`. */
  unavailable: Array<{ node: string; reason: string }>;
}

/** The deployment's hostnames: the node list when it was read, else whichever nodes have CLI facts. */
export function hostnames(snapshot: Snapshot): string[] {
  if (snapshot.nodes.state === 'ok') return snapshot.nodes.value.map((n) => n.hostname);
  return Object.keys(snapshot.cli);
}

export function nodeInfo(snapshot: Snapshot, hostname: string): NodeInfo | undefined {
  return snapshot.nodes.state === 'ok'
    ? snapshot.nodes.value.find((n) => n.hostname === hostname)
    : undefined;
}

/** One CLI fact from every node, sorted into read, failed and unavailable so a check can weigh each. */
export function nodeFacts<K extends CliKey>(
  snapshot: Snapshot,
  key: K,
  command: string,
): NodeFacts<CliValue<K>> {
  const facts: NodeFacts<CliValue<K>> = { read: [], failed: [], unavailable: [] };
  // Without the node list the CLI facts may cover only some nodes: never let that pass as "all nodes".
  if (snapshot.nodes.state === 'error') {
    facts.failed.push({
      node: 'node list',
      error: `the deployment's nodes could not be listed: ${snapshot.nodes.error}`,
    });
  }
  for (const node of hostnames(snapshot)) {
    const part = snapshot.cli[node]?.[key] as Sourced<CliValue<K>> | undefined;
    if (part === undefined) facts.failed.push({ node, error: `\`${command}\` was not read on ${node}` });
    else if (part.state === 'error') facts.failed.push({ node, error: part.error });
    else if (part.state === 'unavailable') facts.unavailable.push({ node, reason: part.reason });
    else facts.read.push({ node, value: part.value, source: part.source });
  }
  return facts;
}

/** Evidence lines for the nodes a check could not judge. */
export function unreadLines<T>(facts: NodeFacts<T>): string[] {
  return [
    ...facts.failed.map((f) => `${f.node}: not read: ${f.error}`),
    ...facts.unavailable.map((u) => `${u.node}: not readable: ${u.reason}`),
  ];
}

/** SSH is how the bot reads CLI facts; this is the advice when it could not. */
export const FIX_SSH =
  'Check the bot can log in to each node over SSH with the configured `ssh` account (an admin CLI user), that its host key is pinned under `ssh.hostKeys`, and that TCP 22 is open from the bot; then run the check again.';
