import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDispatcher } from '../../../commands/dispatcher.js';
import { COMMANDS } from '../../../commands/index.js';
import { digestReply } from '../../../scheduler/digest-reply.js';
import { defaultCollect } from '../../../src/checks/collector.js';
import { readinessReply } from '../../../src/checks/report.js';
import { runReadiness } from '../../../src/checks/run.js';
import { parseConfig } from '../../../src/config/load.js';
import type { Lab } from '../../../src/lab/lab.js';
import type { Reply } from '../../../src/reply/model.js';
import { closeServices, createServices } from '../../../src/runtime.js';
import { silentLogger } from '../../helpers/services.js';
import { startLab } from '../../lab/helpers.js';

interface Teardown {
  teardown(fn: () => unknown): void;
}

/**
 * The bot over a running lab of `scenario` (everyone an admin, a backup repository and key, SQLite in
 * memory), answering chat text as a Teams user in a Teams channel; plus a scheduled readiness digest.
 */
export async function teamsLabBot(t: Teardown, scenario: string) {
  const lab: Lab = await startLab(t, scenario);
  const dir = mkdtempSync(join(tmpdir(), 'teams-cards-'));
  const raw = {
    ...(lab.configFor(dir) as { deployments: Array<Record<string, unknown>> }),
    access: { admins: ['*'] },
    store: { url: 'sqlite::memory:' },
  };
  (raw.deployments[0] as Record<string, unknown>).backup = {
    repository: 'backup-sftp',
    encryptionKey: 'Lab12345Key',
  };
  const services = await createServices(parseConfig(raw, {}, undefined, dir), { log: silentLogger() });
  t.teardown(() => closeServices(services));
  const dispatcher = createDispatcher(COMMANDS, services);
  return {
    lab,
    services,
    ask: (text: string): Promise<Reply> =>
      dispatcher.dispatch({ platform: 'teams', user: 'teams:aad-admin', channel: 'teams:19:chan', text }),
    digest: async (): Promise<Reply> => {
      const outcome = await runReadiness({
        services,
        collect: defaultCollect,
        actor: 'scheduler',
        trigger: 'schedule',
        record: true,
      });
      return digestReply({
        full: readinessReply(outcome),
        outcome,
        scheduledAt: new Date('2026-12-07T07:00:00Z'),
        timezone: 'Europe/Berlin',
      });
    },
  };
}
