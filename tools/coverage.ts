// `npm run coverage [-- test files]`: runs ava with Node's own V8 coverage and checks line coverage of
// the files below against their floors; exits 1 when one is under. `--from DIR` only summarises an
// existing NODE_V8_COVERAGE directory (CI collects it during `npm test`). Without
// ISE_CHATOPS_TEST_PG the PostgreSQL tests are skipped and postgres.ts cannot reach its floor.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PROJECT_ROOT } from '../src/paths.js';
import { lineCoverage, percent, uncovered } from './coverage-summary.js';

/** Files whose line coverage CI holds to a floor (percent). */
export const FLOORS: Record<string, number> = { 'src/store/postgres.ts': 90 };

function main(argv: string[]): number {
  const from = argv[0] === '--from' ? argv[1] : undefined;
  let dir = from === undefined ? undefined : resolve(from);
  if (dir === undefined) {
    dir = mkdtempSync(join(tmpdir(), 'ise-chatops-coverage-'));
    const ava = spawnSync(join(PROJECT_ROOT, 'node_modules/.bin/ava'), argv, {
      cwd: PROJECT_ROOT,
      stdio: 'inherit',
      env: { ...process.env, NODE_V8_COVERAGE: dir },
    });
    if (ava.status !== 0) {
      rmSync(dir, { recursive: true, force: true });
      return ava.status ?? 1;
    }
  }
  let failed = false;
  for (const [file, floor] of Object.entries(FLOORS)) {
    const coverage = lineCoverage(dir, join(PROJECT_ROOT, file));
    const value = percent(coverage);
    const ok = value >= floor;
    failed ||= !ok;
    const missed = uncovered(coverage);
    console.log(
      `${ok ? 'ok  ' : 'FAIL'} ${file}: ${value.toFixed(1)} % of ${coverage.lines.size} lines (floor ${floor} %)` +
        (missed.length > 0 ? `; not run: lines ${missed.join(', ')}` : ''),
    );
  }
  if (from === undefined) rmSync(dir, { recursive: true, force: true });
  return failed ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
