import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExecutionContext } from 'ava';
import { type Bot, startBot } from '../../adapters/bot.js';
import type { Invocation } from '../../commands/types.js';
import { parseConfig } from '../../src/config/load.js';
import { Lab } from '../../src/lab/lab.js';
import { loadScenario, type Scenario } from '../../src/lab/scenario.js';
import type { Reply } from '../../src/reply/model.js';
import { closeServices, createServices } from '../../src/runtime.js';
import type { Services } from '../../src/services.js';
import { INSTALLER } from '../fakes/teams-bot.js';
import { FakeConnector } from '../fakes/teams-connector.js';
import { silentLogger } from '../helpers/services.js';
import { freshStoreUrl } from '../helpers/stores.js';
import type { FakeClock } from '../scheduler/helpers.js';

export const KEY = 'Lab12345Key';

/** The healthy-3.2 lab with no delays but the ones given, in real milliseconds (timeScale 1). */
export function healthyLab(delays: Partial<Scenario['latency']> = {}): Promise<Lab> {
  const scenario = loadScenario('healthy-3.2');
  scenario.latency = {
    restMs: 0,
    sshLoginMs: 0,
    commandMinMs: 0,
    commandMaxMs: 0,
    slowCommands: {},
    backupStageMs: 0,
    ...delays,
  };
  return Lab.start({ scenario, timeScale: 1 });
}

export interface Replica {
  services: Services;
  bot: Bot;
  url: string;
  /** Runs a chat line on this replica as the local CLI user (operator). */
  send(text: string): Promise<Reply>;
}

/**
 * Two bots (services + startBot, each with its own HTTP port and its own connections) over one fresh
 * PostgreSQL database and one lab, with Teams on (no auth, set knowingly: the fake connector stands in for Teams).
 */
export async function twoReplicas(
  t: ExecutionContext,
  lab: Lab,
  clock: FakeClock,
  extra: Record<string, unknown> = {},
): Promise<{
  a: Replica;
  b: Replica;
  connector: FakeConnector;
  storeUrl: string;
  /** Starts one more replica on the same database (a restart, a scale-up). */
  another(): Promise<Replica>;
}> {
  const connector = new FakeConnector();
  await connector.start();
  t.teardown(() => connector.close());
  const storeUrl = await freshStoreUrl('postgres');
  const dir = mkdtempSync(join(tmpdir(), 'replicas-'));
  const raw = lab.configFor(dir) as { deployments: Array<Record<string, unknown>> };
  for (const d of raw.deployments) d.backup = { repository: 'backup-sftp', encryptionKey: KEY };
  const replica = async (): Promise<Replica> => {
    const loaded = parseConfig(
      {
        ...raw,
        store: { url: storeUrl },
        http: { port: 0 },
        // Teams without auth, knowingly: the fake connector stands in for Teams. The installer (the fake
        // conversationUpdate's sender) is an admin, so installing stores the channel's reference.
        teams: { allowUnauthenticated: true },
        access: { admins: [`teams:${INSTALLER}`] },
        ...extra,
      },
      {},
      undefined,
      dir,
    );
    const services = await createServices(loaded, { log: silentLogger(), clock: clock.now });
    const bot = await startBot(services, { listen: true, schedule: true });
    t.teardown(async () => {
      await bot.stop(5000);
      await closeServices(services);
    });
    await bot.recovered;
    const invocation = (text: string): Invocation => ({ platform: 'cli', user: 'cli', channel: 'cli', text });
    return {
      services,
      bot,
      url: `http://127.0.0.1:${bot.http?.port}`,
      send: (text) => bot.dispatcher.dispatch(invocation(text)),
    };
  };
  // Both start at once, as replicas do after a deploy (both run the migrations).
  const started = await Promise.allSettled([replica(), replica()]);
  const failed = started.find((s) => s.status === 'rejected');
  if (failed) throw failed.reason;
  const [a, b] = started.map((s) => (s as PromiseFulfilledResult<Replica>).value) as [Replica, Replica];
  return { a, b, connector, storeUrl, another: replica };
}
