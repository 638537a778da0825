import test from 'ava';
import { labBot, OPERATOR, panBackupLines, TEAMS_VIEWER, VIEWER } from './helpers.js';

/** No path a viewer has reaches the PAN's CLI with a backup line, and each refusal is in the audit log. */
test('a viewer cannot start a backup by any path, and every attempt is refused and audited', async (t) => {
  const bot = await labBot(t);
  const attempts: Array<[string, () => Promise<string>]> = [
    ['slash command', () => bot.slash('backup config', VIEWER)],
    ['slash command with --yes', () => bot.slash('backup config --yes', VIEWER)],
    ['slash command naming a repository', () => bot.slash('backup operational backup-ftp --yes', VIEWER)],
    // A replayed or forged Confirm button: signed with the right secret, clicked by the viewer.
    ['forged Confirm click', () => bot.click('backup config --yes', 'ise:confirm', VIEWER)],
    ['forged click on another button id', () => bot.click('backup logs --yes', 'ise:rerun', VIEWER)],
    [
      'Teams card submit',
      () =>
        bot.teams({ submit: { ise: { command: 'backup config --yes', action: 'confirm' } } }, TEAMS_VIEWER),
    ],
    ['Teams message with --yes', () => bot.teams('backup config --yes', TEAMS_VIEWER)],
  ];
  for (const [path, attempt] of attempts) {
    const said = await attempt();
    t.regex(said, /needs the operator role/, `${path}: ${said.slice(0, 400)}`);
  }
  // The dispatcher itself, as an adapter would call it with a platform confirmation.
  const direct = await bot.dispatcher.dispatch({
    platform: 'slack',
    user: `slack:${VIEWER}`,
    channel: 'slack:C_OPS',
    text: 'backup config --yes',
    confirmed: true,
  });
  t.is(direct.status, 'denied');

  t.deepEqual(panBackupLines(bot.lab), [], 'no backup line reached the PAN');
  t.deepEqual(await bot.services.store.backups.latest('demo', 10), [], 'no backup job was recorded');
  const audit = await bot.services.store.audit.latest(50);
  const refusals = audit.filter((e) => e.outcome === 'refused' && /^backup/.test(e.target ?? ''));
  t.is(refusals.length, attempts.length + 1, JSON.stringify(audit));
  t.true(refusals.every((e) => /needs operator, has viewer/.test(e.detail ?? '')));
  t.true(refusals.some((e) => e.actor === `teams:${TEAMS_VIEWER}`));
});

test('an operator\u2019s Confirm click does start the backup, so the refusals above are about the role', async (t) => {
  const bot = await labBot(t);
  const said = await bot.click('backup config --yes', 'ise:confirm', OPERATOR);
  t.regex(said, /backup/i);
  t.is(panBackupLines(bot.lab).length, 1, said.slice(0, 400));
});
