import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Where the CLI output samples live; `real/` holds only captures whose source is named. */
export const CLI_FIXTURES = join(import.meta.dirname, '../fixtures/cli');

/**
 * A captured CLI output under `test/fixtures/cli/real/<command>/<release>-<source>.txt`. Each file starts
 * with `# key: value` header lines (source, address, release, transcription) closed by a `# ---` line;
 * everything after that line is the output exactly as the source printed it.
 */
export interface RealSample {
  /** e.g. `show-application-status/2.4p12-kaisero-blog`. */
  readonly id: string;
  /** The directory: the command, e.g. `show-application-status`. */
  readonly command: string;
  readonly header: Readonly<Record<string, string>>;
  readonly text: string;
}

const HEADER_END = '# ---\n';

export function parseRealSample(id: string, raw: string): RealSample {
  const end = raw.indexOf(HEADER_END);
  if (end < 0) throw new Error(`${id}: no "# ---" line closing the source header`);
  const header: Record<string, string> = {};
  for (const line of raw
    .slice(0, end)
    .split('\n')
    .filter((l) => l !== '')) {
    const field = /^# ([a-z]+): (.+)$/.exec(line);
    if (field === null) throw new Error(`${id}: header line is not "# key: value": ${line}`);
    header[field[1] as string] = field[2] as string;
  }
  return { id, command: id.split('/')[0] ?? id, header, text: raw.slice(end + HEADER_END.length) };
}

/** One real sample by id (`<command>/<release>-<source>`, without `.txt`). */
export function realSample(id: string): RealSample {
  return parseRealSample(id, readFileSync(join(CLI_FIXTURES, 'real', `${id}.txt`), 'utf8'));
}

/** Every real sample, optionally only those of one command. */
export function realSamples(command?: string): RealSample[] {
  const root = join(CLI_FIXTURES, 'real');
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.txt'))
    .map((f) =>
      relative(root, join(root, f))
        .replace(/\\/g, '/')
        .replace(/\.txt$/, ''),
    )
    .filter((id) => command === undefined || id.startsWith(`${command}/`))
    .sort()
    .map(realSample);
}

/** Every fixture file's text (real samples without their header), for tests that only need CLI-like text. */
export function allCliFixtureTexts(): string[] {
  return readdirSync(CLI_FIXTURES, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.txt'))
    .map((f) => {
      const raw = readFileSync(join(CLI_FIXTURES, f), 'utf8');
      return f.startsWith('real') ? parseRealSample(f, raw).text : raw;
    });
}
