import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import test from 'ava';
import { ConfigError, findConfigFile, loadConfigFile } from '../../src/config/load.js';
import { closeServices, createServices } from '../../src/runtime.js';
import { runCli } from '../helpers/io.js';
import { capturingLogger } from '../helpers/services.js';

function write(text: string, name = 'ise-chatops.yaml'): string {
  const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

const GOOD = `
deployments:
  - name: prod
    pan: ise-pan1.example.com
    rest:
      username: \${ISE_REST_USER}
      password: \${ISE_REST_PASSWORD}
    ssh:
      username: admin
      password: \${ISE_SSH_PASSWORD}
    backup:
      repository: BACKUP-SFTP
      encryptionKey: \${ISE_BACKUP_KEY}
slack:
  botToken: xoxb-1111-2222-secret
  signingSecret: 8f14e45fceea167a5a36dedd4bea2543
access:
  viewers: ["*"]
  operators: ["slack:U123"]
`;

const ENV = {
  ISE_REST_USER: 'ers-reader',
  ISE_REST_PASSWORD: 'Rest-Pass-123',
  ISE_SSH_PASSWORD: 'Ssh-Pass-456',
  ISE_BACKUP_KEY: 'Backup0Key9',
};

test('a valid config loads with defaults filled in and environment variables substituted', (t) => {
  const { config } = loadConfigFile(write(GOOD), ENV);
  const [prod] = config.deployments;
  t.is(prod?.rest.username, 'ers-reader');
  t.is(prod?.rest.password.reveal(), 'Rest-Pass-123');
  t.is(prod?.rest.ersPort, 9060);
  t.is(prod?.rest.openApiPort, 443);
  t.is(config.http.port, 3000);
  t.true(config.store.url.startsWith('sqlite:'));
});

test('secrets never show when a config is printed, inspected or JSON-encoded', (t) => {
  const { config, redactor } = loadConfigFile(write(GOOD), ENV);
  const shown = [JSON.stringify(config), inspect(config, { depth: 10 }), String(config.slack?.botToken)].join(
    '\n',
  );
  for (const secret of [
    'Rest-Pass-123',
    'Ssh-Pass-456',
    'Backup0Key9',
    'xoxb-1111-2222-secret',
    '8f14e45fceea167a5a36dedd4bea2543',
  ]) {
    t.false(shown.includes(secret), secret);
    t.is(redactor.redact(`echo ${secret} back`), 'echo [redacted] back');
  }
});

test('a missing environment variable is named with the key that uses it', (t) => {
  const error = t.throws(() => loadConfigFile(write(GOOD), { ...ENV, ISE_BACKUP_KEY: undefined }), {
    instanceOf: ConfigError,
  });
  t.deepEqual(error?.problems, [
    'deployments[0].backup.encryptionKey: environment variable ISE_BACKUP_KEY is not set (nor ISE_BACKUP_KEY_FILE)',
  ]);
});

test('every problem of a bad config is reported at once, each with its key path', (t) => {
  const bad = `
deployments:
  - name: Prod_1
    pan: ise.example.com
    rest: { username: u, password: p, ersPort: 99999 }
    ssh: { username: admin }
access:
  operators: [U123]
`;
  const error = t.throws(() => loadConfigFile(write(bad), {}), { instanceOf: ConfigError });
  const text = error?.problems.join('\n') ?? '';
  t.regex(text, /deployments\[0\]\.name: must match \[a-z0-9-\]\+/);
  t.regex(text, /deployments\[0\]\.rest\.ersPort/);
  t.regex(text, /deployments\[0\]\.ssh: set password or privateKeyFile/);
  t.regex(text, /access\.operators\[0\]/);
  t.regex(text, /deployments\[0\]\.rest\.password: must be at least 8 characters/);
  t.is(error?.problems.length, 5);
});

test('an unknown key is a mistake, not silently ignored', (t) => {
  const error = t.throws(() => loadConfigFile(write(GOOD.replace('access:', 'acess:')), ENV), {
    instanceOf: ConfigError,
  });
  t.regex(error?.problems.join('\n') ?? '', /acess/);
});

test('the config file comes from --config, else ISE_CHATOPS_CONFIG, else ./ise-chatops.yaml', (t) => {
  const local = write('x: 1');
  const dir = join(local, '..');
  t.is(findConfigFile('other.yaml', { ISE_CHATOPS_CONFIG: 'env.yaml' }, dir), join(dir, 'other.yaml'));
  t.is(findConfigFile(undefined, { ISE_CHATOPS_CONFIG: 'env.yaml' }, dir), join(dir, 'env.yaml'));
  t.is(findConfigFile(undefined, {}, dir), local);
  t.is(findConfigFile(undefined, {}, mkdtempSync(join(tmpdir(), 'empty-'))), undefined);
});

test('run with a config holding three mistakes prints all three and exits 2', async (t) => {
  const bad = write(
    `
deployments:
  - name: prod
    pan: ise.example.com
    rest: { username: u, password: "\${NOT_SET}", timeoutMs: 5 }
store: { url: mysql://x }
`,
    'bad.yaml',
  );
  const ran = await runCli(['run', 'nodes', '--config', bad]);
  t.is(ran.code, 2);
  t.regex(ran.stderr, /deployments\[0\]\.rest\.password: environment variable NOT_SET is not set/);
  t.regex(ran.stderr, /deployments\[0\]\.rest\.timeoutMs/);
  t.regex(ran.stderr, /store\.url: must start with sqlite: or postgres:\/\//);
  t.is(ran.stdout, '');
});

test('a password, key or token shorter than 8 characters is a config error naming its key, never its value', (t) => {
  const short = GOOD.replace('xoxb-1111-2222-secret', 'xoxb-1').replace(
    'signingSecret: 8f14e45fceea167a5a36dedd4bea2543',
    'signingSecret: "a\\"b"',
  );
  const error = t.throws(() => loadConfigFile(write(short), { ...ENV, ISE_BACKUP_KEY: 'k9' }), {
    instanceOf: ConfigError,
  });
  t.deepEqual(error?.problems, [
    'deployments[0].backup.encryptionKey: must be at least 8 characters (a password, key or token)',
    'slack.botToken: must be at least 8 characters (a password, key or token)',
    'slack.signingSecret: must be at least 8 characters (a password, key or token)',
  ]);
  t.false(/k9|xoxb-1\b|a\\?"b/.test(error?.problems.join('\n') ?? ''));
});

test('a variable reference reads VAR_FILE when VAR is unset (Docker and Kubernetes secrets), less its trailing newline', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'secret-'));
  const file = join(dir, 'ise_rest_password');
  writeFileSync(file, 'File-Rest-Pass-9\n', { mode: 0o600 });
  const { config, redactor } = loadConfigFile(write(GOOD), {
    ...ENV,
    ISE_REST_PASSWORD: undefined,
    ISE_REST_PASSWORD_FILE: file,
  });
  t.is(config.deployments[0]?.rest.password.reveal(), 'File-Rest-Pass-9');
  t.is(redactor.redact('sent File-Rest-Pass-9'), 'sent [redacted]');
});

test('an unreadable VAR_FILE, or both VAR and VAR_FILE, is a config error naming the key, never a value', (t) => {
  const missing = join(mkdtempSync(join(tmpdir(), 'secret-')), 'absent');
  const error = t.throws(
    () =>
      loadConfigFile(write(GOOD), {
        ...ENV,
        ISE_REST_PASSWORD: undefined,
        ISE_REST_PASSWORD_FILE: missing,
        ISE_SSH_PASSWORD_FILE: missing,
      }),
    { instanceOf: ConfigError },
  );
  const text = error?.problems.join('\n') ?? '';
  t.regex(
    text,
    new RegExp(
      `deployments\\[0\\]\\.rest\\.password: ISE_REST_PASSWORD_FILE names ${missing}, which cannot be read \\(ENOENT\\)`,
    ),
  );
  t.regex(
    text,
    /deployments\[0\]\.ssh\.password: both ISE_SSH_PASSWORD and ISE_SSH_PASSWORD_FILE are set; keep one/,
  );
  t.false(text.includes(ENV.ISE_SSH_PASSWORD));
});

test('a config file that group or others can read is loaded with a warning saying chmod 600', (t) => {
  const file = write(GOOD);
  chmodSync(file, 0o644);
  const open = loadConfigFile(file, ENV);
  t.deepEqual(open.warnings?.length, 1);
  t.regex(open.warnings?.[0] ?? '', /readable by every local user \(mode 0644\).*chmod 600/);
  chmodSync(file, 0o600);
  t.deepEqual(loadConfigFile(file, ENV).warnings ?? [], []);
});

test('the bot logs the readable-config warning when it starts', async (t) => {
  const file = write(GOOD.replace('deployments:', 'store: { url: "sqlite::memory:" }\ndeployments:'));
  chmodSync(file, 0o640);
  const loaded = loadConfigFile(file, ENV);
  const { log, lines } = capturingLogger(loaded.redactor);
  const services = await createServices(loaded, { log });
  t.teardown(() => closeServices(services));
  const warning = lines
    .map((l) => JSON.parse(l) as { level: number; msg: string })
    .find((l) => l.level === 40);
  t.regex(warning?.msg ?? '', /config file .* is readable by its group \(mode 0640\)/);
});
