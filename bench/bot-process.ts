import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
// Inside the project so the build resolves node_modules; not dist/, which others' builds own. Named
// after the checkout: worktrees share one node_modules, and one bench must not measure another's build.
const BUILD = join(ROOT, 'node_modules', '.cache', `ise-chatops-bench-${basename(ROOT)}`);
const ENTRY = join(BUILD, 'bot.mjs');

/**
 * Compiles the bot as `npm install` does (tsconfig.build.json, incremental), into a cache of the bench
 * so the figures are always those of the current tree. The bot then runs as users run it: compiled JS,
 * without the TypeScript loader the bench itself runs under (~50 MB of RSS that is not the bot's).
 */
export async function buildBot(): Promise<{ warnings: string }> {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const args = ['-p', 'tsconfig.build.json', '--outDir', BUILD, '--incremental'];
  args.push('--tsBuildInfoFile', join(BUILD, 'tsbuildinfo'));
  const child = spawn(process.execPath, [tsc, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => {
    output += c.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  const main = join(BUILD, 'adapters', 'cli', 'main.js');
  if (!existsSync(main)) throw new Error(`building the bot failed (tsc exit ${code}):\n${output}`);
  // What bin/ise-chatops does, against this build instead of dist/.
  writeFileSync(
    ENTRY,
    `import { main } from './adapters/cli/main.js';\n` +
      'process.exitCode = await main({ argv: process.argv.slice(2), env: process.env, cwd: process.cwd(), ' +
      'stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });\n',
  );
  // tsc still emits on type errors (someone's work in progress); the bench says so and goes on.
  return { warnings: code === 0 ? '' : output.trim() };
}

export interface BotProcess {
  url: string;
  pid: number;
  /** VmHWM: the most resident memory the process has had (Linux /proc). */
  peakRssMb(): number | undefined;
  stop(): Promise<void>;
}

/** `ise-chatops start --config FILE` in a child process; resolves once it listens. */
export async function startBotProcess(config: Record<string, unknown>, dir: string): Promise<BotProcess> {
  const file = join(dir, 'bot.yaml');
  // JSON is YAML; the config loader reads it as any config file. Owner-only, as the bot asks of a
  // config holding secrets.
  writeFileSync(file, JSON.stringify(config, null, 2), { mode: 0o600 });
  const child = spawn(process.execPath, [ENTRY, 'start', '--config', file], {
    cwd: dir,
    env: {},
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  const port = await listeningPort(child);
  const pid = child.pid ?? 0;
  return {
    url: `http://127.0.0.1:${port}/slack/events`,
    pid,
    peakRssMb: () => {
      try {
        const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
        return kb === undefined ? undefined : Number(kb) / 1024;
      } catch {
        return undefined;
      }
    },
    async stop() {
      const exited = new Promise((resolve) => child.on('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The bot logs (JSON lines on stderr) `listening` with its port; anything at warn or above is shown. */
function listeningPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => reject(new Error(`the bot exited (${code}) before listening`)));
    if (!child.stderr) return reject(new Error('no stderr from the bot'));
    createInterface({ input: child.stderr }).on('line', (line) => {
      let entry: { level?: number; msg?: string; port?: number };
      try {
        entry = JSON.parse(line);
      } catch {
        return console.error(`bot: ${line}`);
      }
      if (entry.msg === 'listening' && entry.port) resolve(entry.port);
      else if ((entry.level ?? 0) >= 40) console.error(`bot: ${line}`);
    });
  });
}
