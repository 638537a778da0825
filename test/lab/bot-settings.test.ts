import test from 'ava';
import { parseConfig } from '../../src/config/load.js';
import { startLab } from './helpers.js';

const scenario = (bot?: Record<string, unknown>) => ({
  name: 'tiny',
  version: '3.2.0.542',
  patch: 7,
  nodes: [{ hostname: 'ise01', roles: ['PrimaryAdmin'] }],
  ...(bot === undefined ? {} : { bot }),
});

test('a scenario’s bot: settings become the backup and target of the config the lab writes', async (t) => {
  const lab = await startLab(
    t,
    scenario({ target: '3.4', backup: { repository: 'backup-sftp', encryptionKey: 'Lab12345Key' } }),
    { ssh: false },
  );
  const { config } = parseConfig(lab.configFor(), {}, undefined, process.cwd());
  const deployment = config.deployments[0];
  t.is(deployment?.target, '3.4');
  t.is(deployment?.backup?.repository, 'backup-sftp');
  t.is(deployment?.backup?.encryptionKey?.reveal(), 'Lab12345Key');
});

test('without bot: settings the config has no backup and no target, as a fresh install would', async (t) => {
  const lab = await startLab(t, scenario(), { ssh: false });
  const { config } = parseConfig(lab.configFor(), {}, undefined, process.cwd());
  t.is(config.deployments[0]?.target, undefined);
  t.is(config.deployments[0]?.backup, undefined);
});
