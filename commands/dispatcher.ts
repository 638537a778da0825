import { randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { isUserError, UsageError } from '../src/errors.js';
import type { Logger } from '../src/log.js';
import { errorReply, reply } from '../src/reply/build.js';
import type { Reply } from '../src/reply/model.js';
import type { Services } from '../src/services.js';
import { recordReplyData } from '../src/telemetry.js';
import { cancelled, confirmation } from './confirmation.js';
import { bindArguments, parseText } from './parse.js';
import { RateLimiter } from './rate-limit.js';
import { channelAllowed, resolveRole, roleAllows } from './roles.js';
import { closest } from './suggest.js';
import type { Command, CommandContext, Invocation, Role } from './types.js';

export interface DispatchHooks {
  /** Progress lines of a long job; the adapter updates one message with them. */
  progress?: (text: string) => void;
  signal?: AbortSignal;
  /** Set by adapters that already acked the request with a short "running…" message. */
  correlationId?: string;
  /**
   * Called once the caller passed the channel and role checks for this command, before it runs: the
   * moment an adapter may trust the request enough to store something from it (a Teams reference).
   */
  admitted?: () => void;
}

export interface Dispatcher {
  readonly commands: readonly Command[];
  dispatch(invocation: Invocation, hooks?: DispatchHooks): Promise<Reply>;
  /** The command a text would run, if any: adapters use it for their "running <verb>…" ack. */
  resolve(text: string): Command | undefined;
  /** True when the caller holds a role and the channel is allowed (no particular command asked). */
  admits(invocation: Invocation): boolean;
  /** Resolves when no job is running (the console exits then; shutdown waits for it). */
  idle(): Promise<void>;
  readonly running: number;
}

export function newCorrelationId(): string {
  return randomBytes(4).toString('hex');
}

/**
 * Parses a chat line, checks the caller's role, and runs the command as a job with a correlation id.
 * Every outcome is a Reply: a user-facing error as is, anything unexpected as one short line with the
 * id while the details go to the log (STYLE.md §6).
 */
export function createDispatcher(
  commands: readonly Command[],
  services: Services,
  options: { signal?: AbortSignal } = {},
): Dispatcher {
  const byName = new Map(commands.map((c) => [c.name, c]));
  const jobs = new Set<Promise<Reply>>();
  const perUser = new RateLimiter(services.config.limits.perUserPerMinute);
  const perChannel = new RateLimiter(services.config.limits.perChannelPerMinute);

  /** Refusals are audited too (SECURITY.md); `append` never rejects (src/store/audit.ts). */
  const refuse = (
    invocation: Invocation,
    correlationId: string,
    verb: string,
    why: string,
    answer: Reply,
  ): Reply => {
    void services.store.audit.append({
      at: services.clock(),
      actor: invocation.user,
      action: 'refused',
      target: `${verb} in ${invocation.channel}`,
      outcome: 'refused',
      detail: why,
      correlationId,
    });
    return answer;
  };

  async function run(invocation: Invocation, hooks: DispatchHooks, correlationId: string): Promise<Reply> {
    const log = services.log.child({ correlationId, user: invocation.user, channel: invocation.channel });
    const started = performance.now();
    let verb = '';
    try {
      const parsed = parseText(invocation.text);
      verb = parsed.verb;
      const command = byName.get(parsed.verb);
      if (!command) return unknownVerb(parsed.verb, commands);
      // The caller's limit is taken before the checks, so refusals count too and someone with no role
      // cannot fill the audit log; the channel's only after them, so they cannot use up a channel's.
      const userLimited = overLimit('user', invocation, correlationId, verb, log);
      if (userLimited) return userLimited;
      // Cancel needs what the command it cancels needs, and is refused and audited as such.
      const what = (form: string) => (invocation.cancel ? `cancel ${form}` : form);
      const role = resolveRole(services.config.access, invocation);
      if (!channelAllowed(services.config.access, invocation)) {
        log.warn({ verb }, 'refused: channel not allowed');
        return refuse(
          invocation,
          correlationId,
          what(verb),
          'channel not allowed',
          reply('denied', 'This channel is not allowed to use the ISE bot.', 'denied', {
            lead: 'An admin can add it to access.channels in the bot config.',
          }),
        );
      }
      if (!roleAllows(role, command.role)) {
        log.warn({ verb, role: role ?? 'none' }, 'refused: role');
        return refuse(
          invocation,
          correlationId,
          what(verb),
          `needs ${command.role}, has ${role ?? 'no role'}`,
          denied(what(command.name), command.role, invocation, role),
        );
      }
      const { args, flags } = bindArguments(command, parsed.tokens);
      const needed = command.roleFor?.(args) ?? command.role;
      const form = [command.name, ...args.slice(0, 1)].join(' ');
      if (!roleAllows(role, needed)) {
        log.warn({ verb, form, role: role ?? 'none' }, 'refused: role');
        return refuse(
          invocation,
          correlationId,
          what(form),
          `needs ${needed}, has ${role ?? 'no role'}`,
          denied(what(form), needed, invocation, role),
        );
      }
      const channelLimited = overLimit('channel', invocation, correlationId, verb, log);
      if (channelLimited) return channelLimited;
      hooks.admitted?.();
      if (invocation.cancel) return cancelled(services, invocation, correlationId, form, log);
      const ctx: CommandContext = {
        invocation,
        args,
        flags,
        role: role ?? 'viewer',
        correlationId,
        signal: anySignal(hooks.signal, options.signal),
        log,
        services,
        commands,
        // Progress lines leave before the reply does, so they pass the redactor on their own.
        progress: (text) => hooks.progress?.(services.redactor.redact(text)),
      };
      const confirmable = command.confirm && (command.confirm.when?.(args) ?? true);
      if (confirmable && !invocation.confirmed && flags.yes !== true) {
        return confirmation(command, ctx);
      }
      log.info({ verb, args }, 'command started');
      const result = await command.run(ctx);
      const durationMs = Math.round(performance.now() - started);
      log.info({ verb, status: result.status, durationMs }, 'command finished');
      services.telemetry.command(command.name, result.status, durationMs);
      recordReplyData(services.telemetry, result.data);
      return { ...result, context: { ...result.context, correlationId } };
    } catch (error) {
      if (error instanceof UsageError) {
        return errorReply(error.message, {
          correlationId,
          kind: 'usage',
          ...(error.hint ? { hint: error.hint } : {}),
        });
      }
      if (isUserError(error)) {
        log.warn({ verb, err: error }, 'command refused or failed');
        return errorReply(error.message, { correlationId, ...(error.hint ? { hint: error.hint } : {}) });
      }
      log.error({ verb, err: error }, 'command crashed');
      services.telemetry.command(byName.has(verb) ? verb : 'unknown', 'crashed', performance.now() - started);
      return errorReply(`Something went wrong running \`${verb || 'that'}\` (ref ${correlationId}).`, {
        correlationId,
        hint: 'The details are in the bot log under that reference.',
      });
    }
  }

  /**
   * The refusal when `key` (the caller, or the channel) is over its limit. The first refusal of a spell
   * is audited; later ones until the key is allowed again are not (nor logged above debug), so a flood
   * costs the audit log one line per limit window, whatever the flood is made of.
   */
  function overLimit(
    scope: 'user' | 'channel',
    invocation: Invocation,
    correlationId: string,
    verb: string,
    log: Logger,
  ): Reply | undefined {
    if (invocation.platform === 'cli' || invocation.platform === 'console') return undefined;
    const now = services.clock().getTime();
    const [limiter, key, who] =
      scope === 'user'
        ? [perUser, invocation.user, 'you have']
        : [perChannel, invocation.channel, 'this channel has'];
    const taken = limiter.take(key, now);
    if (taken === 'allowed') return undefined;
    const answer = reply('denied', `Slow down: ${who} sent too many commands in the last minute.`, 'denied', {
      lead: `Try again in ${limiter.retryAfter(key, now)} s.`,
    });
    if (taken === 'still-limited') {
      log.debug({ verb, scope }, 'refused: rate limit (again)');
      return answer;
    }
    log.warn({ verb, scope }, 'refused: rate limit');
    return refuse(
      invocation,
      correlationId,
      verb,
      `rate limit per ${scope} (further refusals of this spell are not audited one by one)`,
      answer,
    );
  }

  return {
    commands,
    get running() {
      return jobs.size;
    },
    admits(invocation) {
      return (
        resolveRole(services.config.access, invocation) !== undefined &&
        channelAllowed(services.config.access, invocation)
      );
    },
    resolve(text) {
      try {
        return byName.get(parseText(text).verb);
      } catch {
        return undefined;
      }
    },
    dispatch(invocation, hooks = {}) {
      const job = run(invocation, hooks, hooks.correlationId ?? newCorrelationId()).then((r) =>
        services.redactor.redactDeep(r),
      );
      jobs.add(job);
      job.finally(() => jobs.delete(job)).catch(() => {});
      return job;
    },
    async idle() {
      while (jobs.size > 0) await Promise.allSettled([...jobs]);
    },
  };
}

function denied(form: string, needed: Role, invocation: Invocation, held: Role | undefined): Reply {
  return reply('denied', `\`${form}\` needs the ${needed} role.`, 'denied', {
    lead: `${invocation.user} has ${held ? `the ${held} role` : 'no role'}. An admin can add you to access.${needed}s in the bot config.`,
  });
}

function unknownVerb(verb: string, commands: readonly Command[]): Reply {
  if (verb === '') return errorReply('Type a command after /ise.', { kind: 'usage', hint: 'Try `help`.' });
  const guess = closest(
    verb,
    commands.map((c) => c.name),
  );
  return errorReply(`I don't know \`${verb}\`.`, {
    kind: 'usage',
    hint: guess
      ? `Did you mean \`${guess}\`? Type \`help\` for all commands.`
      : 'Type `help` for all commands.',
  });
}

/** Aborts when either the job's own signal or the bot's shutdown signal does. */
function anySignal(...signals: Array<AbortSignal | undefined>): AbortSignal {
  const present = signals.filter((s): s is AbortSignal => s !== undefined);
  const signal = present.length === 0 ? new AbortController().signal : AbortSignal.any(present);
  // One job's signal is watched by every ISE call and SSH command it has in flight or queued: on a
  // 58-node deployment that is hundreds at once, each removed when its call ends. Not a leak.
  setMaxListeners(1000, signal);
  return signal;
}
