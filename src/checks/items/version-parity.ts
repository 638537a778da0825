import { evidenceFor, finding, names, plural, read } from '../finding.js';
import { cliPart, FIX_SSH } from '../node-facts.js';
import { GUIDE, MENU } from '../sections.js';
import type { Check } from '../types.js';

const base = {
  id: 'version-parity',
  title: 'All nodes on the same version and patch',
  section: GUIDE.guidelines,
};
const LOOK = `Run \`show version\` on every node (or open ${MENU.deployment}) and compare version and patch.`;

interface Level {
  node: string;
  version: string;
  /** Undefined when only the cluster-wide patch is known for this node. */
  patch?: number;
  from: string;
  /** Why the node's own patch is unknown, when it is. */
  unread?: string;
}

/**
 * "Upgrade cannot begin" when nodes differ in version or patch (Guidelines). Before 3.1 ISE's REST API
 * gives only the cluster's patch, so each node's own `show version` decides; REST is the fallback.
 */
export const versionParity: Check = {
  ...base,
  kind: 'automated',
  needs: ['nodes', 'cli:version'],
  evaluate(snapshot) {
    const nodes = read(base, snapshot.nodes, 'deployment nodes', { look: LOOK });
    if (!nodes.ok) return nodes.finding;
    const levels: Level[] = [];
    const unread: string[] = [];
    const misunderstood: string[] = [];
    for (const n of nodes.value) {
      const cli = cliPart(snapshot, n.hostname, 'version', 'show version');
      if (cli?.state === 'error' && cli.answer) misunderstood.push(n.hostname);
      if (cli?.state === 'ok' && cli.value.version !== undefined) {
        levels.push({
          node: n.hostname,
          version: cli.value.version,
          patch: cli.value.patch,
          from: 'show version',
        });
        continue;
      }
      const why =
        cli === undefined
          ? 'not read'
          : cli.state === 'ok'
            ? 'no version in the output'
            : cli.state === 'error'
              ? cli.error
              : cli.reason;
      if (n.patchSource === 'node' && n.patch !== undefined) {
        levels.push({ node: n.hostname, version: n.version, patch: n.patch, from: 'REST' });
      } else {
        const rest = n.patchError ? `; REST: ${n.patchError}` : '';
        levels.push({
          node: n.hostname,
          version: n.version,
          from: 'REST (cluster patch only)',
          unread: `per-node patch unknown (show version: ${why}${rest})`,
        });
        unread.push(n.hostname);
      }
    }
    const label = (l: Level) => `${l.version} patch ${l.patch ?? '?'}`;
    const line = (l: Level) =>
      l.unread === undefined ? `${l.node} ${label(l)} (${l.from})` : `${l.node}: ${l.version}, ${l.unread}`;
    const cliUnavailable = nodes.value.every(
      (n) => snapshot.cli[n.hostname]?.version?.state === 'unavailable',
    );
    const unreadStatus = cliUnavailable ? 'manual' : 'error';
    // The odd nodes (or those whose patch is unknown) first, then the rest in ISE's order.
    const judged = (odd: readonly string[]) =>
      evidenceFor(
        levels,
        (l) => (odd.includes(l.node) ? 'fail' : l.unread === undefined ? 'pass' : unreadStatus),
        line,
      );
    const known = levels.filter((l) => l.patch !== undefined);
    const versions = new Set(levels.map((l) => l.version));
    const patches = new Set(known.map(label));
    if (versions.size > 1 || patches.size > 1) {
      // The majority level is "right"; the others are the odd nodes to bring in line.
      const ranked = [
        ...(versions.size > 1 ? groupBy(levels, (l) => l.version) : groupBy(known, label)),
      ].sort((a, b) => b[1].length - a[1].length);
      const [major, ...odd] = ranked;
      const oddNodes = odd.flatMap(([, ls]) => ls.map((l) => l.node));
      return finding(base, {
        status: 'fail',
        summary: `${odd.map(([key, ls]) => `${names(ls.map((l) => l.node))} ${ls.length === 1 ? 'runs' : 'run'} ${key}`).join('; ')}; the others run ${major?.[0] ?? '?'}. ISE will say "Upgrade cannot begin".`,
        nodes: oddNodes,
        ...judged(oddNodes),
        remediation: `Install the same patch on every node before the upgrade: copy the patch bundle to a repository and run \`patch install <bundle> <repository>\` on ${oddNodes.length === 1 ? oddNodes[0] : `each of the ${oddNodes.length} nodes listed`} (or Administration > System > Maintenance > Patch Management > Install). Check with \`show version\`.`,
      });
    }
    if (unread.length > 0) {
      return finding(base, {
        status: unreadStatus,
        summary: `All nodes report ${[...versions][0] ?? '?'}, but the patch of ${plural(unread.length, 'node')} could not be read per node.`,
        nodes: unread,
        ...judged([]),
        remediation: cliUnavailable
          ? LOOK
          : misunderstood.length === unread.length
            ? `The bot did not understand \`show version\` on ${names(misunderstood)} (quoted in the evidence). ${LOOK}`
            : FIX_SSH,
      });
    }
    return finding(base, {
      status: 'pass',
      summary: `All ${levels.length} nodes run ${[...patches][0] ?? [...versions][0]}.`,
      ...judged([]),
      remediation: 'Nothing to do.',
    });
  },
};

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) map.set(key(item), [...(map.get(key(item)) ?? []), item]);
  return map;
}
