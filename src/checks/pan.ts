import type { Snapshot } from '../ise/snapshot/types.js';
import { hostnames } from './node-facts.js';

/** The primary PAN's hostname: the node with the PrimaryAdmin role, else a standalone, else the first. */
export function primaryPan(snapshot: Snapshot): string | undefined {
  if (snapshot.nodes.state === 'ok') {
    const nodes = snapshot.nodes.value;
    return (
      nodes.find((n) => n.roles.includes('PrimaryAdmin'))?.hostname ??
      nodes.find((n) => n.roles.includes('Standalone'))?.hostname ??
      nodes[0]?.hostname
    );
  }
  return hostnames(snapshot)[0];
}
