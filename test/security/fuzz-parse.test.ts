import test from 'ava';
import fc from 'fast-check';
import { COMMANDS } from '../../commands/index.js';
import { bindArguments, parseText, tokenize } from '../../commands/parse.js';
import { UsageError } from '../../src/errors.js';

/** Chat text as people (and attackers) type it: words, flags, quotes, escapes, control and wide characters. */
const piece = fc.oneof(
  fc.constantFrom(
    ...COMMANDS.map((c) => c.name),
    '/ise',
    'ise',
    '--yes',
    '--deployment',
    '--deployment=prod',
    '--target',
    '--',
    '"',
    "'",
    '“',
    '”',
    '‘',
    '\\',
    '\n',
    '\t',
    ' ',
    'config',
    'status',
    '<!channel>',
    'BACKUP-SFTP',
    '$(reboot)',
    '; reload',
  ),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({ maxLength: 12 }),
);
const chatText = fc.array(piece, { maxLength: 24 }).map((parts) => parts.join(' '));

/** Runs `fn`; a UsageError is an answer, anything else thrown fails the property. */
function onlyUsageErrors(fn: () => void): void {
  try {
    fn();
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
  }
}

test('tokenize returns words or a UsageError for any text, and never hangs', (t) => {
  fc.assert(
    fc.property(chatText, (text) => {
      onlyUsageErrors(() => {
        const tokens = tokenize(text);
        for (const token of tokens) if (typeof token !== 'string') throw new Error('token is not a string');
      });
    }),
    { numRuns: 3000 },
  );
  t.pass();
});

test('parseText gives a lower-case verb without whitespace or a UsageError, for any text', (t) => {
  fc.assert(
    fc.property(fc.oneof(chatText, fc.string({ unit: 'binary', maxLength: 3000 })), (text) => {
      onlyUsageErrors(() => {
        const { verb } = parseText(text);
        if (verb !== verb.toLowerCase()) throw new Error(`verb "${verb}" is not lower case`);
      });
    }),
    { numRuns: 2000 },
  );
  t.pass();
});

test('bindArguments with every real command definition binds within its declared bounds or throws UsageError', (t) => {
  fc.assert(
    fc.property(fc.constantFrom(...COMMANDS), chatText, (command, text) => {
      onlyUsageErrors(() => {
        const { tokens } = parseText(text);
        const { args, flags } = bindArguments(command, tokens);
        const { min, max } = command.args ?? { min: 0, max: 0 };
        if (args.length < min || args.length > max) throw new Error(`${command.name}: ${args.length} args`);
        const known = new Set([...(command.flags ?? []).map((f) => f.name), 'yes']);
        for (const name of Object.keys(flags)) if (!known.has(name)) throw new Error(`unknown flag ${name}`);
        // A role decision on any parsed form is one of the roles, never a crash.
        command.roleFor?.(args);
        command.confirm?.when?.(args);
      });
    }),
    { numRuns: 3000 },
  );
  t.pass();
});

test('a text over 2,000 characters is refused as too long before it is parsed', (t) => {
  // Full of unterminated quotes: had it been tokenised first, the error would be about a quote.
  // (How fast the parser is belongs in `npm run bench`, not in a test on a loaded machine.)
  const error = t.throws(() => parseText(`readiness ${'"a'.repeat(100_000)}`), { instanceOf: UsageError });
  t.regex(error?.message ?? '', /too long/);
  t.notRegex(error?.message ?? '', /quote/i);
});
