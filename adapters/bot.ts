import { createDispatcher, type Dispatcher } from '../commands/dispatcher.js';
import { COMMANDS } from '../commands/index.js';
import { createScheduler, type Scheduler } from '../scheduler/scheduler.js';
import { recoverInterruptedBackups } from '../src/backup/recover.js';
import { UserError } from '../src/errors.js';
import type { Poster } from '../src/reply/post.js';
import type { Services } from '../src/services.js';
import { type AdapterStatus, mountHealth } from './http/health.js';
import { HttpServer } from './http/server.js';
import { createSlackAdapter, type SlackAdapter } from './slack/adapter.js';
import { createTeamsAdapter } from './teams/index.js';
import type { ChatAdapter } from './types.js';

export interface BotOptions {
  /** Extra adapters started beside the configured ones (the console). */
  extraAdapters?: ChatAdapter[];
  /** Listen on `http.port` even without chat adapters (health and metrics). */
  listen: boolean;
  /** Run scheduled digests and certificate warnings (when a chat adapter can post them). */
  schedule?: boolean;
}

export interface Bot {
  dispatcher: Dispatcher;
  /** Posts to `slack:…` / `teams:…` through the adapter of that platform (the scheduler's Poster). */
  poster: Poster;
  http: HttpServer | undefined;
  adapters: ChatAdapter[];
  /** Present when scheduling is on and a chat adapter can post (tests drive its fires). */
  scheduler: Scheduler | undefined;
  /** Settles when the start-up check of backups a previous run left `running` is done. */
  recovered: Promise<void>;
  /** Settles when the scheduler has armed its schedules and run (or passed) the fires due at start. */
  scheduled: Promise<void>;
  /** Stop taking commands, let running jobs finish within `graceMs`, then abort what is left. */
  stop(graceMs: number): Promise<{ interrupted: number }>;
}

/** The composition root: one dispatcher, one HTTP listener, the configured adapters. */
export async function startBot(services: Services, options: BotOptions): Promise<Bot> {
  const shutdown = new AbortController();
  const dispatcher = createDispatcher(COMMANDS, services, { signal: shutdown.signal });
  const adapters: ChatAdapter[] = [...(options.extraAdapters ?? [])];
  const chat = services.config.slack !== undefined || services.config.teams !== undefined;
  const http = options.listen || chat ? new HttpServer(services.log, services.config.http) : undefined;
  let slack: SlackAdapter | undefined;
  if (services.config.slack) {
    slack = createSlackAdapter({
      config: services.config.slack,
      ...(http ? { http } : {}),
      log: services.log.child({ adapter: 'slack' }),
      clock: services.clock,
      ...(services.config.deployments[0] ? { defaultDeployment: services.config.deployments[0].name } : {}),
    });
    adapters.push(slack);
  }
  if (http && services.config.teams) {
    adapters.push(
      createTeamsAdapter({
        config: services.config.teams,
        http,
        conversations: services.store.conversations,
        log: services.log.child({ adapter: 'teams' }),
        clock: services.clock,
        publicUrl: services.config.http.publicUrl,
      }),
    );
  }
  const statuses = (): AdapterStatus[] =>
    adapters.map((a) => ({ name: a.name, connected: true, ...(a.warning ? { warning: a.warning } : {}) }));
  if (http) mountHealth(http, services, statuses);
  for (const adapter of adapters) await adapter.start(dispatcher);
  if (http) {
    const port = await http.listen(services.config.http.port);
    services.log.info({ port }, 'listening');
  }
  // Scheduled posts go to the platform's adapter; the scheduler records each outcome for /healthz.
  const poster: Poster = {
    post(target, reply, options) {
      const platform = target.split(':')[0];
      const adapter = adapters.find((a) => a.name === platform);
      if (!adapter)
        throw new UserError('no-adapter', `No ${platform} adapter is configured to post to ${target}.`);
      return adapter.post(target, reply, options);
    },
  };
  const scheduler = options.schedule && chat ? createScheduler({ services, poster }) : undefined;
  // In the background: a fire due at start (a deploy at 08:00) runs while the bot already answers and
  // while a SIGTERM can still give it its grace.
  const scheduled = (scheduler?.start() ?? Promise.resolve()).catch((error: unknown) =>
    services.log.error({ err: error }, 'the scheduler could not start'),
  );
  // Backups a previous run of the bot left `running` (crash, restart): ask ISE what became of them and
  // report in their conversations. In the background, so a slow ISE does not hold up the start.
  const recovery = new AbortController();
  const recovered = recoverInterruptedBackups(services, poster, { signal: recovery.signal }).then(
    (reports) => {
      if (reports.length > 0) services.log.info({ jobs: reports.map((r) => r.jobId) }, 'backups recovered');
    },
    (error: unknown) => {
      if (!recovery.signal.aborted) services.log.error({ err: error }, 'backup recovery failed');
    },
  );
  return {
    dispatcher,
    poster,
    http,
    adapters,
    scheduler,
    recovered,
    scheduled,
    async stop(graceMs) {
      recovery.abort(new Error('the bot is shutting down'));
      // Scheduled jobs get the same grace as commands, side by side; one that cannot finish in it
      // gives its claim back (another replica or the next start runs it). Its posts still go out
      // through the adapters, which keep delivering after they stop taking requests.
      const stopping = scheduler?.stop(graceMs) ?? Promise.resolve({ released: 0 });
      for (const adapter of adapters) await adapter.stop().catch(() => {});
      const finished = await within(dispatcher.idle(), graceMs);
      const { released } = await stopping;
      const interrupted = (finished ? 0 : dispatcher.running) + released;
      if (!finished) {
        shutdown.abort(new Error('the bot is shutting down'));
        await within(dispatcher.idle(), 2000);
      }
      await recovered;
      await http?.close();
      return { interrupted };
    },
  };
}

/**
 * True when `work` settles within `ms`. The timer is cleared either way: a pending grace timer would
 * keep the process alive for the whole grace period after the jobs had finished.
 */
async function within(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([work.then(() => true as const), expired]);
  } finally {
    clearTimeout(timer);
  }
}
