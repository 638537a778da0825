import { cliLines, isInvalidCommand } from '../cli/clean.js';

/** How much of an answer the bot quotes back: enough to recognise it, never a whole screen. */
export const EXCERPT_CHARS = 200;

/** The answer's text on one line, prompts and blank lines dropped, cut to {@link EXCERPT_CHARS}. */
export function excerpt(text: string): string {
  const flat = cliLines(text)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join(' / ');
  return flat.length > EXCERPT_CHARS ? `${flat.slice(0, EXCERPT_CHARS - 1)}…` : flat;
}

/** A CLI prompt that ends in `>` is ISE's user-mode (non-admin) CLI, e.g. `dc-ise-1/User>` (ise-cli.md §1.1). */
export function isUserModePrompt(prompt: string): boolean {
  return /\/[\w.-]+(?:\([\w-]+\))?>\s*$/.test(prompt);
}

export interface AnswerRules {
  /** True when an empty answer is a real one (`show backup history` prints nothing when there is none). */
  emptyIsAnswer?: boolean;
}

/**
 * Why a command's answer cannot be used as a fact, or undefined when it can. The reason names the command,
 * the node and what was wrong, and quotes the answer, so an admin can tell what ISE said.
 */
export function unusableAnswer(
  command: string,
  hostname: string,
  text: string,
  parsed: unknown,
  rules: AnswerRules = {},
): string | undefined {
  const quoted = excerpt(text);
  const empty = quoted === '';
  if (isInvalidCommand(text)) {
    return `\`${command}\` on ${hostname} was rejected by the CLI as an invalid command (this ISE release or the CLI account's role may not offer it); it answered: "${quoted}".`;
  }
  if (empty) {
    return rules.emptyIsAnswer
      ? undefined
      : `\`${command}\` on ${hostname} answered nothing, so the bot has no facts from it.`;
  }
  if (isRecognised(parsed) === false) {
    return `\`${command}\` on ${hostname} answered in a form the bot does not recognise, so it did not judge it; it answered: "${quoted}".`;
  }
  return undefined;
}

function isRecognised(parsed: unknown): boolean | undefined {
  if (typeof parsed !== 'object' || parsed === null || !('recognised' in parsed)) return undefined;
  return parsed.recognised === true;
}

/** The reason every part of a node gets when its CLI account logged in to user mode. */
export function userModeReason(hostname: string, prompt: string): string {
  return `the CLI account on ${hostname} logged in to ISE's user-mode CLI (prompt "${prompt.trim()}"), which offers only part of the admin commands, so the bot did not read it. Use a CLI account with the admin role for this node.`;
}
