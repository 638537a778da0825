import { parseArgs } from 'node:util';
import type { Scenario } from '../src/lab/scenario.js';

export interface BenchOptions {
  latency: Scenario['latency'];
  /** Parallel readiness runs whose median is quoted. */
  runs: number;
  /** One signed `/ise nodes` every this many ms while a readiness run is in flight. */
  ackIntervalMs: number;
  /** Node counts of the two sequential subset runs the 58-node figure is extrapolated from. */
  sequentialSubsets: [number, number];
  /** Run the sequential baseline on all nodes (~8 minutes) instead of extrapolating. */
  fullSequential: boolean;
  certificates: number;
  out: string;
}

const USAGE = `npm run bench -- [--rest-ms 40] [--login-ms 1500] [--status-ms 3000]
  [--command-min-ms 100] [--command-max-ms 500] [--runs 3] [--ack-interval-ms 100]
  [--sequential-subsets 2,4 | --full-sequential] [--certificates 2000] [--out bench/results.json]`;

/** The bench's own flags (the latencies the lab injects, run counts); nothing is read from the environment. */
export function benchOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      'rest-ms': { type: 'string', default: '40' },
      'login-ms': { type: 'string', default: '1500' },
      'status-ms': { type: 'string', default: '3000' },
      'command-min-ms': { type: 'string', default: '100' },
      'command-max-ms': { type: 'string', default: '500' },
      runs: { type: 'string', default: '3' },
      'ack-interval-ms': { type: 'string', default: '100' },
      'sequential-subsets': { type: 'string', default: '2,4' },
      'full-sequential': { type: 'boolean', default: false },
      certificates: { type: 'string', default: '2000' },
      out: { type: 'string', default: 'bench/results.json' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const num = (name: keyof typeof values, min = 0): number => {
    const n = Number(values[name]);
    if (!Number.isFinite(n) || n < min) throw new Error(`--${name} must be a number ≥ ${min}\n${USAGE}`);
    return n;
  };
  const [small = Number.NaN, large = Number.NaN] = values['sequential-subsets'].split(',').map(Number);
  if (!(small >= 2 && large > small))
    throw new Error(`--sequential-subsets must be two counts a<b, a≥2\n${USAGE}`);
  return {
    latency: {
      restMs: num('rest-ms'),
      sshLoginMs: num('login-ms'),
      commandMinMs: num('command-min-ms'),
      commandMaxMs: Math.max(num('command-min-ms'), num('command-max-ms')),
      // The lab matches slow commands by regex; `show application status ise` is the slow one (ise-cli.md §3.3).
      slowCommands: { '^show application status': num('status-ms') },
    },
    runs: num('runs', 1),
    ackIntervalMs: num('ack-interval-ms', 10),
    sequentialSubsets: [small, large],
    fullSequential: values['full-sequential'],
    certificates: num('certificates', 1),
    out: values.out,
  };
}
