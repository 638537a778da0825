import { PassThrough } from 'node:stream';
import { main } from '../../adapters/cli/main.js';

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
