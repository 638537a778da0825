import test from 'ava';
import { createDispatcher } from '../../commands/dispatcher.js';
import { COMMANDS } from '../../commands/index.js';
import { type Command, defineCommand, type Invocation } from '../../commands/types.js';
import { UserError } from '../../src/errors.js';
import { reply } from '../../src/reply/build.js';
import { renderText } from '../../src/reply/text.js';
import { testServices } from '../helpers/services.js';

const slack = (user: string, text: string, channel = 'slack:C1'): Invocation => ({
  platform: 'slack',
  user: `slack:${user}`,
  channel,
  text,
});

const crash = defineCommand({
  name: 'crash',
  summary: 'always throws',
  usage: 'crash',
  examples: [],
  role: 'viewer',
  sideEffects: 'none',
  run: async () => {
    throw new Error('socket exploded at 0xdeadbeef with password Rest-Secret-1');
  },
});

const refuse = defineCommand({
  name: 'refuse',
  summary: 'a user-facing error',
  usage: 'refuse',
  examples: [],
  role: 'viewer',
  sideEffects: 'none',
  run: async () => {
    throw new UserError('no-repo', 'Repository BACKUP-SFTP does not exist on ise-pan1.', {
      hint: 'Pick one of: NFS1.',
    });
  },
});

const backup = defineCommand({
  name: 'backup',
  summary: 'side effect',
  usage: 'backup config',
  examples: [],
  role: 'operator',
  sideEffects: 'ise',
  args: { min: 1, max: 1, names: 'KIND' },
  confirm: { prompt: () => 'Start a config backup of prod?' },
  run: async (ctx) => reply('backup', `backup ${ctx.args[0]} started by ${ctx.invocation.user}`, 'ok'),
});

// The test's own `backup` stands in for the real one, whose guards need an ISE.
const commands: Command[] = [...COMMANDS.filter((c) => c.name !== 'backup'), crash, refuse, backup];

test('with no access block nobody in chat may run anything, and the refusal names the role', async (t) => {
  const { services } = await testServices();
  const dispatcher = createDispatcher(commands, services);
  const answer = await dispatcher.dispatch(slack('U1', '/ise help'));
  t.is(answer.status, 'denied');
  t.is(answer.title, '`help` needs the viewer role.');
  t.regex(answer.lead ?? '', /slack:U1 has no role/);
});

test('with no access block the CLI and console user acts as operator', async (t) => {
  const { services } = await testServices();
  const dispatcher = createDispatcher(commands, services);
  const cli = await dispatcher.dispatch({
    platform: 'cli',
    user: 'cli',
    channel: 'cli',
    text: 'backup config --yes',
  });
  t.is(cli.title, 'backup config started by cli');
  const console = await dispatcher.dispatch({
    platform: 'console',
    user: 'console',
    channel: 'console',
    text: 'help',
  });
  t.is(console.kind, 'help');
});

test('a viewer is refused an operator command with the role it needs; an operator runs it', async (t) => {
  const { services } = await testServices({ access: { viewers: ['*'], operators: ['slack:UOP'] } });
  const dispatcher = createDispatcher(commands, services);
  const denied = await dispatcher.dispatch(slack('UVIEW', 'backup config --yes'));
  t.is(denied.status, 'denied');
  t.is(denied.title, '`backup` needs the operator role.');
  const allowed = await dispatcher.dispatch(slack('UOP', 'backup config --yes'));
  t.is(allowed.title, 'backup config started by slack:UOP');
});

test('a side-effecting command asks for confirmation before it runs', async (t) => {
  const { services } = await testServices({ access: { operators: ['slack:UOP'] } });
  const dispatcher = createDispatcher(commands, services);
  const asked = await dispatcher.dispatch(slack('UOP', '/ise backup config'));
  t.is(asked.status, 'confirm');
  t.is(asked.title, 'Start a config backup of prod?');
  t.deepEqual(
    asked.actions.map((a) => [a.id, a.command]),
    [
      ['confirm', 'backup config --yes'],
      ['cancel', 'backup config'],
    ],
  );
  const confirmed = await dispatcher.dispatch({ ...slack('UOP', 'backup config'), confirmed: true });
  t.is(confirmed.status, 'ok');
});

test('a channel outside the allow-list is refused', async (t) => {
  const { services } = await testServices({ access: { viewers: ['*'], channels: ['slack:CALLOWED'] } });
  const dispatcher = createDispatcher(commands, services);
  t.is((await dispatcher.dispatch(slack('U1', 'help', 'slack:COTHER'))).status, 'denied');
  t.is((await dispatcher.dispatch(slack('U1', 'help', 'slack:CALLOWED'))).kind, 'help');
});

test('an unknown verb answers with the closest known one', async (t) => {
  const { services } = await testServices({ access: { viewers: ['*'] } });
  const dispatcher = createDispatcher(commands, services);
  const answer = await dispatcher.dispatch(slack('U1', '/ise nodse'));
  t.is(answer.kind, 'usage');
  t.is(answer.title, "I don't know `nodse`.");
  t.regex(answer.lead ?? '', /Did you mean `nodes`\?/);
});

test('an unexpected error gives one short line with the correlation id; the log has the rest, redacted', async (t) => {
  const { services, log } = await testServices({ access: { viewers: ['*'] } });
  const dispatcher = createDispatcher(commands, services);
  const answer = await dispatcher.dispatch(slack('U1', 'crash'));
  const id = answer.context.correlationId ?? '';
  t.regex(id, /^[0-9a-f]{8}$/);
  t.is(answer.title, `Something went wrong running \`crash\` (ref ${id}).`);
  t.false(JSON.stringify(answer).includes('0xdeadbeef'));
  t.true(log.text().includes('0xdeadbeef'));
  t.true(log.text().includes(id));
  t.false(log.text().includes('Rest-Secret-1'));
});

test('a user-facing error goes to chat as written, with its hint', async (t) => {
  const { services } = await testServices({ access: { viewers: ['*'] } });
  const answer = await createDispatcher(commands, services).dispatch(slack('U1', 'refuse'));
  t.is(answer.title, 'Repository BACKUP-SFTP does not exist on ise-pan1.');
  t.is(answer.lead, 'Pick one of: NFS1.');
});

test('help lists only the commands the caller may run and explains one in full', async (t) => {
  const { services } = await testServices({ access: { viewers: ['*'], operators: ['slack:UOP'] } });
  const dispatcher = createDispatcher(commands, services);
  const text = (r: Awaited<ReturnType<typeof dispatcher.dispatch>>) => JSON.stringify(r.sections);
  t.false(text(await dispatcher.dispatch(slack('UVIEW', 'help'))).includes('backup config'));
  t.true(text(await dispatcher.dispatch(slack('UOP', 'help'))).includes('backup config'));
  const one = await dispatcher.dispatch(slack('UVIEW', 'help nodes'));
  t.is(one.title, 'nodes [--deployment NAME]');
  t.regex(text(one), /nodes --deployment prod/);
});

test('a user who sends too many commands in a minute is told to slow down, and the refusal is audited', async (t) => {
  const { services } = await testServices({ access: { viewers: ['*'] }, limits: { perUserPerMinute: 3 } });
  const dispatcher = createDispatcher(commands, services);
  for (let i = 0; i < 3; i++) t.is((await dispatcher.dispatch(slack('U1', 'help'))).kind, 'help');
  const slowed = await dispatcher.dispatch(slack('U1', 'help'));
  t.is(slowed.status, 'denied');
  t.regex(slowed.title, /^Slow down/);
  t.regex(slowed.lead ?? '', /Try again in \d+ s/);
  t.is((await dispatcher.dispatch(slack('U2', 'help'))).kind, 'help', 'others are not affected');
  const [entry] = await services.store.audit.latest(1);
  t.like(entry, { actor: 'slack:U1', action: 'refused' });
  t.regex(entry?.detail ?? '', /^rate limit/);
});

test('a user with no role flooding the bot costs the audit log one line per spell over the limit, not one per message', async (t) => {
  const { services } = await testServices({
    access: { operators: ['slack:UOP'] },
    limits: { perUserPerMinute: 3, perChannelPerMinute: 1000 },
  });
  const dispatcher = createDispatcher(commands, services);
  const answers = [];
  for (let i = 0; i < 50; i++)
    answers.push(await dispatcher.dispatch(slack('UNOBODY', 'backup config --yes')));
  t.true(answers.slice(0, 3).every((a) => /needs the operator role/.test(a.title)));
  t.true(
    answers.slice(3).every((a) => a.title.startsWith('Slow down')),
    'refusals count toward the limit',
  );
  const entries = (await services.store.audit.latest(100)).filter((e) => e.actor === 'slack:UNOBODY');
  t.is(entries.length, 4, 'three role refusals and one "rate limit" line');
  t.is(entries.filter((e) => /^rate limit/.test(e.detail ?? '')).length, 1);
  // Someone else is not affected by one person's flood.
  t.is(
    (await dispatcher.dispatch(slack('UOP', 'backup config --yes'))).title,
    'backup config started by slack:UOP',
  );
});

test("refusals count toward the refused person's limit, not the channel's: nobody can use up a channel's limit", async (t) => {
  const { services } = await testServices({
    access: { operators: ['slack:UOP'] },
    limits: { perUserPerMinute: 3, perChannelPerMinute: 3 },
  });
  const dispatcher = createDispatcher(commands, services);
  for (let i = 0; i < 10; i++) await dispatcher.dispatch(slack('UNOBODY', 'backup config --yes'));
  for (let i = 0; i < 3; i++)
    t.is((await dispatcher.dispatch(slack('UOP', 'backup config --yes'))).status, 'ok', `run ${i + 1}`);
  t.regex((await dispatcher.dispatch(slack('UOP', 'backup config --yes'))).title, /^Slow down/);
});

test('Cancel needs the role of the command it cancels, and both outcomes are audited', async (t) => {
  const { services } = await testServices({ access: { viewers: ['*'], operators: ['slack:UOP'] } });
  const dispatcher = createDispatcher(commands, services);
  const asked = await dispatcher.dispatch(slack('UOP', 'backup config'));
  const cancel = asked.actions.find((a) => a.id === 'cancel');
  if (!cancel) throw new Error('no cancel button');
  const refused = await dispatcher.dispatch({ ...slack('UVIEW', cancel.command), cancel: true });
  t.is(refused.status, 'denied');
  t.is(refused.title, '`cancel backup` needs the operator role.');
  const done = await dispatcher.dispatch({ ...slack('UOP', cancel.command), cancel: true });
  t.is(done.kind, 'cancelled');
  const entries = await services.store.audit.latest(10);
  t.like(
    entries.find((e) => e.actor === 'slack:UVIEW'),
    { action: 'refused', target: 'cancel backup in slack:C1', detail: 'needs operator, has viewer' },
  );
  t.like(
    entries.find((e) => e.actor === 'slack:UOP' && e.action === 'cancel'),
    { outcome: 'ok', target: 'backup config in slack:C1' },
  );
});

test('every refusal by role is in the audit log, which admins can read with audit', async (t) => {
  const { services } = await testServices({ access: { viewers: ['*'], admins: ['slack:UADMIN'] } });
  const dispatcher = createDispatcher(commands, services);
  await dispatcher.dispatch(slack('UVIEW', 'backup config --yes'));
  t.is((await dispatcher.dispatch(slack('UVIEW', 'audit'))).status, 'denied');
  const log = await dispatcher.dispatch(slack('UADMIN', 'audit 5'));
  t.is(log.kind, 'audit');
  const text = JSON.stringify(log.sections);
  t.regex(text, /needs operator, has viewer/);
  t.regex(text, /needs admin, has viewer/);
  // Each line's person is a mention and its time a piece the platform shows in the reader's zone.
  const lines = log.sections[0]?.blocks[0];
  const first = lines?.type === 'list' ? lines.items[0] : undefined;
  t.true(Array.isArray(first), 'a rich line');
  t.like((first as unknown[])[0], { show: 'datetime' });
  t.regex(String((first as Array<{ time?: string }>)[0]?.time), /^\d{4}-\d\d-\d\dT/);
  t.deepEqual((first as unknown[])[2], { user: 'slack:UVIEW' });
  t.regex(renderText(log), /@UVIEW · /);
});
