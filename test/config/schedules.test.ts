import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { ConfigError, loadConfigFile } from '../../src/config/load.js';
import { runCli } from '../helpers/io.js';

function write(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'cfg-')), 'ise-chatops.yaml');
  writeFileSync(file, text);
  return file;
}

const withSchedules = (schedules: string) => `
deployments:
  - name: prod
    pan: ise-pan1.example.com
    rest: { username: reader, password: Rest-Pass-123 }
schedules:
${schedules}
`;

const GOOD_ENTRY = `  - kind: readiness
    deployment: prod
    cron: "0 8 * * 1-5"
    timezone: Europe/Berlin
    channel: "slack:C0123456"`;

test('schedules with a valid cron and an IANA zone load; the zone defaults to UTC', (t) => {
  const { config } = loadConfigFile(
    write(
      withSchedules(`${GOOD_ENTRY}
  - kind: certs
    deployment: prod
    cron: "30 2 * * *"
    channel: "slack:C0123456"`),
    ),
    {},
  );
  t.deepEqual(
    config.schedules.map((s) => [s.cron, s.timezone]),
    [
      ['0 8 * * 1-5', 'Europe/Berlin'],
      ['30 2 * * *', 'UTC'],
    ],
  );
});

test('a bad cron and an unknown zone in schedules[] are config errors naming their key paths', (t) => {
  const error = t.throws(
    () =>
      loadConfigFile(
        write(
          withSchedules(`${GOOD_ENTRY}
  - kind: readiness
    deployment: prod
    cron: "0 25 * * *"
    timezone: Europe/Berlin
    channel: "slack:C0123456"
  - kind: certs
    deployment: prod
    cron: "0 8 * * *"
    timezone: Europe/Berlinn
    channel: "slack:C0123456"`),
        ),
        {},
      ),
    { instanceOf: ConfigError },
  );
  t.deepEqual(error?.problems, [
    'schedules[1].cron: "0 25 * * *" is not a cron expression: 25 is an invalid expression for hour. Five fields: minute hour day-of-month month day-of-week.',
    'schedules[2].timezone: "Europe/Berlinn" is not a time zone I know. Use an IANA name such as Europe/Berlin, America/New_York or UTC.',
  ]);
});

test('the bot refuses to start on a schedule with a bad cron: exit 2 with the key path, nothing run', async (t) => {
  const file = write(
    withSchedules(`  - kind: readiness
    deployment: prod
    cron: "every morning"
    timezone: Mars/Olympus
    channel: "slack:C0123456"`),
  );
  const ran = await runCli(['run', 'help', '--config', file]);
  t.is(ran.code, 2);
  t.regex(ran.stderr, /schedules\[0\]\.cron: "every morning" is not a cron expression/);
  t.regex(ran.stderr, /schedules\[0\]\.timezone: "Mars\/Olympus" is not a time zone I know/);
  t.is(ran.stdout, '');
});
