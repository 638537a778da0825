import test, { type ExecutionContext } from 'ava';
import type { Lab } from '../../src/lab/lab.js';
import { loadScenario } from '../../src/lab/scenario.js';
import type { Reply } from '../../src/reply/model.js';
import { startLab } from '../lab/helpers.js';
import { KEY, labBackupBot, said } from './helpers.js';

/**
 * Backups are checked before the Confirm prompt: what would be refused after Confirm (a mistyped kind,
 * no repository, no key, a repository name that is not one) is said at once, and nothing reaches ISE.
 */
async function bot(t: ExecutionContext, backup?: Record<string, unknown>) {
  const lab = await startLab(t, loadScenario('healthy-3.2'));
  const { dispatcher } = await labBackupBot(t, lab, 'backup-validate-', backup);
  // The console's user is an operator: the Confirm prompt comes unless the command is refused first.
  const send = (text: string) => dispatcher.dispatch({ platform: 'cli', user: 'cli', channel: 'cli', text });
  return { lab, send };
}

/** CLI lines the lab's nodes received: none at all when the bot only answered. */
const cliLines = (lab: Lab) => Object.values(lab.sshStats()).flatMap((s) => s.commands);

function noPrompt(t: ExecutionContext, reply: Reply) {
  t.not(reply.status, 'confirm', said(reply));
  t.false(
    reply.actions.some((a) => a.id === 'confirm'),
    said(reply),
  );
}

test('a mistyped kind is answered at once with the closest kind, without a Confirm prompt', async (t) => {
  const { lab, send } = await bot(t);
  const reply = await send('backup confg');
  noPrompt(t, reply);
  t.is(reply.title, '`backup confg` is not a backup kind.');
  t.regex(reply.lead ?? '', /Did you mean `backup config`\?/);
  // The same with --yes: the kind is checked before anything else.
  const forced = await send('backup confg --yes');
  t.is(forced.title, reply.title);
  t.deepEqual(cliLines(lab), []);
});

test('the prompt names the kind, the deployment, its PAN and the repository', async (t) => {
  const { lab, send } = await bot(t);
  const config = await send('backup config');
  t.is(config.status, 'confirm');
  t.is(
    config.title,
    'Start a configuration backup of healthy-3-2 (PAN ise-pan1) to repository backup-sftp? It can take up to an hour.',
  );
  const logs = await send('backup logs OTHER-REPO');
  t.regex(logs.title, /^Start a log backup of healthy-3-2 \(PAN ise-pan1\) to repository OTHER-REPO\?/);
  t.deepEqual(cliLines(lab), []);
});

test('no repository given and none configured is said before the prompt', async (t) => {
  const { lab, send } = await bot(t, { encryptionKey: KEY });
  const reply = await send('backup operational');
  noPrompt(t, reply);
  t.regex(reply.title, /^No repository given and none configured for healthy-3-2\./);
  t.regex(reply.lead ?? '', /deployments\[0\]\.backup\.repository/);
  // Naming one is enough: the prompt comes.
  t.is((await send('backup operational backup-sftp')).status, 'confirm');
  t.deepEqual(cliLines(lab), []);
});

test('a missing or unusable encryption key is said before the prompt, and never shown', async (t) => {
  const { lab, send } = await bot(t, { repository: 'backup-sftp' });
  const reply = await send('backup config');
  noPrompt(t, reply);
  t.regex(reply.title, /^No backup encryption key is configured for healthy-3-2\./);
  t.regex(reply.lead ?? '', /deployments\[0\]\.backup\.encryptionKey/);
  t.deepEqual(cliLines(lab), []);

  const weak = await bot(t, { repository: 'backup-sftp', encryptionKey: 'nocapitals12' });
  const refused = await weak.send('backup config');
  noPrompt(t, refused);
  t.regex(refused.title, /does not meet ISE's rules/);
  t.false(said(refused).includes('nocapitals12'));
});

test('a repository name that is not one is refused before the prompt', async (t) => {
  const { lab, send } = await bot(t);
  const reply = await send('backup config "x; reload"');
  noPrompt(t, reply);
  t.regex(reply.title, /is not a repository name: it contains a space/);
  t.deepEqual(cliLines(lab), []);
});

test('an unknown deployment is refused before the prompt', async (t) => {
  const { send } = await bot(t);
  const reply = await send('backup config --deployment nowhere');
  noPrompt(t, reply);
  t.regex(reply.title, /no deployment named "nowhere"/);
});
