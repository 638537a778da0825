import type { Logger } from '../log.js';
import { clipToWidth, rect, renderPng, svgDocument, text, textWidth } from '../reply/charts/svg.js';
import { type FindingStatus, type Reply, type ReplyImage, SEVERITY_ORDER } from '../reply/model.js';
import { plural } from './finding.js';
import type { ReadinessOutcome } from './run.js';
import type { Finding } from './types.js';

/**
 * The readiness picture for large deployments: nodes down, node-based checks across, each cell the
 * node's status in that check, so the one node at fault among 58 shows at a glance. A check is
 * node-based when its finding names nodes (at fault) or its evidence lines name several nodes.
 */

/** Deployments with more nodes than this get the grid; smaller ones read well as text. */
export const GRID_MIN_NODES = 10;
export const GRID_FILE = 'readiness-grid.png';

/** A node's cell: its status in the check, or undefined when the check says nothing about it. */
export interface NodeGrid {
  columns: Finding[];
  rows: Array<{ node: string; cells: Array<FindingStatus | undefined> }>;
}

export function nodeGrid(findings: readonly Finding[], nodes: readonly string[]): NodeGrid {
  const known = new Set(nodes);
  const named = (f: Finding) => {
    const seen = new Set(f.nodes.filter((n) => known.has(n)));
    for (const line of f.evidence)
      for (const token of line.match(/[A-Za-z0-9][A-Za-z0-9-]*/g) ?? [])
        if (known.has(token)) seen.add(token);
    return seen;
  };
  const columns: Finding[] = [];
  const mentioned: Array<Set<string>> = [];
  for (const f of findings) {
    const seen = named(f);
    if (f.nodes.length === 0 && seen.size < 2) continue;
    columns.push(f);
    mentioned.push(seen);
  }
  const cell = (f: Finding, seen: Set<string>, node: string): FindingStatus | undefined => {
    if (f.nodes.includes(node)) return f.status;
    if (!seen.has(node)) return undefined;
    // Named in the evidence but not at fault: fine in this check, unless nobody was singled out.
    return f.nodes.length === 0 ? f.status : 'pass';
  };
  const rank = (s: FindingStatus | undefined) =>
    s === undefined ? SEVERITY_ORDER.length : SEVERITY_ORDER.indexOf(s);
  const rows = nodes.map((node) => ({
    node,
    cells: columns.map((f, i) => cell(f, mentioned[i] as Set<string>, node)),
  }));
  // Nodes with the worst cells first (a stable sort keeps ISE's order among equals).
  const worst = (cells: Array<FindingStatus | undefined>) =>
    Math.min(...cells.map(rank), SEVERITY_ORDER.length);
  return { columns, rows: [...rows].sort((a, b) => worst(a.cells) - worst(b.cells)) };
}

const COLOURS: Record<FindingStatus, string> = {
  fail: '#d9342b',
  error: '#8250df',
  warn: '#f0a020',
  manual: '#7aa7e0',
  info: '#b8c4d0',
  pass: '#2e9e57',
};
const MARK: Record<FindingStatus, string> = {
  fail: '✖',
  error: '!',
  warn: '▲',
  manual: '✎',
  info: 'i',
  pass: '✔',
};
const PAD = 16;
const NAME_W = 170;
const CELL_W = 34;
const CELL_H = 18;
const HEAD_H = 150;

export function gridSvg(
  grid: NodeGrid,
  outcome: Pick<ReadinessOutcome, 'deployment' | 'startedAt'>,
): {
  svg: string;
  alt: string;
} {
  const width = Math.max(720, PAD * 2 + NAME_W + grid.columns.length * CELL_W + 120);
  const top = 60 + HEAD_H;
  const height = top + grid.rows.length * CELL_H + 56;
  const title = `Readiness by node: ${outcome.deployment}`;
  const parts: string[] = [text(PAD, 28, title, { size: 18, weight: 'bold' })];
  parts.push(
    text(
      PAD,
      48,
      `${outcome.startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC · ${plural(grid.rows.length, 'node')} × ${plural(grid.columns.length, 'node-based check')} · nodes with problems first`,
      { size: 12, fill: '#59636e' },
    ),
  );
  grid.columns.forEach((f, j) => {
    const x = PAD + NAME_W + j * CELL_W + CELL_W / 2;
    parts.push(
      text(x, top - 6, clipToWidth(f.id, HEAD_H - 10, 12), { size: 12, rotate: -50, fill: '#1f2328' }),
    );
  });
  grid.rows.forEach((row, i) => {
    const y = top + i * CELL_H;
    if (i % 2 === 1) parts.push(rect(PAD, y, NAME_W + grid.columns.length * CELL_W, CELL_H, '#f3f5f7'));
    parts.push(text(PAD + 2, y + 13, clipToWidth(row.node, NAME_W - 8, 12), { size: 12 }));
    row.cells.forEach((status, j) => {
      const x = PAD + NAME_W + j * CELL_W;
      if (status === undefined) {
        parts.push(rect(x + 2, y + 2, CELL_W - 4, CELL_H - 4, '#ffffff', { stroke: '#d8dee4', rx: 2 }));
        return;
      }
      parts.push(rect(x + 2, y + 2, CELL_W - 4, CELL_H - 4, COLOURS[status], { rx: 2 }));
      parts.push(
        text(x + CELL_W / 2, y + 13, MARK[status], {
          size: 11,
          fill: '#ffffff',
          anchor: 'middle',
          weight: 'bold',
        }),
      );
    });
  });
  // Legend under the grid, in the one severity order.
  let lx = PAD;
  const ly = top + grid.rows.length * CELL_H + 24;
  for (const status of SEVERITY_ORDER) {
    parts.push(rect(lx, ly - 11, 14, 14, COLOURS[status], { rx: 2 }));
    parts.push(text(lx + 20, ly, status, { size: 12 }));
    lx += 20 + textWidth(status, 12) + 16;
  }
  parts.push(rect(lx, ly - 11, 14, 14, '#ffffff', { stroke: '#d8dee4', rx: 2 }));
  parts.push(text(lx + 20, ly, 'not about this node', { size: 12 }));
  const atFault = grid.rows.filter((r) => r.cells.some((c) => c === 'fail' || c === 'error'));
  const alt = `Readiness of ${outcome.deployment} by node: ${plural(grid.rows.length, 'node')} by ${plural(grid.columns.length, 'check')} (${grid.columns.map((c) => c.id).join(', ')}). ${
    atFault.length === 0
      ? 'No node fails a check.'
      : `Failing or unreadable: ${atFault
          .slice(0, 10)
          .map((r) => r.node)
          .join(', ')}${atFault.length > 10 ? ` and ${atFault.length - 10} more` : ''}.`
  }`;
  return { svg: svgDocument(width, height, parts, title), alt };
}

/** The readiness reply with the grid attached on a deployment of more than GRID_MIN_NODES nodes. */
export async function withNodeGrid(reply: Reply, outcome: ReadinessOutcome, log?: Logger): Promise<Reply> {
  const nodes =
    outcome.snapshot.nodes.state === 'ok' ? outcome.snapshot.nodes.value.map((n) => n.hostname) : [];
  if (nodes.length <= GRID_MIN_NODES) return reply;
  const grid = nodeGrid(outcome.findings, nodes);
  if (grid.columns.length === 0) return reply;
  const { svg, alt } = gridSvg(grid, outcome);
  const image: ReplyImage | undefined = await renderPng(svg, {
    name: GRID_FILE,
    title: `Readiness by node: ${outcome.deployment}`,
    alt,
  }).catch((error: unknown) => {
    log?.warn({ err: error }, 'readiness grid not drawn');
    return undefined;
  });
  return image ? { ...reply, images: [...(reply.images ?? []), image] } : reply;
}
