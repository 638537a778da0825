import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExecutionContext } from 'ava';
import type { ChatAdapter } from '../../adapters/types.js';
import { type Command, defineCommand } from '../../commands/types.js';
import { button, reply, section } from '../../src/reply/build.js';
import type { Reply } from '../../src/reply/model.js';
import { Secret } from '../../src/secrets.js';
import type { Store } from '../../src/store/store.js';
import { startTestBot } from '../helpers/bot.js';
import { type CapturedLog, testServices } from '../helpers/services.js';
import { FakeBotFrameworkAuth } from './bot-framework-auth.js';
import { signActivitiesFor } from './teams-activities.js';
import { FakeConnector } from './teams-connector.js';

export const VIEWER = 'viewer-aad';
export const OPERATOR = 'operator-aad';
export const BOT_ID = '28:bot-app-id';
/** Who installs the app in the fake activities (conversationUpdate's `from`). */
export const INSTALLER = 'admin-aad';
/** The tenant the fake activities come from, and the one the bot allows. */
export const TENANT = 'tid';

/** What a fake readiness run "found": one FactSet per node in the card. */
export const NODES = [
  { hostname: 'ise-pan1', version: '2.7.0.356', patch: '4' },
  { hostname: 'ise-psn2', version: '2.7.0.356', patch: '2' },
];

export const readiness = defineCommand({
  name: 'readiness',
  summary: 'fake readiness',
  usage: 'readiness',
  examples: [],
  role: 'viewer',
  sideEffects: 'none',
  async run() {
    await new Promise((resolve) => setTimeout(resolve, 30));
    return reply('readiness', 'Readiness for prod → 3.0', 'fail', {
      lead: '1 blocking item',
      sections: [
        section(
          'Nodes on one patch',
          [{ type: 'text', text: 'ise-psn2 runs patch 2; the others run patch 4' }],
          {
            status: 'fail',
          },
        ),
        ...NODES.map((n) =>
          section(n.hostname, [
            {
              type: 'fields',
              fields: [
                { label: 'Version', value: n.version },
                { label: 'Patch', value: n.patch },
              ],
            },
          ]),
        ),
      ],
      context: { deployment: 'prod', target: '3.0', durationMs: 1200 },
    });
  },
});

export const backupRuns: string[] = [];

export const backup = defineCommand({
  name: 'backup',
  summary: 'fake backup',
  usage: 'backup config',
  examples: [],
  role: 'operator',
  sideEffects: 'ise',
  confirm: { prompt: () => 'Start a configuration backup of prod?' },
  args: { min: 1, max: 1, names: 'KIND' },
  async run(ctx) {
    backupRuns.push(ctx.invocation.user);
    return reply('backup', 'Backup finished', 'ok', { context: { deployment: 'prod' } });
  },
});

/** A report of `n` sections, each about 1 KB, to force several cards. */
export function bigReport(n: number): Reply {
  return reply('readiness', 'A long report', 'warn', {
    sections: Array.from({ length: n }, (_, i) =>
      section(
        `Finding ${i + 1}`,
        [
          { type: 'text', text: `Summary of finding ${i + 1}: ${'x'.repeat(400)}` },
          { type: 'fields', fields: [{ label: 'Evidence', value: `evidence-${i + 1} ${'y'.repeat(300)}` }] },
        ],
        { status: 'warn' },
      ),
    ),
  });
}

export const big = defineCommand({
  name: 'big',
  summary: 'a long fake report',
  usage: 'big',
  examples: [],
  role: 'viewer',
  sideEffects: 'none',
  async run() {
    return bigReport(100);
  },
});

/** A report with one manual item and its Acknowledge button (as readiness and checklist have). */
export const checklist = defineCommand({
  name: 'checklist',
  summary: 'fake checklist',
  usage: 'checklist',
  examples: [],
  role: 'viewer',
  sideEffects: 'none',
  async run() {
    return reply('checklist', 'Manual items for prod', 'info', {
      sections: [
        section('Export the certificates', [{ type: 'text', text: 'Not confirmed yet' }], {
          id: 'finding:certificate-export',
          status: 'manual',
        }),
        section('Load balancer', [{ type: 'text', text: 'Not confirmed yet' }], {
          id: 'finding:load-balancer',
          status: 'manual',
        }),
      ],
      actions: [
        button('ack:certificate-export', 'Acknowledge certificate-export', 'ack certificate-export'),
        button('ack:load-balancer', 'Acknowledge load-balancer', 'ack load-balancer'),
      ],
    });
  },
});

export const acks: string[] = [];

export const ack = defineCommand({
  name: 'ack',
  summary: 'fake ack',
  usage: 'ack <check-id>',
  examples: [],
  role: 'operator',
  sideEffects: 'store',
  args: { min: 1, max: 1, names: 'CHECK-ID' },
  async run(ctx) {
    acks.push(`${ctx.args[0]} by ${ctx.invocation.user}`);
    return reply('ack', `Confirmed ${ctx.args[0]}`, 'ok');
  },
});

export const COMMANDS: Command[] = [readiness, backup, big, checklist, ack];

export interface Bot {
  url: string;
  adapter: ChatAdapter;
  store: Store;
  /** What the bot logged (debug level, through the redactor). */
  log: CapturedLog;
  /** The token service the bot trusts; undefined in the unauthenticated mode. */
  auth: FakeBotFrameworkAuth | undefined;
  stop(): Promise<void>;
}

export function tempStoreUrl(): { url: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'teams-test-'));
  return {
    url: `sqlite:${join(dir, 'state.db')}`,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The bot's Microsoft App ID in the tests (Teams auth on). */
export const APP_ID = '00000000-0000-0000-0000-00000000abcd';

/**
 * A running bot: HTTP listener, store, dispatcher over the fake commands, and the Teams adapter. Auth is
 * on as in production (APP_ID), against a local Bot Framework token service whose tokens postActivity
 * sends; `{ appId: '' }` is the unauthenticated local mode.
 */
export async function startBot(
  storeUrl: string,
  teams: { appId: string; tenantIds?: string[] } = { appId: APP_ID },
): Promise<Bot> {
  const auth = teams.appId === '' ? undefined : await new FakeBotFrameworkAuth().start();
  // The real config loader and services (defaults included), over the given store file. The person who
  // installs the app (conversationUpdate's sender) is an admin, so the install stores the reference.
  const { services, log: captured } = await testServices({
    store: { url: storeUrl },
    access: {
      admins: [`teams:${INSTALLER}`],
      operators: [`teams:${OPERATOR}`],
      viewers: [`teams:${VIEWER}`],
    },
  });
  const config =
    teams.appId === ''
      ? { appId: '', allowUnauthenticated: true, ...(teams.tenantIds ? { tenantIds: teams.tenantIds } : {}) }
      : {
          appId: teams.appId,
          appPassword: new Secret('teams-app-password-for-tests'),
          tenantIds: teams.tenantIds ?? [TENANT],
          allowUnauthenticated: false,
        };
  const bot = await startTestBot({
    services,
    commands: COMMANDS,
    teams: {
      config,
      retry: { baseMs: 10, maxMs: 50 },
      ...(auth ? { channelAuth: auth.channelAuth(teams.appId) } : {}),
    },
  });
  const { url } = bot;
  const adapter = bot.teams;
  if (!adapter) throw new Error('no teams adapter');
  const unsign = auth
    ? signActivitiesFor(url, (activity) => auth.token(teams.appId, activity.serviceUrl ?? ''))
    : () => false;
  return {
    url,
    adapter,
    store: services.store,
    auth,
    log: captured,
    async stop() {
      unsign();
      await bot.stop();
      await auth?.close();
    },
  };
}

/**
 * A bot with Teams auth on (as in production) against a fake connector, on a temporary store; both
 * are stopped and the store removed when the test ends.
 */
export async function startTeamsBot(t: ExecutionContext) {
  const connector = new FakeConnector();
  const serviceUrl = await connector.start();
  const store = tempStoreUrl();
  const bot = await startBot(store.url);
  t.teardown(async () => {
    await bot.stop();
    await connector.close();
    store.remove();
  });
  return { connector, serviceUrl, bot };
}
