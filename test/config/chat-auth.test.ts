import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { ConfigError, loadConfigFile } from '../../src/config/load.js';
import { runCli } from '../helpers/io.js';

const BASE = `
deployments:
  - name: prod
    pan: ise-pan1.example.com
    rest: { username: ers, password: Rest-Pass-123 }
`;

function write(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'cfg-')), 'ise-chatops.yaml');
  writeFileSync(file, BASE + text);
  return file;
}

const TEAMS = `
teams:
  appId: \${TEAMS_APP_ID}
  appPassword: \${TEAMS_APP_PASSWORD}
  tenantIds: ["72f988bf-86f1-41af-91ab-2d7cd011db47"]
`;

function problems(file: string, env: Record<string, string>): string[] {
  try {
    loadConfigFile(file, env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

test('TEAMS_APP_ID set but empty stops the bot with exit 2, naming teams.appId, instead of switching auth off', async (t) => {
  const ran = await runCli(['run', 'help', '--config', write(TEAMS)], {
    env: { TEAMS_APP_ID: '', TEAMS_APP_PASSWORD: '' },
  });
  t.is(ran.code, 2);
  t.regex(ran.stderr, /teams\.appId: is empty: set it, or set teams\.allowUnauthenticated: true/);
  t.regex(ran.stderr, /teams\.appPassword: is empty/);
  t.is(ran.stdout, '');
});

test('Teams auth needs appId, appPassword and a tenant allow-list; only allowUnauthenticated: true runs without', (t) => {
  const env = { TEAMS_APP_ID: '00000000-0000-0000-0000-00000000abcd', TEAMS_APP_PASSWORD: 'Teams-Pass-1' };
  t.deepEqual(problems(write(TEAMS), env), []);
  t.deepEqual(problems(write('teams: {}\n'), {}), [
    'teams.appId: is empty: set it, or set teams.allowUnauthenticated: true for local testing only',
    'teams.appPassword: is empty: set it, or set teams.allowUnauthenticated: true for local testing only',
    'teams.tenantIds: list the Microsoft 365 tenant id(s) allowed to use the bot (required with Bot Framework auth on)',
  ]);
  const noTenants = `teams:\n  appId: \${TEAMS_APP_ID}\n  appPassword: \${TEAMS_APP_PASSWORD}\n`;
  t.deepEqual(
    problems(write(noTenants), env).map((p) => p.split(':')[0]),
    ['teams.tenantIds'],
  );
  t.deepEqual(problems(write('teams: { allowUnauthenticated: true }\n'), {}), []);
});

test('slack.teamIds and slack.appId must look like Slack ids', (t) => {
  const slack = (extra: string) =>
    write(`slack:\n  botToken: xoxb-test-token\n  signingSecret: s3cr3t-signing\n${extra}`);
  t.deepEqual(problems(slack('  teamIds: [T0123ABCD, E0456]\n  appId: A0789XYZ\n'), {}), []);
  t.deepEqual(
    problems(slack('  teamIds: [example.slack.com]\n  appId: my-app\n'), {}).map((p) => p.split(':')[0]),
    ['slack.teamIds[0]', 'slack.appId'],
  );
});
