import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify, stripVTControlCharacters } from 'node:util';
import test from 'ava';
import { createDispatcher } from '../../commands/dispatcher.js';
import { COMMANDS } from '../../commands/index.js';
import { parseConfig } from '../../src/config/load.js';
import { PROJECT_ROOT } from '../../src/paths.js';
import { closeServices, createServices } from '../../src/runtime.js';
import { capturingLogger } from '../helpers/services.js';
import { startLab } from '../lab/helpers.js';

const KEY = 'Lab12345Key';

test('a command run logs one JSON line per event, each with its correlation id, and no secret', async (t) => {
  const lab = await startLab(t, 'healthy-3.2');
  const dir = mkdtempSync(join(tmpdir(), 'logs-'));
  const raw = lab.configFor(dir) as { deployments: Array<Record<string, unknown>> };
  for (const d of raw.deployments) d.backup = { repository: 'backup-sftp', encryptionKey: KEY };
  const loaded = parseConfig({ ...raw, store: { url: 'sqlite::memory:' } }, {}, undefined, dir);
  const { log, lines: chunks } = capturingLogger(loaded.redactor);
  const services = await createServices(loaded, { log });
  t.teardown(() => closeServices(services));
  const dispatcher = createDispatcher(COMMANDS, services);
  const send = (text: string) => dispatcher.dispatch({ platform: 'cli', user: 'cli', channel: 'cli', text });
  // A backup types the encryption key on the CLI, and the lab echoes command lines as ISE does.
  const replies = [await send('readiness'), await send('backup config --yes')];

  t.true(chunks.length > 10);
  const lines = chunks.map((chunk) => {
    t.regex(chunk, /^[^\n]+\n$/, 'one line per write');
    return JSON.parse(chunk) as Record<string, unknown>;
  });
  for (const line of lines) {
    t.is(typeof line.time, 'string');
    t.is(typeof line.level, 'number');
    t.is(typeof line.msg, 'string');
  }
  for (const reply of replies) {
    const id = reply.context.correlationId;
    t.regex(String(id), /^[0-9a-f]{8}$/);
    const own = lines.filter((l) => l.correlationId === id).map((l) => l.msg);
    t.true(own.includes('command started'), `${reply.kind}: started under ${id}`);
    t.true(own.includes('command finished'), `${reply.kind}: finished under ${id}`);
  }
  const secrets = [KEY, lab.scenario.credentials.rest.password, lab.scenario.credentials.ssh.password].filter(
    (s): s is string => typeof s === 'string',
  );
  t.is(secrets.length, 3);
  const text = chunks.join('');
  for (const secret of secrets) t.false(text.includes(secret), 'a secret reached the log');
});

test('pretty mode writes human-readable lines for the console, still redacted', async (t) => {
  // What `start` uses when stdout is a terminal (adapters/cli/main.ts); pino-pretty writes to stderr.
  const script = `
    import { createLogger } from './src/log.js';
    import { Redactor } from './src/secrets.js';
    const log = createLogger({ level: 'info', pretty: true, redactor: new Redactor().add('Very-Secret-9') });
    log.info({ correlationId: 'abcd1234', detail: 'password Very-Secret-9' }, 'command started');
  `;
  const { stderr: colored } = await promisify(execFile)(
    process.execPath,
    ['--import=tsx', '--input-type=module', '-e', script],
    { cwd: PROJECT_ROOT },
  );
  const stderr = stripVTControlCharacters(colored);
  const line = stderr.split('\n').find((l) => l.includes('command started')) ?? '';
  t.regex(line, /^\[\d\d:\d\d:\d\d\] INFO: command started$/);
  t.regex(stderr, /correlationId: "abcd1234"/);
  t.regex(stderr, /password \[redacted\]/);
  t.false(stderr.includes('Very-Secret-9'));
  t.throws(() => JSON.parse(line));
});
