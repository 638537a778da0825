import test from 'ava';
import { loadScenario } from '../../src/lab/scenario.js';
import { fallbackText, renderText } from '../../src/reply/text.js';
import { startLab } from '../lab/helpers.js';
import { labelProblems, pluralProblems, zoneProblems } from '../reply/wording.js';
import { labBackupBot, said } from './helpers.js';

test('backup status labels start with a capital and every time it shows carries its zone', async (t) => {
  const lab = await startLab(t, loadScenario('healthy-3.2'));
  const { services, dispatcher } = await labBackupBot(t, lab, 'backup-status-');
  const startedAt = new Date('2026-12-07T22:15:00Z');
  await services.store.backups.start({
    id: 'job-1',
    deployment: 'healthy-3-2',
    kind: 'config',
    repository: 'backup-sftp',
    name: 'healthy-3-2-config-20261207T221500',
    actor: 'slack:U1',
    startedAt,
  });
  await services.store.backups.finish('job-1', {
    status: 'success',
    at: new Date('2026-12-07T22:40:00Z'),
    file: 'healthy-3-2-config-20261207T221500-CFG10-261207-2215.tar.gpg',
    message: 'done',
  });
  const reply = await dispatcher.dispatch({
    platform: 'cli',
    user: 'cli',
    channel: 'cli',
    text: 'backup status',
  });
  const text = renderText(reply);
  // A line per job: its time (in the reader's zone in chat) and who started it (a mention in chat).
  t.regex(text, /2026-12-07 22:15 UTC · config to backup-sftp · by @U1 · success/, text);
  const full = renderText(reply, { details: true });
  t.deepEqual(
    [
      ...labelProblems(reply),
      ...[full, fallbackText(reply)].flatMap((x) => [...zoneProblems(x), ...pluralProblems(x)]),
    ],
    [],
    said(reply),
  );
  // ISE's own sections are fields, each label a capitalised name: "Configuration backup".
  t.regex(text, /Configuration backup: /);
});
