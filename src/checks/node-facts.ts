import type { NodeInfo } from '../ise/nodes.js';
import type { NodeCli, Snapshot, Sourced } from '../ise/snapshot/types.js';
import type { EvidenceLine } from './finding.js';

type CliKey = Exclude<keyof NodeCli, 'repositoryFiles'>;
type CliValue<K extends CliKey> = NonNullable<NodeCli[K]> extends Sourced<infer T> ? T : never;

export interface NodeFacts<T> {
  read: Array<{ node: string; value: T; source: string }>;
  /**
   * Nodes whose read failed: the cause, for an `error`. `answer` when the node answered but not in a form
   * the bot could use (SSH works; the fix is different).
   */
  failed: Array<{ node: string; error: string; answer?: boolean }>;
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
    const part = cliPart(snapshot, node, key, command);
    if (part === undefined) facts.failed.push({ node, error: `\`${command}\` was not read on ${node}` });
    else if (part.state === 'error')
      facts.failed.push({ node, error: part.error, ...(part.answer ? { answer: true } : {}) });
    else if (part.state === 'unavailable') facts.unavailable.push({ node, reason: part.reason });
    else facts.read.push({ node, value: part.value, source: part.source });
  }
  return facts;
}

/**
 * One node's CLI fact, with a parse its parser did not recognise turned into an `error`: only an answer
 * the bot understood may decide a check (the CLI reader already does this; this guards every other way a
 * snapshot is made, e.g. a stored or hand-built one).
 */
export function cliPart<K extends CliKey>(
  snapshot: Snapshot,
  node: string,
  key: K,
  command: string,
): Sourced<CliValue<K>> | undefined {
  return understood(
    snapshot.cli[node]?.[key] as Sourced<CliValue<K>> | undefined,
    `\`${command}\` on ${node}`,
  );
}

/** A parsed CLI part, or an `error` (marked as an answer problem) when its parser did not recognise it. */
export function understood<T>(part: Sourced<T> | undefined, what: string): Sourced<T> | undefined {
  if (part?.state !== 'ok' || !unrecognised(part.value)) return part;
  const warnings = (part.value as { warnings?: readonly string[] }).warnings ?? [];
  return {
    state: 'error',
    error: `${what} answered in a form the bot does not recognise, so it did not judge it${warnings.length > 0 ? ` (${warnings.join('; ').slice(0, 200)})` : ''}.`,
    source: part.source,
    answer: true,
  };
}

function unrecognised(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'recognised' in value && value.recognised === false;
}

/** Evidence lines for the nodes a check could not judge. */
export function unreadLines<T>(facts: NodeFacts<T>): string[] {
  return [
    ...facts.failed.map((f) => `${f.node}: not read: ${f.error}`),
    ...facts.unavailable.map((u) => `${u.node}: not readable: ${u.reason}`),
  ];
}

/** The same lines, judged: a node not read is `error`, one not readable is `manual` (never a pass). */
export function unreadEvidence<T>(facts: NodeFacts<T>): EvidenceLine[] {
  return [
    ...facts.failed.map((f) => ({ line: `${f.node}: not read: ${f.error}`, status: 'error' as const })),
    ...facts.unavailable.map((u) => ({
      line: `${u.node}: not readable: ${u.reason}`,
      status: 'manual' as const,
    })),
  ];
}

/** SSH is how the bot reads CLI facts; this is the advice when it could not. */
export const FIX_SSH =
  'Check the bot can log in to each node over SSH with the configured `ssh` account (an admin CLI user), that its host key is pinned under `ssh.hostKeys`, and that TCP 22 is open from the bot; then run the check again.';

/**
 * What to do about the nodes whose read failed: SSH access for failed logins, a look by hand for answers
 * the bot did not understand; undefined when none failed.
 */
export function fixUnread<T>(facts: NodeFacts<T>, command: string): string | undefined {
  const access = facts.failed.some((f) => !f.answer);
  const answers = facts.failed.filter((f) => f.answer).map((f) => f.node);
  const parts = [
    access && FIX_SSH,
    answers.length > 0 &&
      `Run \`${command}\` by hand on ${answers.join(', ')} as an admin CLI user and judge the answer yourself; the bot quotes what the node said in the evidence. If ISE printed something it should understand, report that text to the bot's maintainers.`,
  ].filter((p): p is string => typeof p === 'string');
  return parts.length > 0 ? parts.join(' ') : undefined;
}
