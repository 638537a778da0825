import type { CollectSnapshot } from '../src/checks/engine.js';
import { runReadiness } from '../src/checks/run.js';
import type { StatusCounts } from '../src/checks/types.js';
import { collectSnapshot } from '../src/ise/snapshot/collect.js';
import { CliPool } from '../src/ise/ssh/pool.js';
import { closeServices } from '../src/runtime.js';
import { benchServices, type ConfigChanges } from './config.js';
import type { RemoteLab } from './lab-client.js';
import type { LabStatsReply } from './lab-protocol.js';

export interface ReadinessRun {
  wallMs: number;
  collectMs: number;
  checksMs: number;
  summary: StatusCounts;
  /** Logins per node as the bot's CLI pool counted them. */
  poolLogins: Record<string, number>;
  peakSessions: number;
  restConcurrency: number;
  /** What the lab saw: REST calls per node and family, SSH logins and commands per node. */
  lab: LabStatsReply;
}

/**
 * One full readiness (every check of the catalogue, as `/ise readiness` runs it) against the lab, on
 * fresh services. The CLI pool is injected only to count logins; like the collector's own pool it is
 * closed (each session says `exit`) inside the timed part.
 */
export async function readinessRun(
  lab: RemoteLab,
  labConfig: Record<string, unknown>,
  changes: ConfigChanges = {},
): Promise<ReadinessRun> {
  const services = await benchServices(labConfig, lab.dir, changes);
  const deployment = services.config.deployments[0];
  const maxSessions = deployment?.ssh?.concurrency ?? 1;
  const pool = new CliPool({ maxSessions });
  const collect: CollectSnapshot = async (access, needs, options) => {
    try {
      return await collectSnapshot(access, needs, { ...options, cli: pool });
    } finally {
      await pool.closeAll();
    }
  };
  await lab.reset();
  try {
    const started = performance.now();
    const outcome = await runReadiness({
      services,
      collect,
      actor: 'bench',
      trigger: 'command',
      record: false,
    });
    const wallMs = performance.now() - started;
    const stats = pool.stats();
    return {
      wallMs,
      collectMs: outcome.timings.collectMs,
      checksMs: outcome.timings.checksMs,
      summary: outcome.summary,
      poolLogins: stats.logins,
      peakSessions: stats.peakOpen,
      restConcurrency: deployment?.rest.concurrency ?? 1,
      lab: await lab.stats(),
    };
  } finally {
    await closeServices(services);
  }
}
