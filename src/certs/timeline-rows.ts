import { byReadableExpiry } from '../checks/certificates.js';
import type { CertificateInfo, DatedCertificate } from '../ise/snapshot/types.js';
import { DEFAULT_LADDER, EXPIRED_RUNG, ladderStep } from './ladder.js';
import { type NotWarned, quietReasons } from './watched.js';

/**
 * The rows of the certificate timeline: one per certificate, except that identical certificates are one
 * row with a count — the same fingerprint on several nodes (a shared wildcard), or each node's own copy
 * of the same thing expiring the same day (ISE's self-signed SAML certificate on 58 nodes). Grouped by
 * where they live: several nodes, then each node's system store, then the trusted store once.
 */
export interface TimelineRow {
  /** The group the row is drawn in: a hostname, "all 58 nodes", "Trusted store". */
  group: string;
  /** The friendly name; on a merged row a node's own hostname in it reads `‹node›`. */
  label: string;
  usage: string[];
  /** Installed certificates the row stands for. */
  count: number;
  nodes: string[];
  notAfter: Date;
  /** The ladder rung (ladder.ts): a number of days, EXPIRED_RUNG, or undefined when not yet worth a word. */
  rung: number | undefined;
  /** Why the warnings leave it out, when they do (drawn hollow). */
  quiet?: NotWarned;
}

export interface TimelineRows {
  rows: TimelineRow[];
  /** Rows left out past the cap (the latest expiries), and the soonest expiry among them. */
  hidden: { rows: number; certificates: number; expired: number; warned: number; from?: Date };
  /** Dated certificates read. */
  certificates: number;
  /** Certificates whose expiry could not be read: not drawn, counted. */
  undated: number;
  /** Nodes with a system certificate, in ISE's order. */
  nodes: string[];
}

export interface RowOptions {
  now: Date;
  maxRows?: number;
  ladder?: readonly number[];
}

export const TRUSTED_GROUP = 'Trusted store';
const NODE_MARK = '‹node›';
const DAY = 86_400_000;

export function timelineRows(certs: readonly CertificateInfo[], options: RowOptions): TimelineRows {
  const { now, maxRows = 40, ladder = DEFAULT_LADDER } = options;
  const { dated, undated } = byReadableExpiry([...certs]);
  const why = quietReasons(certs);
  const nodes = [...new Set(dated.flatMap((c) => (c.store === 'system' && c.node ? [c.node] : [])))];
  const merged = mergeIdentical(dated, why, nodeMarker(nodes));
  const rows = merged.map((m): TimelineRow => {
    const first = m.certs[0] as DatedCertificate;
    const quiet = why(first);
    return {
      group: groupOf(m.nodes, first, nodes.length),
      label: m.certs.length > 1 ? m.name : first.friendlyName,
      usage: first.usage,
      count: m.certs.length,
      nodes: m.nodes,
      notAfter: first.notAfter,
      rung: ladderStep(first.notAfter, now, ladder),
      ...(quiet === undefined ? {} : { quiet }),
    };
  });
  // Past the cap the rows that matter least go: warned before quiet, soonest expiry first.
  const ranked = [...rows].sort(
    (a, b) =>
      Number(a.quiet !== undefined) - Number(b.quiet !== undefined) ||
      a.notAfter.getTime() - b.notAfter.getTime(),
  );
  const kept = new Set(ranked.slice(0, maxRows));
  const dropped = ranked.slice(maxRows);
  const visible = rows.filter((r) => kept.has(r));
  const order = groupOrder(nodes);
  const urgency = groupUrgency(visible);
  const shown = visible.sort(
    (a, b) =>
      (urgency.get(a.group) ?? 0) - (urgency.get(b.group) ?? 0) ||
      order(a) - order(b) ||
      a.group.localeCompare(b.group) ||
      a.notAfter.getTime() - b.notAfter.getTime() ||
      a.label.localeCompare(b.label),
  );
  const from = dropped.reduce<Date | undefined>(
    (soonest, r) => (soonest === undefined || r.notAfter < soonest ? r.notAfter : soonest),
    undefined,
  );
  return {
    rows: shown,
    hidden: {
      rows: dropped.length,
      certificates: certificatesIn(dropped),
      expired: certificatesIn(dropped.filter((r) => r.rung === EXPIRED_RUNG && !r.quiet)),
      warned: certificatesIn(
        dropped.filter((r) => r.rung !== undefined && r.rung !== EXPIRED_RUNG && !r.quiet),
      ),
      ...(from ? { from } : {}),
    },
    certificates: dated.length,
    undated: undated.length,
    nodes,
  };
}

const certificatesIn = (rows: readonly TimelineRow[]) => rows.reduce((sum, r) => sum + r.count, 0);

interface Merged {
  name: string;
  certs: DatedCertificate[];
  nodes: string[];
}

/**
 * One entry per distinct certificate: the same fingerprint joins its entry; otherwise the same store,
 * name (with the node's own hostname taken out), usage, expiry day and warned-or-not does.
 */
function mergeIdentical(
  dated: readonly DatedCertificate[],
  why: (c: CertificateInfo) => NotWarned | undefined,
  generic: (name: string) => string,
): Merged[] {
  const byPrint = new Map<string, Merged>();
  const byKey = new Map<string, Merged>();
  const out: Merged[] = [];
  for (const cert of dated) {
    const name = generic(cert.friendlyName);
    const day = Math.floor(cert.notAfter.getTime() / DAY);
    const key = [cert.store, name, cert.usage.join(','), day, why(cert) ?? ''].join('\u0000');
    let entry = byPrint.get(cert.fingerprint) ?? byKey.get(key);
    if (entry) {
      entry.certs.push(cert);
      if (cert.node && !entry.nodes.includes(cert.node)) entry.nodes.push(cert.node);
    } else {
      entry = { name, certs: [cert], nodes: cert.node ? [cert.node] : [] };
      out.push(entry);
      byKey.set(key, entry);
    }
    byPrint.set(cert.fingerprint, entry);
  }
  return out;
}

/**
 * A friendly name with what differs between the nodes' copies taken out: any node's hostname (alone or
 * as the start of its FQDN: `SAML_ise-psn1.example.org`) becomes `‹node›`, and the serial ISE's internal
 * CA appends (`ise-psn01#00013`) becomes `#…`.
 */
function nodeMarker(nodes: readonly string[]): (name: string) => string {
  if (nodes.length === 0) return (name) => name.replace(SERIAL, '#…');
  const names = [...nodes]
    .sort((a, b) => b.length - a.length)
    .map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const host = new RegExp(`(?<![A-Za-z0-9-])(?:${names.join('|')})(?![A-Za-z0-9-])`, 'gi');
  return (name) => name.replace(host, NODE_MARK).replace(SERIAL, '#…');
}

const SERIAL = /#\d{3,}\b/g;

function groupOf(nodes: readonly string[], cert: DatedCertificate, allNodes: number): string {
  if (cert.store === 'trusted') return TRUSTED_GROUP;
  if (nodes.length === 1) return nodes[0] as string;
  if (nodes.length === 0) return 'System store';
  return nodes.length === allNodes ? `all ${allNodes} nodes` : `${nodes.length} nodes: ${nodes.join(', ')}`;
}

/**
 * Groups holding a certificate warned about come first, soonest first, so the picture opens on the
 * fault; the others keep their place.
 */
function groupUrgency(rows: readonly TimelineRow[]): Map<string, number> {
  const soonest = new Map<string, number>();
  for (const r of rows) {
    if (r.rung === undefined || r.quiet) continue;
    const at = r.notAfter.getTime();
    soonest.set(r.group, Math.min(at, soonest.get(r.group) ?? at));
  }
  // Groups without a warning sort after every warned one, in their natural order.
  const after = Math.max(0, ...soonest.values()) + 1;
  return new Map(rows.map((r) => [r.group, soonest.get(r.group) ?? after]));
}

/** Otherwise: several nodes first (they say the most at once), then each node in ISE's order, the trusted store last. */
function groupOrder(nodes: readonly string[]): (row: TimelineRow) => number {
  const index = new Map(nodes.map((n, i) => [n, i + 1]));
  return (row) =>
    row.group === TRUSTED_GROUP
      ? nodes.length + 2
      : row.nodes.length > 1
        ? 0
        : (index.get(row.group) ?? nodes.length + 1);
}
