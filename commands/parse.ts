import { UsageError } from '../src/errors.js';
import type { Command, FlagSpec } from './types.js';

export interface ParsedText {
  verb: string;
  tokens: string[];
}

/** Longest text we accept from chat; anything longer is not a command someone typed. */
const MAX_TEXT = 2000;

/**
 * `/ise readiness --target 3.0` → { verb: 'readiness', tokens: ['--target', '3.0'] }. The leading `/ise`
 * or `ise` is optional (Teams users type it without the slash, Slack sends it stripped).
 */
export function parseText(text: string): ParsedText {
  if (text.length > MAX_TEXT) throw new UsageError(`That command is too long (over ${MAX_TEXT} characters).`);
  const tokens = tokenize(text.trim());
  if (tokens[0] !== undefined && /^\/?ise$/i.test(tokens[0])) tokens.shift();
  const verb = (tokens.shift() ?? '').toLowerCase();
  return { verb, tokens };
}

/** Shell-like words: whitespace separates, '…' and "…" quote (smart quotes too), \ escapes inside "…". */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  let current = '';
  let inToken = false;
  let quote: string | undefined;
  const normalized = text.replace(/[“”]/g, '"').replace(/[‘’]/g, "'");
  for (let i = 0; i < normalized.length; i++) {
    const ch = normalized[i] as string;
    if (quote) {
      if (ch === quote) quote = undefined;
      else if (ch === '\\' && quote === '"' && i + 1 < normalized.length) current += normalized[++i];
      else current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      inToken = true;
    } else if (/\s/.test(ch)) {
      if (inToken) tokens.push(current);
      current = '';
      inToken = false;
    } else {
      current += ch;
      inToken = true;
    }
  }
  if (quote) throw new UsageError(`A ${quote === '"' ? 'double' : 'single'} quote is not closed.`);
  if (inToken) tokens.push(current);
  return tokens;
}

/** Flags every command understands. `--yes` confirms a side effect up front (CLI, console). */
const COMMON_FLAGS: FlagSpec[] = [{ name: 'yes', description: 'confirm without a button' }];

/** Splits tokens into positional arguments and flags as the command declares them. */
export function bindArguments(
  command: Command,
  tokens: string[],
): { args: string[]; flags: Record<string, string | true> } {
  const specs = [...(command.flags ?? []), ...COMMON_FLAGS];
  const args: string[] = [];
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as string;
    if (!token.startsWith('--') || token === '--') {
      args.push(token);
      continue;
    }
    const [rawName = '', inline] = splitOnce(token.slice(2), '=');
    const name = rawName.toLowerCase();
    const spec = specs.find((s) => s.name === name);
    if (!spec) {
      const known = specs.map((s) => `--${s.name}`);
      throw new UsageError(`\`${command.name}\` has no option --${name}.`, `Options: ${known.join(', ')}.`);
    }
    if (spec.value === undefined) {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value.`);
      flags[name] = true;
    } else {
      const value = inline ?? tokens[++i];
      if (value === undefined || value.startsWith('--')) {
        throw new UsageError(`--${name} needs a value: --${name} ${spec.value}.`);
      }
      flags[name] = value;
    }
  }
  const { min, max } = command.args ?? { min: 0, max: 0 };
  if (args.length < min || args.length > max) {
    throw new UsageError(
      args.length < min
        ? `\`${command.name}\` needs more arguments.`
        : `\`${command.name}\` got too many arguments.`,
      `Usage: ${command.usage}`,
    );
  }
  return { args, flags };
}

function splitOnce(s: string, sep: string): [string, string | undefined] {
  const at = s.indexOf(sep);
  return at < 0 ? [s, undefined] : [s.slice(0, at), s.slice(at + 1)];
}
