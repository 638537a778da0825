import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../../adapters/cli/main.js';
import { PROJECT_ROOT } from '../../src/paths.js';

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI entry in-process with piped stdin/stdout, as `bin/ise-chatops` would. */
export async function runCli(
  argv: string[],
  options: { stdin?: string; env?: Record<string, string>; cwd?: string } = {},
): Promise<Ran> {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => {
    out += c.toString();
  });
  stderr.on('data', (c: Buffer) => {
    err += c.toString();
  });
  stdin.end(options.stdin ?? '');
  const code = await main({
    argv,
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    stdin,
    stdout,
    stderr,
  });
  return { code, stdout: out, stderr: err };
}

/**
 * Runs the built `bin/ise-chatops` as its own process in a fresh empty folder (so no config is found
 * and the demo starts), with `stdin` piped in as `echo … | npm start` does.
 */
export async function pipeToBin(stdin: string): Promise<{ code: number | null; stdout: string }> {
  const child = spawn(process.execPath, [join(PROJECT_ROOT, 'bin', 'ise-chatops')], {
    cwd: mkdtempSync(join(tmpdir(), 'bin-')),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  child.stdout.on('data', (c: Buffer) => {
    stdout += c.toString();
  });
  child.stdin.end(stdin);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, stdout };
}

/** Runs the built `bin/ise-chatops` with `argv` as its own process in `cwd` (a fresh empty folder: the demo). */
export async function runBin(argv: string[], cwd = mkdtempSync(join(tmpdir(), 'bin-'))): Promise<Ran> {
  const child = spawn(process.execPath, [join(PROJECT_ROOT, 'bin', 'ise-chatops'), ...argv], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => {
    stdout += c.toString();
  });
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code: code ?? -1, stdout, stderr };
}
