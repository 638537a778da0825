import { HttpServer } from '../../adapters/http/server.js';
import {
  createSlackAdapter,
  type SlackAdapter,
  type SlackAdapterOptions,
} from '../../adapters/slack/adapter.js';
import { createTeamsAdapter, type TeamsAdapterOptions } from '../../adapters/teams/adapter.js';
import type { ChatAdapter } from '../../adapters/types.js';
import { createDispatcher, type Dispatcher } from '../../commands/dispatcher.js';
import type { Command } from '../../commands/types.js';
import { closeServices } from '../../src/runtime.js';
import type { Services } from '../../src/services.js';

export interface TestBotOptions {
  services: Services;
  commands: readonly Command[];
  /** Slack over HTTP (or Socket Mode), configured from `services.config.slack` unless `config` says. */
  slack?: Partial<Omit<SlackAdapterOptions, 'http' | 'log'>>;
  /** Teams, configured from `services.config.teams` unless `config` says. */
  teams?: Partial<Omit<TeamsAdapterOptions, 'http' | 'log' | 'conversations'>>;
}

export interface TestBot {
  services: Services;
  dispatcher: Dispatcher;
  http: HttpServer;
  /** `http://127.0.0.1:PORT`: Slack at /slack/events, Teams at /api/messages. */
  url: string;
  slack: SlackAdapter | undefined;
  teams: ChatAdapter | undefined;
  /** Waits for running jobs, stops the adapters and the listener, closes the services. */
  stop(): Promise<void>;
}

/**
 * The one test bot harness: the bot as adapters/bot.ts composes it (one HTTP listener, the chat
 * adapters asked for, one dispatcher over `commands` and the given services) on a free local port.
 * The Slack, Teams and security suites build their own fakes around it.
 */
export async function startTestBot(options: TestBotOptions): Promise<TestBot> {
  const { services } = options;
  const dispatcher = createDispatcher(options.commands, services);
  const http = new HttpServer(services.log, services.config.http);
  let slack: SlackAdapter | undefined;
  if (options.slack) {
    const config = options.slack.config ?? services.config.slack;
    if (!config) throw new Error('slack asked for but not configured');
    slack = createSlackAdapter({
      ...options.slack,
      config,
      http,
      log: services.log.child({ adapter: 'slack' }),
    });
  }
  let teams: ChatAdapter | undefined;
  if (options.teams) {
    const config = options.teams.config ?? services.config.teams;
    if (!config) throw new Error('teams asked for but not configured');
    teams = createTeamsAdapter({
      ...options.teams,
      config,
      http,
      conversations: services.store.conversations,
      log: services.log,
    });
  }
  await slack?.start(dispatcher);
  await teams?.start(dispatcher);
  const port = await http.listen(0, '127.0.0.1');
  return {
    services,
    dispatcher,
    http,
    url: `http://127.0.0.1:${port}`,
    slack,
    teams,
    async stop() {
      await slack?.idle();
      await slack?.stop();
      await teams?.stop();
      await dispatcher.idle();
      await http.close();
      await closeServices(services);
    },
  };
}
