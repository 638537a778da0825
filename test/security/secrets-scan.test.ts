import test from 'ava';
import { COMMANDS } from '../../commands/index.js';
import { replyToJson } from '../../src/reply/model.js';
import { ADMIN, labBot } from './helpers.js';

/** Each verb of commands/index.ts with typical arguments; `unsubscribe` takes the id `subscribe` made. */
const RUNS = [
  'help',
  'help backup',
  'readiness',
  'readiness --target 3.0',
  'check ntp',
  'check sponsor-group-ascii',
  'certs',
  'certs 90',
  'nodes',
  'checklist',
  'ack ad-join',
  'backup status',
  'backup config --yes',
  'backup operational backup-ftp --yes',
  'backup logs --yes',
  'backup config "no such repo" --yes',
  'subscribe readiness "0 8 * * 1-5" Europe/Berlin',
  'subscribe certs "0 9 * * *"',
  'subscriptions',
  'unsubscribe {id}',
  'audit 200',
  'hostkeys',
  'hostkeys forget ise-pan1 --yes',
];

test('no secret of the config appears in any reply, progress line or log line of any command', async (t) => {
  const bot = await labBot(t);
  const verbs = new Set(RUNS.map((r) => r.split(' ')[0]));
  t.deepEqual(
    COMMANDS.map((c) => c.name).filter((name) => !verbs.has(name)),
    [],
    'every command runs',
  );
  const outputs: string[] = [];
  let subscription = '';
  const run = async (text: string) => {
    const progress: string[] = [];
    const reply = await bot.dispatcher.dispatch(
      {
        platform: 'slack',
        user: `slack:${ADMIN}`,
        channel: 'slack:C_OPS',
        text: text.replace('{id}', subscription),
      },
      { progress: (line) => progress.push(line) },
    );
    const json = JSON.stringify(replyToJson(reply));
    if (text.startsWith('subscribe ')) subscription ||= /"id":"?([\w-]+)"?/.exec(json)?.[1] ?? '';
    outputs.push(`${text}\n${json}\n${progress.join('\n')}`);
    return reply;
  };
  for (const text of RUNS) {
    const reply = await run(text);
    t.not(reply.status, 'denied', text);
    if (text.startsWith('unsubscribe')) t.is(reply.status, 'ok', JSON.stringify(reply));
  }
  // The failure paths too: ISE refusing the credentials, SSH dropping a backup mid-way.
  await bot.lab.setFaults({ rest: [{ status: 401 }], ssh: { '*': { dropOn: '^backup' } } });
  for (const text of ['nodes', 'readiness', 'backup config --yes', 'backup status']) await run(text);
  await bot.lab.setFaults({});

  const everything = [...outputs, bot.logText()];
  t.true(bot.logText().length > 1000, 'the log captured the runs');
  for (const secret of bot.secrets()) {
    const leaks = everything.filter((text) => text.includes(secret));
    t.deepEqual(
      leaks.map((l) => l.split('\n')[0]),
      [],
      `secret ${secret.slice(0, 3)}… appeared`,
    );
  }
  t.true(
    outputs.some((o) => /backup config --yes\n.*"status":"ok"/.test(o)),
    'a backup really ran, key and all',
  );
});
