import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { ConfigError, loadConfigFile } from '../../src/config/load.js';
import { runCli } from '../helpers/io.js';

function configIn(display: string): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'display-'));
  const file = join(dir, 'ise-chatops.yaml');
  writeFileSync(
    file,
    `
deployments:
  - name: prod
    pan: ise-pan1.example.com
    rest: { username: reader, password: Rest-Pass-123 }
store:
  url: sqlite:${join(dir, 'bot.db')}
access:
  admins: [cli]
${display}
`,
  );
  return { dir, file };
}

test('display.timezone defaults to UTC and takes an IANA zone; an unknown one is a config error naming the key', (t) => {
  t.is(loadConfigFile(configIn('').file, {}).config.display.timezone, 'UTC');
  t.is(
    loadConfigFile(configIn('display: { timezone: Europe/Berlin }').file, {}).config.display.timezone,
    'Europe/Berlin',
  );
  const error = t.throws(() => loadConfigFile(configIn('display: { timezone: Mars/Olympus }').file, {}), {
    instanceOf: ConfigError,
  });
  t.regex(error?.message ?? '', /display\.timezone: "Mars\/Olympus" is not a time zone/);
});

test('`run` prints times in display.timezone with the zone named', async (t) => {
  const { dir, file } = configIn('display: { timezone: Europe/Berlin }');
  const subscribe = ['run', 'subscribe certs "0 9 * * *" UTC --channel slack:C0123456', '--config'];
  const ran = await runCli([...subscribe, file], { cwd: dir });
  t.is(ran.code, 0, ran.stderr);
  // 09:00 UTC on the schedule is 10:00 in Berlin in winter, 11:00 in summer: named either way.
  t.regex(ran.stdout, /09:00 UTC · your time: \d{4}-\d\d-\d\d 1[01]:00 CES?T/);
  const utc = configIn('');
  const plain = await runCli([...subscribe, utc.file], { cwd: utc.dir });
  t.regex(plain.stdout, /09:00 UTC · your time: \d{4}-\d\d-\d\d 09:00 UTC/);
});
