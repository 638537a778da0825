import type { Logger } from '../src/log.js';
import type { Reply } from '../src/reply/model.js';
import type { Services } from '../src/services.js';

export type Role = 'viewer' | 'operator' | 'admin';
export const ROLES: readonly Role[] = ['viewer', 'operator', 'admin'];

export type Platform = 'slack' | 'teams' | 'console' | 'cli';

/** What an adapter hands the dispatcher: who typed what, where. */
export interface Invocation {
  platform: Platform;
  /** `slack:U123`, `teams:<aad object id>`, `console`, `cli`. */
  user: string;
  /** `slack:C123`, `teams:<conversation id>`, `console`, `cli`. */
  channel: string;
  text: string;
  /** Set when the person confirmed through a platform button/dialog. */
  confirmed?: boolean;
  /** Set when the person pressed Cancel on the confirmation of `text`: checked and audited, not run. */
  cancel?: boolean;
}

export interface FlagSpec {
  name: string;
  /** Placeholder of the value (`NAME`); absent for a boolean flag. */
  value?: string;
  description: string;
}

/** What a command does to the world; declared so the dispatcher can confirm and audit it. */
export type SideEffects = 'none' | 'store' | 'ise';

/** A command is a plain typed object (STYLE.md §2); help and the README table come from these. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  examples: string[];
  /** The role the verb needs at least (help lists the verb for it). */
  role: Role;
  /**
   * A stricter role for some forms of the verb: `backup status` reads (viewer) while `backup config`
   * starts work on ISE (operator). Checked by the dispatcher after the arguments are parsed.
   */
  roleFor?: (args: readonly string[]) => Role;
  sideEffects: SideEffects;
  /**
   * Ask before running: a button in chat, `--yes` where no button exists. `when` limits it to the
   * forms of the verb that change something. `prompt` may throw a user error to refuse at once what
   * would be refused after Confirm anyway (`backup confg`, no repository configured).
   */
  confirm?: { prompt: (ctx: CommandContext) => string; when?: (args: readonly string[]) => boolean };
  args?: { min: number; max: number; names: string };
  flags?: FlagSpec[];
  run(ctx: CommandContext): Promise<Reply>;
}

export interface CommandContext {
  invocation: Invocation;
  args: string[];
  flags: Readonly<Record<string, string | true>>;
  role: Role;
  correlationId: string;
  signal: AbortSignal;
  log: Logger;
  services: Services;
  /** The commands known to the dispatcher (help needs them). */
  commands: readonly Command[];
  /** A short progress line for long work; adapters update one message rather than post many. */
  progress(text: string): void;
}

export function defineCommand(command: Command): Command {
  return command;
}

/** A string flag's value, or undefined; a value-less use of a value flag was refused by the parser. */
export function flag(ctx: CommandContext, name: string): string | undefined {
  const value = ctx.flags[name];
  return typeof value === 'string' ? value : undefined;
}

/** `--deployment NAME`: most commands act on one configured deployment. */
export const DEPLOYMENT_FLAG: FlagSpec = {
  name: 'deployment',
  value: 'NAME',
  description: 'which configured deployment (default: the first)',
};
