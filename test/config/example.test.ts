import { join } from 'node:path';
import test from 'ava';
import { loadConfigFile } from '../../src/config/load.js';
import { PROJECT_ROOT } from '../../src/paths.js';

test('the shipped example config is valid once its environment variables are set', (t) => {
  const env = Object.fromEntries(
    [
      'ISE_REST_USER',
      'ISE_REST_PASSWORD',
      'ISE_SSH_USER',
      'ISE_SSH_PASSWORD',
      'ISE_PSN3_SSH_USER',
      'ISE_PSN3_SSH_PASSWORD',
      'ISE_BACKUP_KEY',
      'SLACK_BOT_TOKEN',
      'SLACK_SIGNING_SECRET',
      'TEAMS_APP_ID',
      'TEAMS_APP_PASSWORD',
      'TEAMS_TENANT_ID',
    ].map((name) => [name, `${name.toLowerCase()}-value`]),
  );
  const { config } = loadConfigFile(join(PROJECT_ROOT, 'ise-chatops.example.yaml'), env);
  t.is(config.deployments[0]?.name, 'prod');
  t.is(config.deployments[0]?.nodes['ise-psn3']?.ssh?.username, 'ise_psn3_ssh_user-value');
  t.is(config.schedules[0]?.timezone, 'Europe/Berlin');
});
