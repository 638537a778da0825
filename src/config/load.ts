import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { Redactor, Secret } from '../secrets.js';
import { type Config, configSchema } from './schema.js';

/** Every problem found in a config file, each with its key path; the CLI prints them all and exits 2. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(
      `${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n  - ${problems.join('\n  - ')}`,
    );
  }
}

export interface LoadedConfig {
  config: Config;
  /** Where it came from: a file path, or undefined for the built-in demo. */
  file: string | undefined;
  /** Fed with every secret of the config: logs, replies and the audit log pass through it. */
  redactor: Redactor;
  /** Problems that do not stop the bot (a config file others can read); logged at start. */
  warnings?: string[];
}

export type Env = Readonly<Record<string, string | undefined>>;

/** `--config FILE`, else `ISE_CHATOPS_CONFIG`, else `./ise-chatops.yaml` if it exists (CONTRACTS.md). */
export function findConfigFile(flag: string | undefined, env: Env, cwd: string): string | undefined {
  if (flag) return resolve(cwd, flag);
  if (env.ISE_CHATOPS_CONFIG) return resolve(cwd, env.ISE_CHATOPS_CONFIG);
  const local = resolve(cwd, 'ise-chatops.yaml');
  return existsSync(local) ? local : undefined;
}

export function loadConfigFile(file: string, env: Env): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(file, [`cannot read the file: ${(error as NodeJS.ErrnoException).code ?? error}`]);
  }
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      file,
      doc.errors.map((e) => `YAML syntax: ${e.message.split('\n')[0]}`),
    );
  }
  const loaded = parseConfig(doc.toJS() ?? {}, env, file, dirname(file));
  const exposed = exposure(file);
  return exposed ? { ...loaded, warnings: [...(loaded.warnings ?? []), exposed] } : loaded;
}

/** A warning when group or others may read the config file: it holds secrets or says where they are. */
export function exposure(file: string, platform = process.platform): string | undefined {
  if (platform === 'win32') return undefined;
  const mode = statSync(file).mode & 0o777;
  if ((mode & 0o044) === 0) return undefined;
  return (
    `config file ${file} is readable by ${mode & 0o004 ? 'every local user' : 'its group'} ` +
    `(mode ${mode.toString(8).padStart(4, '0')}); it holds or points at the bot's secrets: chmod 600 it`
  );
}

/** Validates a config object (from YAML or built in code, e.g. the lab's), substituting `${VAR}`s. */
export function parseConfig(raw: unknown, env: Env, file: string | undefined, baseDir: string): LoadedConfig {
  const problems: string[] = [];
  const substituted = substitute(raw, [], env, problems);
  // A value whose `${VAR}` failed is already reported; its emptiness is no second problem.
  const unresolved = new Set(problems.map((p) => p.slice(0, p.indexOf(': '))));
  const result = configSchema.safeParse(substituted);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const at = formatPath(issue.path);
      if (!unresolved.has(at)) problems.push(`${at}: ${issue.message}`);
    }
  }
  if (problems.length > 0 || !result.success) throw new ConfigError(file ?? '(built-in config)', problems);
  const config = resolvePaths(result.data, baseDir);
  const redactor = new Redactor();
  collectSecrets(config, redactor);
  return { config, file, redactor };
}

const VAR = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * `${NAME}` is the environment variable NAME or, when NAME is unset, the content of the file that
 * NAME_FILE names (the container convention for Docker and Kubernetes secrets), less one trailing
 * newline. Problems name the key path and the variable, never the value.
 */
function substitute(value: unknown, path: PropertyKey[], env: Env, problems: string[]): unknown {
  if (typeof value === 'string') {
    return value.replace(VAR, (_, name: string) => {
      const found = env[name];
      const file = env[`${name}_FILE`];
      if (found !== undefined && file !== undefined) {
        problems.push(`${formatPath(path)}: both ${name} and ${name}_FILE are set; keep one`);
        return '';
      }
      if (found !== undefined) return found;
      if (file === undefined) {
        problems.push(`${formatPath(path)}: environment variable ${name} is not set (nor ${name}_FILE)`);
        return '';
      }
      try {
        return readFileSync(file, 'utf8').replace(/\r?\n$/, '');
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
        problems.push(`${formatPath(path)}: ${name}_FILE names ${file}, which cannot be read (${code})`);
        return '';
      }
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => substitute(v, [...path, i], env, problems));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, substitute(v, [...path, k], env, problems)]),
    );
  }
  return value;
}

export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(top level)';
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join('');
}

/** Relative file paths in the config are relative to the config file, not to wherever the bot started. */
function resolvePaths(config: Config, baseDir: string): Config {
  const at = (p: string) => (isAbsolute(p) ? p : resolve(baseDir, p));
  const store = config.store.url.startsWith('sqlite:')
    ? {
        url: `sqlite:${config.store.url.slice('sqlite:'.length) === ':memory:' ? ':memory:' : at(config.store.url.slice('sqlite:'.length))}`,
      }
    : config.store;
  return {
    ...config,
    store,
    deployments: config.deployments.map((d) => ({
      ...d,
      rest: { ...d.rest, ...(d.rest.caFile === undefined ? {} : { caFile: at(d.rest.caFile) }) },
      ...(d.ssh === undefined
        ? {}
        : {
            ssh: {
              ...d.ssh,
              ...(d.ssh.privateKeyFile === undefined ? {} : { privateKeyFile: at(d.ssh.privateKeyFile) }),
            },
          }),
      nodes: Object.fromEntries(
        Object.entries(d.nodes).map(([host, node]) => [
          host,
          node.ssh?.privateKeyFile === undefined
            ? node
            : { ...node, ssh: { ...node.ssh, privateKeyFile: at(node.ssh.privateKeyFile) } },
        ]),
      ),
    })),
  };
}

function collectSecrets(value: unknown, redactor: Redactor): void {
  if (value instanceof Secret) {
    redactor.add(value);
  } else if (Array.isArray(value)) {
    for (const v of value) collectSecrets(v, redactor);
  } else if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) collectSecrets(v, redactor);
  }
  // A password inside a postgres:// URL is a secret too.
  if (typeof value === 'string' && /^postgres(ql)?:\/\//.test(value)) {
    const password = URL.canParse(value) ? new URL(value).password : '';
    if (password) redactor.add(decodeURIComponent(password));
  }
}
