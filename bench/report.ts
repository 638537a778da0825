import type { LabStatsReply } from './lab-protocol.js';

export interface Target {
  name: string;
  figure: string;
  target: string;
  pass: boolean;
}

/** The figures and the targets side by side, as a fixed-width table. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  const line = (r: readonly string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const [head, ...body] = rows;
  return [line(head ?? []), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

export function targetsTable(targets: readonly Target[]): string {
  return table([
    ['target', 'figure', 'goal', 'result'],
    ...targets.map((t) => [t.name, t.figure, t.target, t.pass ? 'pass' : 'MISSED']),
  ]);
}

/**
 * Per node: SSH logins and REST calls by family, nodes with the same counts on one line (58 lines of
 * "1 login, 1 call" would hide the one node that differs).
 */
export function perNodeTable(stats: LabStatsReply): string {
  const groups = new Map<string, string[]>();
  for (const [node, ssh] of Object.entries(stats.ssh)) {
    const rest = stats.rest[node] ?? { ers: 0, openapi: 0, mnt: 0 };
    const total = rest.ers + rest.openapi + rest.mnt;
    const key = [
      String(ssh.logins),
      String(total),
      `ers ${rest.ers}, openapi ${rest.openapi}, mnt ${rest.mnt}`,
    ];
    const id = key.join('|');
    groups.set(id, [...(groups.get(id) ?? []), node]);
  }
  return table([
    ['nodes', 'SSH logins', 'REST calls', 'by family'],
    ...[...groups].map(([id, nodes]) => {
      const [logins = '', total = '', families = ''] = id.split('|');
      const names =
        nodes.length > 3 ? `${nodes.slice(0, 2).join(', ')} … (${nodes.length} nodes)` : nodes.join(', ');
      return [names, logins, total, families];
    }),
  ]);
}
