import test from 'ava';
import { bindArguments, parseText, tokenize } from '../../commands/parse.js';
import { closest } from '../../commands/suggest.js';
import { defineCommand } from '../../commands/types.js';
import { UsageError } from '../../src/errors.js';
import { reply } from '../../src/reply/build.js';

const subscribe = defineCommand({
  name: 'subscribe',
  summary: 'x',
  usage: 'subscribe readiness|certs "<cron>" [TIMEZONE]',
  examples: [],
  role: 'admin',
  sideEffects: 'store',
  args: { min: 2, max: 3, names: 'KIND CRON [TIMEZONE]' },
  flags: [
    { name: 'deployment', value: 'NAME', description: 'which deployment' },
    { name: 'quiet', description: 'boolean' },
  ],
  run: async () => reply('x', 'x', 'ok'),
});

test('/ise, ise and nothing before the verb all mean the same command', (t) => {
  for (const text of ['/ise readiness', 'ise readiness', 'readiness', '  /ISE   Readiness ']) {
    t.deepEqual(parseText(text), { verb: 'readiness', tokens: [] }, text);
  }
});

test('quoted words stay together, with single, double and smart quotes', (t) => {
  t.deepEqual(tokenize(`subscribe readiness "0 8 * * 1-5" Europe/Berlin`), [
    'subscribe',
    'readiness',
    '0 8 * * 1-5',
    'Europe/Berlin',
  ]);
  t.deepEqual(tokenize(`a 'b c' “d e” "f \\"g\\""`), ['a', 'b c', 'd e', 'f "g"']);
  t.deepEqual(tokenize(`a "" b`), ['a', '', 'b']);
});

test('an unclosed quote is a usage error that says which quote', (t) => {
  const error = t.throws(() => tokenize('subscribe readiness "0 8 * *'), { instanceOf: UsageError });
  t.regex(error?.message ?? '', /double quote/);
});

test('flags take values with a space or =, booleans take none', (t) => {
  const { args, flags } = bindArguments(
    subscribe,
    tokenize('readiness "0 8 * * *" --deployment prod --quiet'),
  );
  t.deepEqual(args, ['readiness', '0 8 * * *']);
  t.deepEqual(flags, { deployment: 'prod', quiet: true });
  t.deepEqual(bindArguments(subscribe, ['a', 'b', '--deployment=lab']).flags, { deployment: 'lab' });
});

test('a flag missing its value, an unknown flag and a wrong argument count are refused with the usage', (t) => {
  t.regex(
    t.throws(() => bindArguments(subscribe, ['a', 'b', '--deployment']))?.message ?? '',
    /--deployment needs a value/,
  );
  const unknown = t.throws(() => bindArguments(subscribe, ['a', 'b', '--deploy', 'x']), {
    instanceOf: UsageError,
  });
  t.regex(unknown?.hint ?? '', /--deployment/);
  const few = t.throws(() => bindArguments(subscribe, ['readiness']), { instanceOf: UsageError });
  t.regex(few?.hint ?? '', /Usage: subscribe/);
});

test('an unknown verb finds the closest known one', (t) => {
  const verbs = ['readiness', 'nodes', 'help', 'backup', 'certs', 'checklist', 'check'];
  t.is(closest('readines', verbs), 'readiness');
  t.is(closest('nodse', verbs), 'nodes');
  t.is(closest('bakup', verbs), 'backup');
  t.is(closest('cert', verbs), 'certs');
  t.is(closest('xyzzy', verbs), undefined);
});

test('text longer than anyone types is refused', (t) => {
  t.throws(() => parseText(`readiness ${'x'.repeat(3000)}`), { instanceOf: UsageError });
});
