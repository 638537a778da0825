import test from 'ava';
import fc from 'fast-check';
import {
  classifyBackupLine,
  createBackupProgressTracker,
  parseBackupFileName,
  parseBackupTranscript,
  parseShowApplicationStatus,
  parseShowApplicationVersion,
  parseShowBackupHistory,
  parseShowBackupStatus,
  parseShowDisks,
  parseShowMemory,
  parseShowNtp,
  parseShowRepository,
  parseShowRestoreStatus,
  parseShowRunningConfig,
  parseShowTimezone,
  parseShowVersion,
} from '../../src/ise/cli/parsers/index.js';
import { cliTimestamp, parseBackupStamp, parseIseDate, parseIseDateResult } from '../../src/ise/dates.js';
import { allCliFixtureTexts } from '../helpers/cli-fixtures.js';

const fixtureLines = allCliFixtureTexts().flatMap((text) => text.split('\n'));

/** Every CLI output parser: each must return a value for any text, never throw. */
const PARSERS: Record<string, (text: string) => unknown> = {
  parseShowApplicationStatus,
  parseShowApplicationVersion,
  parseShowBackupHistory,
  parseShowBackupStatus,
  parseShowRestoreStatus,
  parseShowDisks,
  parseShowMemory,
  parseShowNtp,
  parseShowRepository,
  parseShowRunningConfig,
  parseShowTimezone,
  parseShowVersion,
  parseBackupTranscript,
  parseBackupFileName,
  classifyBackupLine,
  trackBackup: (text) => {
    const tracker = createBackupProgressTracker();
    const half = Math.floor(text.length / 2);
    return [...tracker.write(text.slice(0, half)), ...tracker.write(text.slice(half)), ...tracker.end()];
  },
};

/** CLI-like text: real output lines shuffled and cut, mixed with noise, ANSI, CR, --More-- and huge numbers. */
const noise = fc.oneof(
  fc.constantFrom(
    '\r',
    '\x1b[7m--More--\x1b[27m',
    '% Invalid command',
    'ise-pan1/admin#',
    '99999999999999999999999 %',
    'NaN',
    '-1',
    ':',
    '  ',
    '\t',
    '\u0000',
    '% Application not installed',
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
);
const line = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...fixtureLines) },
  { weight: 1, arbitrary: noise },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom(...fixtureLines), fc.nat(80), noise)
      .map(([l, at, n]) => `${l.slice(0, at)}${n}${l.slice(at)}`),
  },
);
const cliText = fc.array(line, { maxLength: 60 }).map((lines) => lines.join('\n'));

for (const [name, parse] of Object.entries(PARSERS)) {
  test(`${name} returns a value for any CLI-like text without throwing or hanging`, (t) => {
    fc.assert(
      fc.property(cliText, (text) => {
        const started = performance.now();
        parse(text);
        if (performance.now() - started > 200) throw new Error(`took ${performance.now() - started} ms`);
      }),
      { numRuns: 400 },
    );
    t.pass();
  });
}

test('every CLI output parser survives a very long single line and a very long output quickly', (t) => {
  const long = 'a'.repeat(200_000);
  const many = fixtureLines.join('\n').repeat(20);
  for (const [name, parse] of Object.entries(PARSERS)) {
    const started = performance.now();
    parse(long);
    parse(many);
    parse(`${' '.repeat(50_000)}x${'\t'.repeat(50_000)}`);
    parse('-'.repeat(100_000));
    parse('--More'.repeat(20_000));
    parse(': '.repeat(50_000));
    t.true(performance.now() - started < 3000, `${name} took ${performance.now() - started} ms`);
  }
});

const dateText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc
    .tuple(
      fc.constantFrom('', 'Thu ', 'Thursday, ', 'Mon '),
      fc.constantFrom('Oct', 'Feb', 'Foo', 'February'),
      fc.integer({ min: -1, max: 99 }),
      fc.integer({ min: 0, max: 99 }),
      fc.integer({ min: 0, max: 99 }),
      fc.constantFrom('', 'UTC ', 'CEST ', 'XYZ ', '+02:00 ', 'GMT+5 '),
      fc.integer({ min: 0, max: 99999 }),
    )
    .map(([wd, mo, d, h, m, z, y]) => `${wd}${mo} ${d} ${h}:${m}:${m} ${z}${y}`),
  fc
    .tuple(
      fc.integer({ min: 0, max: 99999 }),
      fc.nat(99),
      fc.nat(99),
      fc.constantFrom('', 'T10:00:00', ' 25:61', 'Z', '+14:00'),
    )
    .map(([y, m, d, rest]) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}${rest}`),
  fc.bigInt({ min: 0n, max: 10n ** 14n }).map(String),
);
const zone = fc.oneof(
  fc.constantFrom('UTC', 'Europe/Berlin', 'Asia/Kolkata', 'Not/AZone', ''),
  fc.string({ maxLength: 12 }),
);

test('ISE dates parse to a valid date or a typed failure for any text and zone', (t) => {
  fc.assert(
    fc.property(dateText, zone, (text, zonelessTimeZone) => {
      const result = parseIseDateResult(text, { zonelessTimeZone });
      if (result.ok && !Number.isFinite(result.date.getTime())) throw new Error(`invalid date for "${text}"`);
      const date = parseIseDate(text, { zonelessTimeZone });
      if (date !== undefined && !Number.isFinite(date.getTime())) throw new Error('invalid date');
      cliTimestamp(text, { zonelessTimeZone });
      const stamp = parseBackupStamp(text, { zonelessTimeZone });
      if (stamp !== undefined && !Number.isFinite(stamp.getTime())) throw new Error('invalid stamp');
    }),
    { numRuns: 3000 },
  );
  t.pass();
});
