import type { types } from '@slack/bolt';
import type { HttpServer } from '../../../adapters/http/server.js';
import type { SlackAdapter, SlackAdapterOptions, SlackConfig } from '../../../adapters/slack/adapter.js';
import type { Command } from '../../../commands/types.js';
import { reply, section, table, text } from '../../../src/reply/build.js';
import type { Services } from '../../../src/services.js';
import { type ApiCall, FakeSlackApi } from '../../fakes/slack-api.js';
import { startTestBot } from '../../helpers/bot.js';
import { type CapturedLog, testServices } from '../../helpers/services.js';
import { postSlack } from '../../helpers/slack.js';

export const SIGNING_SECRET = 'test-signing-secret-8f3a';
export const BOT_TOKEN = 'xoxb-test-token-1234';
export const APP_TOKEN = 'xapp-test-token-5678';

/** Counts of how often each fake command really ran: the tests' "did the job start" probe. */
export type Runs = Record<string, number>;

/**
 * Small fake commands (plain objects per commands/types.ts): no ISE, no lab. `hold`, when given, keeps
 * readiness running until it resolves (a test proving something happens before the report).
 */
export function fakeCommands(runs: Runs, sections = 120, hold?: Promise<void>): Command[] {
  const count = (name: string) => {
    runs[name] = (runs[name] ?? 0) + 1;
  };
  return [
    {
      name: 'readiness',
      summary: 'fake readiness report',
      usage: 'readiness [--deployment NAME]',
      examples: ['readiness'],
      role: 'viewer',
      sideEffects: 'none',
      flags: [{ name: 'deployment', value: 'NAME', description: 'deployment' }],
      async run(ctx) {
        count('readiness');
        ctx.progress('reading nodes…');
        await new Promise((r) => setTimeout(r, 30));
        if (hold) await hold;
        ctx.progress('running checks…');
        return findingsReply(sections);
      },
    },
    {
      name: 'backup',
      summary: 'fake backup',
      usage: 'backup config',
      examples: ['backup config'],
      role: 'operator',
      sideEffects: 'ise',
      confirm: { prompt: () => 'Start a configuration backup of prod?' },
      args: { min: 0, max: 2, names: 'KIND' },
      flags: [{ name: 'yes', description: 'confirm' }],
      async run() {
        count('backup');
        return reply('backup', 'Backup finished', 'ok', { lead: 'config backup written to BACKUP-SFTP' });
      },
    },
    {
      name: 'certs',
      summary: 'fake certificate list, as wide as certs 400 on a large deployment',
      usage: 'certs [DAYS]',
      examples: ['certs 400'],
      role: 'viewer',
      sideEffects: 'none',
      args: { min: 0, max: 1, names: 'DAYS' },
      async run() {
        count('certs');
        return wideCertsReply(40);
      },
    },
    {
      name: 'echo',
      summary: 'says what it was given',
      usage: 'echo TEXT',
      examples: ['echo hi'],
      role: 'viewer',
      sideEffects: 'none',
      args: { min: 0, max: 20, names: 'TEXT' },
      async run(ctx) {
        count('echo');
        return reply('echo', ctx.args.join(' '), 'info', {
          sections: [section(ctx.args.join(' '), [text(ctx.args.join(' '))], { status: 'warn' })],
        });
      },
    },
  ];
}

/** A certificate list whose table is far wider than a phone (205 columns on a large deployment). */
export function wideCertsReply(n: number) {
  const columns = ['node', 'friendly name', 'usage', 'store', 'subject', 'issuer', 'expires', 'days left'];
  const rows = Array.from({ length: n }, (_, i) => [
    `ise-psn${i}`,
    `Default self-signed saml server certificate - CN=SAML_ise-psn${i}.example.org`,
    'SAML',
    'system',
    `SAML_ise-psn${i}.example.org`,
    `SAML_ise-psn${i}.example.org`,
    '2027-10-04 01:12 UTC',
    String(300 + i),
  ]);
  return reply('certs', `${n} certificates expire within 400 days`, 'warn', {
    sections: [section(undefined, [table(columns, rows)])],
    context: { deployment: 'prod', correlationId: 'c0ffee12' },
  });
}

/** A readiness-like reply: `n` findings, blocking ones scattered, each with evidence; some as detail. */
export function findingsReply(n: number) {
  const statuses = ['pass', 'warn', 'fail', 'manual', 'info', 'pass'] as const;
  return reply('readiness', 'Readiness of prod for 3.0', 'fail', {
    lead: `${n} checks ran.`,
    sections: Array.from({ length: n }, (_, i) =>
      section(
        `Check ${i + 1}: finding-${i + 1}`,
        [
          text(`Summary of finding ${i + 1}: ${'node ise-psn'.repeat(3)} reports something worth a look.`),
          {
            type: 'list',
            items: [`evidence A of ${i + 1}`, `evidence B of ${i + 1}`, `evidence C of ${i + 1}`],
          },
        ],
        { status: statuses[i % statuses.length] ?? 'pass', ...(i % 4 === 3 ? { detail: true } : {}) },
      ),
    ),
    context: { deployment: 'prod', target: '3.0', durationMs: 4210 },
  });
}

/**
 * The project's own test Services (in-memory store, real redactor, captured log) with an `access`
 * block and a `slack` block aimed at the fake API: no ISE, no lab.
 */
export async function makeServices(
  api: FakeSlackApi,
  options: { access?: Record<string, string[]>; appToken?: string; slack?: Record<string, unknown> } = {},
): Promise<{ services: Services; log: CapturedLog; slack: SlackConfig }> {
  const { services, log } = await testServices({
    access: options.access ?? { viewers: ['*'] },
    slack: {
      botToken: BOT_TOKEN,
      signingSecret: SIGNING_SECRET,
      apiUrl: api.apiUrl,
      ...(options.appToken ? { appToken: options.appToken } : {}),
      ...options.slack,
    },
  });
  const slack = services.config.slack;
  if (!slack) throw new Error('no slack config');
  return { services, log, slack };
}

export interface Bot {
  api: FakeSlackApi;
  services: Services;
  log: CapturedLog;
  http: HttpServer;
  adapter: SlackAdapter;
  url: string;
  runs: Runs;
  close(): Promise<void>;
}

/** The real pipeline: our HTTP listener, the Slack adapter (real Bolt), the dispatcher, fake commands. */
export async function startBot(
  options: {
    access?: Record<string, string[]>;
    sections?: number;
    adapter?: Partial<SlackAdapterOptions>;
    /** Keeps fake readiness running until it resolves. */
    hold?: Promise<void>;
    /** More keys of the `slack:` config block (teamIds, appId). */
    slack?: Record<string, unknown>;
  } = {},
): Promise<Bot> {
  const api = await new FakeSlackApi().listen();
  const { services, log } = await makeServices(api, {
    ...(options.access ? { access: options.access } : {}),
    ...(options.slack ? { slack: options.slack } : {}),
  });
  const runs: Runs = {};
  const bot = await startTestBot({
    services,
    commands: fakeCommands(runs, options.sections, options.hold),
    slack: {
      botId: 'B_BOT',
      botUserId: 'U_BOT',
      defaultDeployment: 'prod',
      postIntervalMs: 0,
      progressIntervalMs: 20,
      ...options.adapter,
    },
  });
  const adapter = bot.slack;
  if (!adapter) throw new Error('no slack adapter');
  return {
    api,
    services,
    log,
    http: bot.http,
    adapter,
    url: `${bot.url}/slack/events`,
    runs,
    async close() {
      await bot.stop();
      await api.close();
    },
  };
}

let trigger = 0;

export function slashBody(
  api: FakeSlackApi,
  textValue: string,
  user = 'U_ALICE',
  extra: Record<string, string> = {},
) {
  trigger += 1;
  return new URLSearchParams({
    token: 'legacy-verification-token',
    command: '/ise',
    text: textValue,
    response_url: api.responseUrl(`r${trigger}`),
    trigger_id: `trig-${trigger}`,
    user_id: user,
    user_name: user.toLowerCase(),
    team_id: 'T1',
    team_domain: 'example',
    channel_id: 'C_OPS',
    channel_name: 'ise-ops',
    api_app_id: 'A1',
    ...extra,
  }).toString();
}

/** A request signed with this suite's signing secret (test/helpers/slack.ts signs). */
export function postSigned(url: string, raw: string, headers: Record<string, string> = {}) {
  return postSlack(url, raw, SIGNING_SECRET, headers);
}

/** A message the bot posted or updated, as Slack sends it back with a click on it. */
export interface Posted {
  ts: string;
  text: string;
  blocks: types.KnownBlock[];
}

export function posted(call: ApiCall | undefined): Posted {
  if (!call) throw new Error('no such message');
  const ts = String(call.args.ts ?? call.result?.ts ?? '');
  return { ts, text: String(call.args.text ?? ''), blocks: (call.args.blocks ?? []) as types.KnownBlock[] };
}

/** The interactive elements of a message: its buttons and its menu, if any. */
export function elementsOf(message: Posted): types.ActionsBlockElement[] {
  return message.blocks.flatMap((b) => (b.type === 'actions' ? b.elements : []));
}

export function buttonsOf(message: Posted): types.Button[] {
  return elementsOf(message).filter((e): e is types.Button => e.type === 'button');
}

export function menuOf(message: Posted): types.Overflow | types.StaticSelect | undefined {
  return elementsOf(message).find(
    (e): e is types.Overflow | types.StaticSelect => e.type === 'overflow' || e.type === 'static_select',
  );
}

let clicks = 0;

/**
 * A block_actions payload as Slack sends it: a click on a button, or a choice of `option` in a menu,
 * with the message it was on (ts, text, blocks).
 */
export function clickBody(
  api: FakeSlackApi,
  user: string,
  message: Posted,
  element: types.Button | types.Overflow | types.StaticSelect,
  option?: types.PlainTextOption,
) {
  clicks += 1;
  const action =
    element.type === 'button'
      ? { type: 'button', action_id: element.action_id, value: element.value, text: element.text }
      : { type: element.type, action_id: element.action_id, selected_option: option };
  const payload = {
    type: 'block_actions',
    team: { id: 'T1', domain: 'example' },
    user: { id: user, username: user.toLowerCase(), team_id: 'T1' },
    api_app_id: 'A1',
    token: 'legacy-verification-token',
    trigger_id: `click-${clicks}`,
    response_url: api.responseUrl(`click${clicks}`),
    container: { type: 'message', message_ts: message.ts, channel_id: 'C_OPS', is_ephemeral: false },
    channel: { id: 'C_OPS', name: 'ise-ops' },
    message: { type: 'message', ts: message.ts, text: message.text, blocks: message.blocks },
    actions: [{ ...action, block_id: 'b1', action_ts: '1700000000.1' }],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
