import test from 'ava';
import { GRID_FILE, gridSvg, nodeGrid, withNodeGrid } from '../../src/checks/node-grid.js';
import type { ReadinessOutcome } from '../../src/checks/run.js';
import type { Finding } from '../../src/checks/types.js';
import { reply } from '../../src/reply/build.js';
import { pngHeader } from '../helpers/png.js';

const nodes = (n: number) => Array.from({ length: n }, (_, i) => `ise-psn${i + 1}`);

function finding(id: string, status: Finding['status'], at: string[], evidence: string[]): Finding {
  return { id, title: id, status, summary: '', nodes: at, evidence, remediation: '', section: '' };
}

function findings(hosts: string[]): Finding[] {
  return [
    // The node at fault is last in ISE's order, as in the issue: it must not hide among healthy ones.
    finding(
      'version-parity',
      'fail',
      [hosts.at(-1) as string],
      hosts.map((h, i) => `${h} 3.2 patch ${i === hosts.length - 1 ? 2 : 4}`),
    ),
    finding(
      'ntp',
      'pass',
      [],
      hosts.map((h) => `${h}: synchronised`),
    ),
    finding('pan-failover', 'fail', [], ['automatic failover is on']),
    finding('mnt-data', 'info', ['ise-psn1'], ['ise-psn1: 40 GB of MnT data']),
  ];
}

test('node-based checks become columns, each node its status there, the node at fault on top', (t) => {
  const hosts = nodes(12);
  const grid = nodeGrid(findings(hosts), hosts);
  t.deepEqual(
    grid.columns.map((c) => c.id),
    ['version-parity', 'ntp', 'mnt-data'],
    'a deployment-wide check naming no node is no column',
  );
  t.deepEqual(grid.rows[0], { node: 'ise-psn12', cells: ['fail', 'pass', undefined] });
  t.deepEqual(grid.rows[1], { node: 'ise-psn1', cells: ['pass', 'pass', 'info'] });
  t.deepEqual(grid.rows[2], { node: 'ise-psn2', cells: ['pass', 'pass', undefined] });
  t.deepEqual(
    grid.rows.map((r) => r.node).slice(2),
    hosts.slice(1, 11),
    'the rest keep ISE order (ise-psn1 is not mistaken for ise-psn10..12)',
  );
});

test('the grid is attached to readiness replies above ten nodes only, as a PNG naming the failing node', async (t) => {
  const outcome = (n: number) =>
    ({
      deployment: 'big',
      startedAt: new Date('2026-12-08T08:00:00Z'),
      findings: findings(nodes(n)),
      snapshot: { nodes: { state: 'ok', source: 't', value: nodes(n).map((hostname) => ({ hostname })) } },
    }) as unknown as ReadinessOutcome;
  const base = reply('readiness', 'Upgrade readiness of big', 'fail');
  t.is((await withNodeGrid(base, outcome(10))).images, undefined);
  const big = await withNodeGrid(base, outcome(58));
  const image = big.images?.[0];
  t.is(image?.name, GRID_FILE);
  t.regex(image?.alt ?? '', /58 nodes by 3 checks .* Failing or unreadable: ise-psn58\./);
  const header = pngHeader(image?.png ?? new Uint8Array(24));
  t.true(header.signature);
  t.deepEqual([header.width, header.height], [image?.width, image?.height]);
  const { svg } = gridSvg(nodeGrid(findings(nodes(58)), nodes(58)), outcome(58));
  t.regex(svg, />version-parity</);
});
