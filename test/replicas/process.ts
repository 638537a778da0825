import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { Lab } from '../../src/lab/lab.js';
import { PROJECT_ROOT } from '../../src/paths.js';

/** A config file for `bin/ise-chatops` pointing at `lab`, with `extra(dir)` keys on top; returns its path. */
export function writeLabConfig(
  lab: Lab,
  extra: (dir: string) => Record<string, unknown>,
): { file: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'replica-'));
  const file = join(dir, 'ise-chatops.yaml');
  writeFileSync(file, stringify({ ...lab.configFor(dir), http: { port: 0 }, ...extra(dir) }), {
    mode: 0o600,
  });
  return { file, dir };
}

export interface BotProcess {
  child: ChildProcessWithoutNullStreams;
  /** Parsed JSON log lines (stderr), in order. */
  logs: Array<Record<string, unknown>>;
  /** stderr lines that were not JSON (there should be none). */
  otherLines: string[];
  stdout(): string;
  /** Resolves with the first log line `match` accepts, past or future. */
  waitForLog(
    match: (line: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ): Promise<Record<string, unknown>>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

/** `bin/ise-chatops start --config FILE` as a child process (the built dist/; `npm run build` first). */
export function startBotProcess(config: string, env: Record<string, string> = {}): BotProcess {
  const child = spawn(
    process.execPath,
    [join(PROJECT_ROOT, 'bin', 'ise-chatops'), 'start', '--config', config],
    {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  const logs: Array<Record<string, unknown>> = [];
  const otherLines: string[] = [];
  let out = '';
  let pending = '';
  const waiters = new Set<() => void>();
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    pending += chunk.toString('utf8');
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines.filter((l) => l.trim() !== '')) {
      try {
        logs.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        otherLines.push(line);
      }
    }
    for (const wake of waiters) wake();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  const waitForLog = (match: (line: Record<string, unknown>) => boolean, timeoutMs = 30_000) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const check = () => {
        const hit = logs.find(match);
        if (!hit) return;
        done();
        resolve(hit);
      };
      const timer = setTimeout(() => {
        done();
        reject(
          new Error(
            `no such log line in ${timeoutMs} ms; got:\n${[...logs.map((l) => JSON.stringify(l)), ...otherLines].join('\n')}`,
          ),
        );
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      void exited.then(() => setImmediate(check));
      waiters.add(check);
      check();
    });
  return { child, logs, otherLines, stdout: () => out, waitForLog, exited };
}
