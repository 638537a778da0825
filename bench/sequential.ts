import { loadScenario } from '../src/lab/scenario.js';
import { RemoteLab } from './lab-client.js';
import type { BenchOptions } from './options.js';
import { readinessRun } from './readiness.js';
import { round } from './stats.js';

export interface Sequential {
  /** The 58-node figure: measured, or extrapolated from the subsets. */
  wallMs: number;
  extrapolated: boolean;
  /** Time per added node (the slope between the two subsets). */
  perNodeMs?: number;
  subsets: Array<{ nodes: string[]; wallMs: number }>;
  note: string;
}

/** `count` nodes spread evenly over the scenario's list, the PAN first: PANs, MnTs, PSNs and pxGrid alike. */
export function spreadSubset(all: readonly string[], count: number): string[] {
  const picked = Array.from(
    { length: count },
    (_, i) => all[Math.round((i * (all.length - 1)) / (count - 1))],
  );
  return [...new Set(picked.filter((n): n is string => n !== undefined))];
}

/**
 * The same readiness with one REST request per host and one SSH session at a time. On all 58 nodes
 * that is ~58 × 7.6 s, past the bench's 3-minute budget, so by default it runs on two subsets and
 * extrapolates linearly: each node adds its own login and commands (and its few REST calls), nothing
 * else grows with the node count. REST parts still run beside the SSH sessions, which only shortens the
 * baseline (the ratio errs against us).
 */
export async function sequentialBaseline(
  scenario: string,
  options: BenchOptions,
  nodes: number,
  say: (text: string) => void,
): Promise<Sequential> {
  const all = loadScenario(scenario).nodes.map((n) => n.hostname);
  const sizes = options.fullSequential ? [nodes] : options.sequentialSubsets;
  const subsets: Sequential['subsets'] = [];
  for (const size of sizes) {
    const subset = size >= all.length ? all : spreadSubset(all, size);
    say(`sequential readiness on ${subset.length} nodes…`);
    const { lab, config } = await RemoteLab.start(scenario, options.latency, subset);
    try {
      const run = await readinessRun(lab, config, { restConcurrency: 1, sshConcurrency: 1 });
      subsets.push({ nodes: subset, wallMs: round(run.wallMs) });
      say(`sequential on ${subset.length} nodes: ${round(run.wallMs)} ms`);
    } finally {
      await lab.close();
    }
  }
  const [small, large] = subsets;
  if (!small) throw new Error('no sequential run');
  if (!large) {
    return {
      wallMs: small.wallMs,
      extrapolated: false,
      subsets,
      note: `measured on all ${nodes} nodes: ${small.wallMs} ms`,
    };
  }
  const perNodeMs = (large.wallMs - small.wallMs) / (large.nodes.length - small.nodes.length);
  const wallMs = round(large.wallMs + (nodes - large.nodes.length) * perNodeMs);
  return {
    wallMs,
    extrapolated: true,
    perNodeMs: round(perNodeMs),
    subsets,
    note:
      `EXTRAPOLATED, not measured: ${small.nodes.length} nodes ${small.wallMs} ms, ${large.nodes.length} nodes ` +
      `${large.wallMs} ms → ${round(perNodeMs)} ms per node → ${nodes} nodes ≈ ${wallMs} ms ` +
      '(--full-sequential measures it: ~8 minutes)',
  };
}
