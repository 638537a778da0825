import { App, type Receiver, SocketModeReceiver, type webApi } from '@slack/bolt';
import type { Dispatcher } from '../../commands/dispatcher.js';
import type { Config } from '../../src/config/schema.js';
import type { Logger } from '../../src/log.js';
import type { Reply } from '../../src/reply/model.js';
import type { PostOptions, PostResult } from '../../src/reply/post.js';
import { type Clock, systemClock } from '../../src/util/time.js';
import type { HttpServer } from '../http/server.js';
import type { ChatAdapter } from '../types.js';
import { registerActions } from './actions.js';
import { renderReply } from './blocks.js';
import { boltLogger } from './bolt-logger.js';
import { Dedupe } from './dedupe.js';
import { Delivery } from './delivery.js';
import { SLACK_LIMITS, type SlackLimits } from './limits.js';
import { ChannelQueue } from './queue.js';
import { HttpReceiver } from './receiver.js';
import { Recent } from './recent.js';
import { type Runtime, sendRendering } from './runtime.js';
import { registerSlashCommand } from './slash.js';
import { workspaceGuard } from './workspace.js';

export type SlackConfig = NonNullable<Config['slack']>;

export interface SlackAdapterOptions {
  config: SlackConfig;
  /** The bot's listener: HTTP mode registers `POST /slack/events` on it. Not needed in Socket Mode. */
  http?: HttpServer;
  log: Logger;
  /** The bot's ids (from the app's settings): with both, Bolt never calls auth.test. */
  botUserId?: string;
  botId?: string;
  clock?: Clock;
  /** Named in the "running readiness on prod…" ack when the text names none. */
  defaultDeployment?: string;
  limits?: Partial<SlackLimits>;
  /** Spacing of calls per channel (default 1,100 ms: chat.postMessage's one per second, plus margin). */
  postIntervalMs?: number;
  /** Minimum time between two edits of a progress message (default 2,000 ms). */
  progressIntervalMs?: number;
  /** Retries of a rate-limited or failed call before giving up (default 5). */
  maxRetries?: number;
  /** Socket Mode client tuning (ping timeouts, reconnects); Slack's defaults otherwise. */
  socket?: { clientPingTimeout?: number; serverPingTimeout?: number; autoReconnectEnabled?: boolean };
}

export interface SlackAdapter extends ChatAdapter {
  readonly mode: 'http' | 'socket';
  /** Resolves when every job started from Slack has delivered its reply. */
  idle(): Promise<void>;
}

/**
 * The Slack adapter: Bolt on our HTTP listener (or Socket Mode when `slack.appToken` is set), `/ise`
 * commands, buttons, and proactive posts for the scheduler. Bolt is imported here and nowhere else.
 */
export function createSlackAdapter(options: SlackAdapterOptions): SlackAdapter {
  const { config, log } = options;
  const socketMode = config.appToken !== undefined && !config.appToken.isEmpty;
  if (!socketMode && !options.http) {
    throw new Error('slack: HTTP mode needs the bot HTTP server (or set slack.appToken for Socket Mode)');
  }
  const limits = { ...SLACK_LIMITS, ...options.limits };
  const sdkLog = boltLogger(log);
  const clientOptions: webApi.WebClientOptions = {
    ...(config.apiUrl ? { slackApiUrl: config.apiUrl } : {}),
    // Our ChannelQueue retries, per channel and honouring Retry-After; the client must not also
    // retry (its default policy can stall a call for half an hour) or pause every channel on a 429.
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logger: sdkLog,
  };
  const receiver: Receiver & { handle?: HttpReceiver['handle'] } = socketMode
    ? new SocketModeReceiver({
        appToken: config.appToken?.reveal() ?? '',
        logger: sdkLog,
        installerOptions: { clientOptions },
        ...options.socket,
      })
    : new HttpReceiver({
        // Config validation requires the secret unless Socket Mode is on; an empty one would refuse every request.
        signingSecret: config.signingSecret?.reveal() ?? '',
        clock: options.clock ?? systemClock,
        log,
        boltLogger: sdkLog,
      });
  const app = new App({
    token: config.botToken.reveal(),
    ...(options.botId ? { botId: options.botId } : {}),
    ...(options.botUserId ? { botUserId: options.botUserId } : {}),
    receiver,
    logger: sdkLog,
    clientOptions,
  });
  app.error(async (error) => {
    log.error({ err: error }, 'slack listener failed');
  });

  const queue = new ChannelQueue({
    intervalMs: options.postIntervalMs ?? 1100,
    maxRetries: options.maxRetries ?? 5,
    log,
  });
  const delivery = new Delivery(app.client, queue);
  const jobs = new Set<Promise<void>>();
  let dispatcher: Dispatcher | undefined;
  const runtime: Runtime = {
    dispatcher: () => {
      if (!dispatcher) throw new Error('slack adapter used before start()');
      return dispatcher;
    },
    delivery,
    dedupe: new Dedupe(),
    log,
    limits,
    progressIntervalMs: options.progressIntervalMs ?? 2000,
    defaultDeployment: options.defaultDeployment,
    details: new Recent(200),
    messages: new Recent(1000),
    parts: new Recent(),
    track(job) {
      const tracked = job.catch((error) => log.error({ err: error }, 'slack job failed'));
      jobs.add(tracked);
      void tracked.finally(() => jobs.delete(tracked));
    },
  };
  app.use(workspaceGuard({ teamIds: config.teamIds, appId: config.appId }, log));
  registerSlashCommand(app, runtime);
  registerActions(app, runtime);

  const idle = async () => {
    while (jobs.size > 0) await Promise.allSettled([...jobs]);
  };

  return {
    name: 'slack',
    mode: socketMode ? 'socket' : 'http',
    async start(d) {
      dispatcher = d;
      if (receiver instanceof HttpReceiver) options.http?.route('POST', '/slack/events', receiver.handle);
      await app.start();
      log.info({ mode: socketMode ? 'socket' : 'http' }, 'slack adapter started');
    },
    async post(target: string, reply: Reply, options: PostOptions = {}): Promise<PostResult> {
      const channel = /^slack:(\S+)$/.exec(target)?.[1];
      if (!channel) throw new Error(`not a Slack target: "${target}" (expected slack:<channel id>)`);
      // In a thread (a follow-up to an earlier warning) the details come along at once.
      const rendering = renderReply(reply, limits, { details: options.thread ? 'thread' : 'button' });
      const ts = await sendRendering(runtime, channel, rendering, undefined, options.thread);
      const thread = options.thread ?? ts;
      return thread ? { thread } : {};
    },
    async stop() {
      // Stops taking requests. Jobs already running still post their replies: the bot waits for the
      // dispatcher, then `idle()` for the last posts, within its own shutdown grace.
      await app.stop();
    },
    idle,
  };
}
