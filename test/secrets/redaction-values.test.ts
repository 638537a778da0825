import test from 'ava';
import { createDispatcher } from '../../commands/dispatcher.js';
import { defineCommand } from '../../commands/types.js';
import { reply } from '../../src/reply/build.js';
import { testServices } from '../helpers/services.js';

// JSON escapes the first three, so a redactor that matched the serialised line would miss them.
const QUOTE = 'Qu"ote-Secret9';
const BACKSLASH = 'Back\\slash-Secret9';
const NEWLINE = 'New\nline-Secret9';
// Config refuses a password this short, but a value the bot holds is redacted whatever its length.
const SHORT = 'k7';
const ALL = [QUOTE, BACKSLASH, NEWLINE, SHORT];

async function withSecrets() {
  const { services, log } = await testServices();
  for (const s of ALL) services.redactor.add(s);
  return { services, log };
}

/** Every form a secret could take in a JSON log line: as is, and JSON-escaped. */
function leaks(text: string): string[] {
  return ALL.filter((s) => text.includes(s) || text.includes(JSON.stringify(s).slice(1, -1)));
}

test('secrets holding ", \\, a newline, or only two characters never reach a log line', async (t) => {
  const { services, log } = await withSecrets();
  const child = services.log.child({ component: `bound to ${SHORT}` });
  child.info({ note: `ISE echoed ${QUOTE}`, nested: { list: [BACKSLASH] } }, `message with ${NEWLINE}`);
  const error = new Error(`login failed for ${QUOTE} with ${BACKSLASH}`, { cause: new Error(NEWLINE) });
  services.log.error({ err: error }, 'call failed');
  services.log.error(new TypeError(`bare error carrying ${SHORT}x`));
  t.deepEqual(leaks(log.text()), []);
  const lines = log.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  const info = lines.find((l) => l.msg === 'message with [redacted]');
  t.truthy(info, 'the message itself is redacted, not dropped');
  t.is(info?.note, 'ISE echoed [redacted]');
  t.is(info?.component, 'bound to [redacted]');
  t.deepEqual(info?.nested, { list: ['[redacted]'] });
  const failed = lines.find((l) => l.msg === 'call failed')?.err as Record<string, unknown> | undefined;
  t.is(failed?.type, 'Error', 'the error keeps its type');
  // pino appends the cause's message: that is redacted too.
  t.is(failed?.message, 'login failed for [redacted] with [redacted]: [redacted]');
  t.regex(String(failed?.stack), /login failed for \[redacted\]/);
  t.true(lines.some((l) => l.msg === 'bare error carrying [redacted]x'));
  t.true(lines.some((l) => (l.err as { type?: string } | undefined)?.type === 'TypeError'));
  await services.store.close();
});

test('secrets holding ", \\, a newline, or only two characters never reach a chat reply or progress line', async (t) => {
  const { services } = await withSecrets();
  const progress: string[] = [];
  const echo = defineCommand({
    name: 'echo',
    summary: 'echo',
    usage: 'echo',
    examples: [],
    role: 'viewer',
    sideEffects: 'none',
    async run(ctx) {
      ctx.progress(`reading with ${QUOTE}`);
      return reply('info', `ISE said ${BACKSLASH}`, 'info', { lead: `then ${NEWLINE} and ${SHORT}` });
    },
  });
  const dispatcher = createDispatcher([echo], {
    ...services,
    config: { ...services.config, access: { admins: [], operators: [], viewers: ['*'], channels: [] } },
  });
  const answer = await dispatcher.dispatch(
    { platform: 'slack', user: 'slack:U1', channel: 'slack:C1', text: 'echo' },
    { progress: (line) => progress.push(line) },
  );
  t.deepEqual(leaks(JSON.stringify(answer)), []);
  t.deepEqual(leaks(progress.join('\n')), []);
  t.deepEqual(progress, ['reading with [redacted]']);
  t.regex(JSON.stringify(answer), /ISE said \[redacted\]/);
  await services.store.close();
});
