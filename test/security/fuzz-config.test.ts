import test from 'ava';
import fc from 'fast-check';
import { parseDocument, stringify } from 'yaml';
import { ConfigError, parseConfig } from '../../src/config/load.js';

/** `${NAME}` as the config file spells an environment reference (built so no literal looks like a slip). */
const ref = (name: string) => `$\{${name}}`;

const ENV = { ISE_REST_PASSWORD: 'Env-Rest-Pass-1', EMPTY: '' };

/** A valid config, the seed that random edits start from. */
const VALID = {
  deployments: [
    {
      name: 'prod',
      pan: 'ise-pan1.example.com',
      rest: { username: 'reader', password: ref('ISE_REST_PASSWORD'), timeoutMs: 2000 },
      ssh: { username: 'admin', password: 'Ssh-Pass-1', hostKeys: {} },
      backup: { repository: 'BACKUP-SFTP', encryptionKey: 'Key12345' },
    },
  ],
  access: { admins: ['slack:U1'], viewers: ['*'] },
  store: { url: 'sqlite::memory:' },
  schedules: [{ kind: 'certs', deployment: 'prod', cron: '0 8 * * 1-5', channel: 'slack:C1' }],
};

/** parseConfig either returns a config or throws a ConfigError listing problems; nothing else. */
function configOrConfigError(raw: unknown): void {
  try {
    const loaded = parseConfig(raw, ENV, 'fuzz.yaml', '/tmp');
    if (loaded.config.deployments.length === 0) throw new Error('a config without deployments passed');
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    if (error.problems.length === 0) throw new Error('a ConfigError without problems');
  }
}

const scalar = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.constantFrom(
    ref('ISE_REST_PASSWORD'),
    ref('MISSING_VAR'),
    ref('').slice(0, 2),
    'postgres://u:p%40ss@127.0.0.1:1/db',
  ),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);

/** A path into VALID and a random value to put there. */
const edit = fc.tuple(
  fc.array(
    fc.constantFrom(
      'deployments',
      0,
      'rest',
      'ssh',
      'backup',
      'access',
      'store',
      'url',
      'name',
      'pan',
      'timeoutMs',
      'hostKeys',
      'schedules',
      'cron',
      'password',
      '__proto__',
      'constructor',
    ),
    { minLength: 1, maxLength: 4 },
  ),
  fc.oneof(scalar, fc.jsonValue({ maxDepth: 2 }), fc.anything({ maxDepth: 2 })),
);

function applyEdit(base: unknown, path: Array<string | number>, value: unknown): unknown {
  const copy = structuredClone(base) as Record<string | number, unknown>;
  let at: Record<string | number, unknown> = copy;
  // YAML gives plain arrays: a named property on an array (e.g. `constructor`) is not a config shape.
  const keyIn = (where: object, key: string | number) => (Array.isArray(where) ? Number(key) || 0 : key);
  for (const raw of path.slice(0, -1)) {
    const key = keyIn(at, raw);
    // Own properties only: walking into `__proto__` must not edit Object.prototype.
    const next = Object.hasOwn(at, key) ? at[key] : undefined;
    const child = next !== null && typeof next === 'object' ? next : {};
    Object.defineProperty(at, key, { value: child, enumerable: true, writable: true, configurable: true });
    at = child as Record<string | number, unknown>;
  }
  Object.defineProperty(at, keyIn(at, path[path.length - 1] ?? 0), {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
  return copy;
}

test('parseConfig answers any JSON-like value with a config or a ConfigError', (t) => {
  fc.assert(
    fc.property(fc.oneof(fc.anything({ maxDepth: 3 }), fc.jsonValue({ maxDepth: 4 })), configOrConfigError),
    { numRuns: 1500 },
  );
  t.pass();
});

test('parseConfig answers random edits of a valid config with a config or a ConfigError', (t) => {
  fc.assert(
    fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), (edits) => {
      const raw = edits.reduce<unknown>((acc, [path, value]) => applyEdit(acc, path, value), VALID);
      configOrConfigError(raw);
    }),
    { numRuns: 1500 },
  );
  t.pass();
});

test('config YAML with random lines spliced in loads or is refused with a ConfigError', (t) => {
  const lines = stringify(VALID).split('\n');
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.nat(lines.length), fc.string({ unit: 'binary', maxLength: 30 })), {
        maxLength: 4,
      }),
      (splices) => {
        const text = [...lines];
        for (const [at, line] of splices) text.splice(at, 0, line);
        const doc = parseDocument(text.join('\n'));
        // loadConfigFile refuses YAML with syntax errors before parseConfig; mirror that.
        if (doc.errors.length > 0) return;
        configOrConfigError(doc.toJS({ maxAliasCount: 100 }) ?? {});
      },
    ),
    { numRuns: 800 },
  );
  t.pass();
});

test('a config error names the key path and never prints a secret value', (t) => {
  const raw = applyEdit(VALID, ['deployments', 0, 'rest', 'timeoutMs'], 'Ssh-Pass-1');
  const error = t.throws(() => parseConfig(raw, ENV, 'x.yaml', '/tmp'), { instanceOf: ConfigError });
  t.regex(error?.message ?? '', /deployments\[0\]\.rest\.timeoutMs/);
  t.false((error?.message ?? '').includes('Ssh-Pass-1'), 'the misplaced value is not echoed');
});
