import { mkdtempSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExecutionContext } from 'ava';
import type { SlackAdapter } from '../../adapters/slack/adapter.js';
import type { Dispatcher } from '../../commands/dispatcher.js';
import { COMMANDS } from '../../commands/index.js';
import { parseConfig } from '../../src/config/load.js';
import { Lab } from '../../src/lab/lab.js';
import { loadScenario, type Scenario } from '../../src/lab/scenario.js';
import { createServices } from '../../src/runtime.js';
import type { Services } from '../../src/services.js';
import { FakeBotFrameworkAuth } from '../fakes/bot-framework-auth.js';
import { FakeSlackApi } from '../fakes/slack-api.js';
import { cardSubmit, channelMessage, postActivity, signActivitiesFor } from '../fakes/teams-activities.js';
import { APP_ID, TENANT } from '../fakes/teams-bot.js';
import { FakeConnector } from '../fakes/teams-connector.js';
import { startTestBot } from '../helpers/bot.js';
import { capturingLogger } from '../helpers/services.js';
import { postSlack } from '../helpers/slack.js';

/** Secret values set in the config on top of the lab's own REST and SSH passwords. */
export const SECRETS = {
  slackBotToken: 'xoxb-sec-bot-token-7f2e9a',
  slackSigningSecret: 'sec-signing-secret-91ab4c',
  teamsAppPassword: 'Teams-Sec-Pass-55x',
  backupKey: 'Bk9SecretKey',
};

export const ADMIN = 'U_ADMIN';
export const OPERATOR = 'U_OPERATOR';
export const VIEWER = 'U_VIEWER';
export const TEAMS_VIEWER = 'viewer-aad';

/** A Slack Web API stand-in behind a proxy that can answer 500 for chosen methods (the fake has no 500). */
export class FailingSlackApi {
  readonly api = new FakeSlackApi();
  readonly #server: Server;
  readonly #fail = new Map<string, number>();

  constructor() {
    this.#server = createServer((req, res) => {
      const method = /^\/api\/([\w.]+)/.exec(req.url ?? '')?.[1] ?? '';
      const left = this.#fail.get(method) ?? 0;
      if (left > 0) {
        this.#fail.set(method, left - 1);
        req.resume();
        res.writeHead(500, { 'content-type': 'text/plain' }).end('internal_error');
        return;
      }
      const forward = httpRequest(
        `${this.api.url}${req.url ?? '/'}`,
        { method: req.method, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      req.pipe(forward);
    });
  }

  async listen(): Promise<this> {
    await this.api.listen();
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/api/`;
  }

  /** The next `times` calls of `method` answer HTTP 500. */
  serverError(method: string, times: number): void {
    this.#fail.set(method, times);
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
    await this.api.close();
  }
}

export interface LabBot {
  lab: Lab;
  services: Services;
  dispatcher: Dispatcher;
  slack: FailingSlackApi;
  slackAdapter: SlackAdapter;
  connector: FakeConnector;
  url: string;
  /** Everything the process logged, as JSON lines. */
  logText(): string;
  /** Every secret value of this bot's config. */
  secrets(): string[];
  /** `/ise <text>` over signed HTTP; resolves with everything Slack was sent for it (JSON text). */
  slash(text: string, user?: string, channel?: string): Promise<string>;
  /** A forged or real button click (block_actions), signed with the right secret. */
  click(command: string, actionId: string, user: string): Promise<string>;
  /** A Teams message (or card submit) to the bot; resolves with what the connector received for it. */
  teams(text: string | { submit: Record<string, unknown> }, user?: string): Promise<string>;
  close(): Promise<void>;
}

export interface LabBotOptions {
  scenario?: string;
  plant?: (scenario: Scenario) => void;
  /** Changes to the raw config before validation (timeouts, store URL). */
  patch?: (raw: Record<string, unknown>, deployment: Record<string, unknown>) => void;
}

let trigger = 0;

/**
 * The bot as adapters/bot.ts composes it (HTTP listener, Slack and Teams adapters, one dispatcher over
 * the real COMMANDS and services) against a lab, with posting unthrottled so the suite stays fast.
 */
export async function labBot(t: ExecutionContext, options: LabBotOptions = {}): Promise<LabBot> {
  const scenario = loadScenario(options.scenario ?? 'demo');
  options.plant?.(scenario);
  const lab = await Lab.start({ scenario, latency: false });
  const slack = await new FailingSlackApi().listen();
  const connector = new FakeConnector();
  const serviceUrl = await connector.start();
  const tokens = await new FakeBotFrameworkAuth().start();
  const dir = mkdtempSync(join(tmpdir(), 'security-'));
  const raw = lab.configFor(dir) as Record<string, unknown> & { deployments: Array<Record<string, unknown>> };
  const deployment = raw.deployments[0] as Record<string, unknown>;
  deployment.backup = { repository: 'backup-ftp', encryptionKey: SECRETS.backupKey };
  Object.assign(raw, {
    store: { url: `sqlite:${join(dir, 'state.db')}` },
    slack: {
      botToken: SECRETS.slackBotToken,
      signingSecret: SECRETS.slackSigningSecret,
      apiUrl: slack.apiUrl,
    },
    // Teams auth on, as in production, against a local Bot Framework token service.
    teams: { appId: APP_ID, appPassword: SECRETS.teamsAppPassword, tenantIds: [TENANT] },
    access: {
      admins: [`slack:${ADMIN}`],
      operators: [`slack:${OPERATOR}`],
      viewers: [`slack:${VIEWER}`, `teams:${TEAMS_VIEWER}`],
    },
    limits: { perUserPerMinute: 1000, perChannelPerMinute: 1000 },
  });
  options.patch?.(raw, deployment);
  const loaded = parseConfig(raw, {}, undefined, dir);
  const { log, lines } = capturingLogger(loaded.redactor);
  const services = await createServices(loaded, { log });
  const testBot = await startTestBot({
    services,
    commands: COMMANDS,
    slack: { botId: 'B_BOT', botUserId: 'U_BOT', postIntervalMs: 0, progressIntervalMs: 50, maxRetries: 2 },
    teams: { retry: { baseMs: 10, maxMs: 50 }, channelAuth: tokens.channelAuth(APP_ID) },
  });
  const { dispatcher, url } = testBot;
  const unsign = signActivitiesFor(url, (activity) => tokens.token(APP_ID, activity.serviceUrl ?? ''));
  const slackAdapter = testBot.slack;
  if (!slackAdapter) throw new Error('no slack adapter');

  const sentSince = (callsAt: number, responsesAt: number) =>
    JSON.stringify({
      calls: slack.api.calls.slice(callsAt).map((c) => ({ method: c.method, args: c.args })),
      responses: slack.api.responses.slice(responsesAt).map((r) => r.body),
    });
  const signed = async (raw: string) => {
    const response = await postSlack(`${url}/slack/events`, raw, SECRETS.slackSigningSecret);
    if (response.status !== 200) throw new Error(`slack request answered ${response.status}`);
    return response.text();
  };

  const bot: LabBot = {
    lab,
    services,
    dispatcher,
    slack,
    slackAdapter,
    connector,
    url,
    logText: () => lines.join(''),
    secrets: () => [
      ...Object.values(SECRETS),
      scenario.credentials.rest.password,
      scenario.credentials.ssh.password,
    ],
    async slash(text, user = OPERATOR, channel = 'C_OPS') {
      const [callsAt, responsesAt] = [slack.api.calls.length, slack.api.responses.length];
      trigger += 1;
      const ack = await signed(
        new URLSearchParams({
          command: '/ise',
          text,
          response_url: slack.api.responseUrl(`r${trigger}`),
          trigger_id: `sec-${trigger}`,
          user_id: user,
          user_name: user.toLowerCase(),
          team_id: 'T1',
          channel_id: channel,
          channel_name: 'ise-ops',
          api_app_id: 'A1',
        }).toString(),
      );
      await slackAdapter.idle();
      return `${ack}\n${sentSince(callsAt, responsesAt)}`;
    },
    async click(command, actionId, user) {
      const [callsAt, responsesAt] = [slack.api.calls.length, slack.api.responses.length];
      trigger += 1;
      const payload = {
        type: 'block_actions',
        team: { id: 'T1', domain: 'example' },
        user: { id: user, username: user.toLowerCase(), team_id: 'T1' },
        api_app_id: 'A1',
        trigger_id: `click-${trigger}`,
        response_url: slack.api.responseUrl(`c${trigger}`),
        container: { type: 'message', message_ts: '1700000000.000100', channel_id: 'C_OPS' },
        channel: { id: 'C_OPS', name: 'ise-ops' },
        message: { type: 'message', ts: '1700000000.000100', text: 'prompt' },
        actions: [
          {
            type: 'button',
            action_id: actionId,
            block_id: 'b1',
            value: command,
            text: { type: 'plain_text', text: 'Confirm' },
            action_ts: '1700000000.1',
          },
        ],
      };
      await signed(new URLSearchParams({ payload: JSON.stringify(payload) }).toString());
      await slackAdapter.idle();
      return sentSince(callsAt, responsesAt);
    },
    async teams(input, user = TEAMS_VIEWER) {
      const at = connector.requests.length;
      const activity =
        typeof input === 'string'
          ? channelMessage(serviceUrl, `<at>ISE</at> ${input}`, user)
          : cardSubmit(serviceUrl, input.submit, user);
      const response = await postActivity(url, activity);
      if (response.status !== 200) throw new Error(`teams activity answered ${response.status}`);
      // The answer is a card (a PUT replacing "Running…", or a POST); wait for it.
      await connector.waitFor((r) => r.slice(at).some((x) => x.status < 300 && hasCard(x.body)));
      return JSON.stringify(connector.requests.slice(at).map((r) => ({ status: r.status, body: r.body })));
    },
    async close() {
      unsign();
      await testBot.stop();
      await Promise.all([lab.close(), slack.close(), connector.close(), tokens.close()]);
    },
  };
  t.teardown(() => bot.close());
  return bot;
}

function hasCard(body: Record<string, unknown>): boolean {
  return Array.isArray(body.attachments) && body.attachments.length > 0;
}

/** Backup lines the lab's PAN received over SSH. */
export function panBackupLines(lab: Lab): string[] {
  return (lab.sshStats()[lab.pan.hostname]?.commands ?? []).filter((c) => /^backup/.test(c));
}
