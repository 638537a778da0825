import { REPOSITORY_NAME } from '../cli/names.js';
import {
  parseShowApplicationStatus,
  parseShowBackupHistory,
  parseShowDisks,
  parseShowMemory,
  parseShowNtp,
  parseShowRepository,
  parseShowRunningConfig,
  parseShowTimezone,
  parseShowVersion,
  type RunningConfig,
  type ShowRepository,
} from '../cli/parsers/index.js';
import type { NodeCli, Sourced } from '../snapshot/types.js';
import type { CliPool } from '../ssh/pool.js';
import type { CliSession } from '../ssh/session.js';
import type { SshTarget } from '../ssh/target.js';
import { type AnswerRules, excerpt, isUserModePrompt, unusableAnswer, userModeReason } from './cli-answer.js';
import { describeError } from './sourced.js';

export type CliPart = keyof NodeCli;
type SingleCommandPart = Exclude<CliPart, 'repositoryFiles'>;

interface CommandSpec extends AnswerRules {
  command: string;
  timeoutMs: number;
  parse(text: string): unknown;
}

/**
 * One command per part, in the order they run on a session: the slow `show application status ise`
 * (~40 s or more; 90 s recommended, ise-cli.md §3.3) goes last so a timeout there, which closes the
 * session, cannot cost the other parts.
 */
const COMMANDS: Array<[SingleCommandPart, CommandSpec]> = [
  ['version', { command: 'show version', timeoutMs: 30_000, parse: parseShowVersion }],
  ['timezone', { command: 'show timezone', timeoutMs: 30_000, parse: parseShowTimezone }],
  ['runningConfig', { command: 'show running-config', timeoutMs: 60_000, parse: parseShowRunningConfig }],
  ['ntp', { command: 'show ntp', timeoutMs: 30_000, parse: parseShowNtp }],
  ['disks', { command: 'show disks', timeoutMs: 30_000, parse: parseShowDisks }],
  ['memory', { command: 'show memory', timeoutMs: 30_000, parse: parseShowMemory }],
  [
    'backupHistory',
    // A node that never ran a backup prints no history at all (INFERRED, ise-cli.md §2.10).
    { command: 'show backup history', timeoutMs: 30_000, parse: parseShowBackupHistory, emptyIsAnswer: true },
  ],
  [
    'services',
    { command: 'show application status ise', timeoutMs: 90_000, parse: parseShowApplicationStatus },
  ],
];

/** Listing a remote repository waits on that server: give it time, it is not the node being slow. */
const SHOW_REPOSITORY_TIMEOUT_MS = 60_000;

export interface NodeCliRequest {
  hostname: string;
  /** The SSH target, or why there is none (no `ssh:` block). */
  target: SshTarget | Error;
  parts: ReadonlySet<CliPart>;
  /** Repository names to list when the node's own running-config cannot be read (read only then). */
  repositoryNames?: () => Promise<readonly string[] | undefined>;
  /** Per-part command timeouts replacing the defaults (tests; unusually slow nodes). */
  timeoutsMs?: Partial<Record<CliPart, number>>;
  signal?: AbortSignal;
}

/**
 * Reads the requested CLI parts of one node over a single session of the pool (one login per node per
 * collection). A failed login marks every part of this node with its cause; a failed command marks its
 * own part (a timeout closes the session, so the parts after it say so too).
 */
export async function readNodeCli(pool: CliPool, request: NodeCliRequest): Promise<NodeCli> {
  const { parts, signal, hostname } = request;
  const out: NodeCli = {};
  let config: RunningConfig | undefined;
  try {
    if (request.target instanceof Error) throw request.target;
    await pool.use(
      request.target,
      async (session) => {
        // User mode answers some commands and rejects others: no part of it is read as a fact.
        if (isUserModePrompt(session.prompt)) throw new UserModeCli(userModeReason(hostname, session.prompt));
        for (const [part, spec] of COMMANDS) {
          const wanted = parts.has(part) || (part === 'runningConfig' && parts.has('repositoryFiles'));
          if (!wanted) continue;
          const timeoutMs = request.timeoutsMs?.[part] ?? spec.timeoutMs;
          const result = await run(session, { ...spec, timeoutMs }, hostname, signal);
          if (part === 'runningConfig' && result.state === 'ok') config = result.value as RunningConfig;
          if (parts.has(part)) (out as Record<string, Sourced<unknown>>)[part] = result;
        }
        if (parts.has('repositoryFiles')) {
          const names = config?.repositories.map((r) => r.name) ?? (await request.repositoryNames?.()) ?? [];
          const files: Record<string, Sourced<ShowRepository>> = {};
          for (const name of names) {
            if (!REPOSITORY_NAME.test(name)) {
              files[name] = {
                state: 'error',
                error: 'not a valid ISE repository name, so the bot did not put it on a CLI line',
                source: `show repository on ${hostname}`,
              };
              continue;
            }
            files[name] = (await run(
              session,
              {
                command: `show repository ${name}`,
                timeoutMs: SHOW_REPOSITORY_TIMEOUT_MS,
                parse: parseShowRepository,
                // An empty repository lists nothing.
                emptyIsAnswer: true,
              },
              hostname,
              signal,
            )) as Sourced<ShowRepository>;
          }
          out.repositoryFiles = files;
        }
      },
      signal,
    );
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    const failed: Sourced<never> = {
      state: 'error',
      error: error instanceof UserModeCli ? error.message : describeError(error),
      source: `SSH to ${hostname}`,
    };
    const record = out as Record<string, unknown>;
    for (const part of parts) {
      if (part === 'repositoryFiles') {
        const names = (await request.repositoryNames?.().catch(() => undefined)) ?? [];
        out.repositoryFiles ??= Object.fromEntries(names.map((n) => [n, failed]));
      } else record[part] ??= failed;
    }
  }
  return out;
}

class UserModeCli extends Error {}

/**
 * One command as a snapshot part: the parsed value only when the answer is one the parser recognised;
 * an invalid-command, empty or unrecognised answer is an `error` quoting what the node said (issue 14 item 3).
 */
async function run(
  session: CliSession,
  spec: CommandSpec,
  hostname: string,
  signal: AbortSignal | undefined,
): Promise<Sourced<unknown>> {
  const source = `CLI \`${spec.command}\` on ${hostname}`;
  let text: string;
  try {
    text = await session.run(spec.command, {
      timeoutMs: spec.timeoutMs,
      ...(signal === undefined ? {} : { signal }),
    });
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    return { state: 'error', error: describeError(error), source };
  }
  let parsed: unknown;
  try {
    parsed = spec.parse(text);
  } catch (error) {
    // Parsers are written never to throw; if one does, it costs this part only, with the node's answer.
    return {
      state: 'error',
      error: `${describeError(error)} (reading \`${spec.command}\` on ${hostname}, which answered: "${excerpt(text)}")`,
      source,
      answer: true,
    };
  }
  const problem = unusableAnswer(spec.command, hostname, text, parsed, spec);
  if (problem !== undefined) return { state: 'error', error: problem, source, answer: true };
  // An empty answer the command gives when there is nothing (no backup yet) is understood: say so.
  const value = excerpt(text) === '' && typeof parsed === 'object' ? { ...parsed, recognised: true } : parsed;
  return { state: 'ok', value, source };
}
