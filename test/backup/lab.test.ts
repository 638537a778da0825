import test, { type ExecutionContext } from 'ava';
import { loadScenario } from '../../src/lab/scenario.js';
import { startLab } from '../lab/helpers.js';
import { backupOf, labBackupBot, said } from './helpers.js';

/** The whole lab (REST + one SSH server per node) and the bot's default wiring: config → SSH target, OpenAPI. */
async function labBot(
  t: ExecutionContext,
  plant: (scenario: ReturnType<typeof loadScenario>) => void = () => {},
) {
  const scenario = loadScenario('healthy-3.2');
  plant(scenario);
  const lab = await startLab(t, scenario);
  const { services, dispatcher } = await labBackupBot(t, lab, 'backup-lab-');
  const send = (text: string) => dispatcher.dispatch({ platform: 'cli', user: 'cli', channel: 'cli', text });
  return { lab, services, send };
}

test('against the whole lab a config backup of the PAN runs with the default SSH and OpenAPI wiring', async (t) => {
  const { lab, send } = await labBot(t);
  const reply = await send('backup config --yes');
  t.is(reply.status, 'ok', said(reply));
  const file = backupOf(reply).file ?? '';
  t.regex(file, /-CFG10-\d{6}-\d{4}\.tar\.gpg$/);
  const pan = lab.sshStats()[lab.pan.hostname];
  t.true(
    pan?.commands.some((c) => /^backup \S+ repository backup-sftp ise-config encryption-key plain /.test(c)),
  );
  // 3.2: the OpenAPI was asked whether a backup runs, besides the CLI.
  t.true(lab.stats.calls.some((c) => c.path.startsWith('/api/v1/backup-restore/config/last-backup-status')));
});

test('a backup the OpenAPI reports in progress (started from the GUI) is refused', async (t) => {
  const { lab, send } = await labBot(t, (s) => {
    s.backups.last = {
      ...s.backups.last,
      type: 'CONFIGURATION_DB',
      status: 'IN_PROGRESS',
      name: 'gui-backup',
      repository: 'backup-sftp',
    } as typeof s.backups.last;
  });
  const reply = await send('backup config --yes');
  t.is(reply.status, 'error', said(reply));
  t.regex(reply.title, /^ISE is already running a backup gui-backup to backup-sftp/);
  const pan = lab.sshStats()[lab.pan.hostname];
  t.false(pan?.commands.some((c) => /^backup /.test(c)));
});
