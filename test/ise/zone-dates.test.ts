import test from 'ava';
import { parseShowTimezone } from '../../src/ise/cli/parsers/index.js';
import { parseIseDate, parseIseDateResult } from '../../src/ise/dates.js';
import { JAVA_NAMED_ZONES, javaAbbreviation } from '../../src/ise/java-zone-names.js';
import { nodeZones, rereadWithZones, withDates } from '../../src/ise/readers/certificate-dates.js';
import { showClock, showTimezone } from '../../src/lab/cli/render-clock.js';
import { javaDate } from '../../src/lab/rest/java-date.js';
import { transitions } from '../helpers/zone-transitions.js';

const iso = (text: string, zones?: string[]) =>
  parseIseDate(text, zones === undefined ? {} : { zones })?.toISOString();

test('IST is India in Asia/Kolkata, Irish summer time in Europe/Dublin and Israel in Asia/Jerusalem', (t) => {
  const text = 'Wed Jul 15 12:00:00 IST 2026';
  t.is(iso(text, ['Asia/Kolkata']), '2026-07-15T06:30:00.000Z');
  t.is(iso(text, ['Europe/Dublin']), '2026-07-15T11:00:00.000Z');
  // Israel Standard Time is +02:00 (its summer name is IDT).
  t.is(iso(text, ['Asia/Jerusalem']), '2026-07-15T10:00:00.000Z');
  // Legacy names ISE may be configured with resolve through Intl.
  t.is(iso(text, ['Asia/Calcutta']), '2026-07-15T06:30:00.000Z');
});

test('CST is US Central in America/Chicago and China Standard Time in Asia/Shanghai', (t) => {
  const text = 'Thu Jan 15 12:00:00 CST 2026';
  t.is(iso(text, ['America/Chicago']), '2026-01-15T18:00:00.000Z');
  t.is(iso(text, ['Asia/Shanghai']), '2026-01-15T04:00:00.000Z');
  t.is(iso(text, ['US/Central']), '2026-01-15T18:00:00.000Z');
});

test("the node's own zone comes first, the PAN's zone second", (t) => {
  // A node in India whose certificate list the PAN (in Dublin) formats prints IST either way.
  t.is(iso('Wed Jul 15 12:00:00 IST 2026', ['Asia/Kolkata', 'Europe/Dublin']), '2026-07-15T06:30:00.000Z');
  t.is(iso('Wed Jul 15 12:00:00 IST 2026', ['America/Chicago', 'Europe/Dublin']), '2026-07-15T11:00:00.000Z');
});

test('an ambiguous name the known zone never prints is an ambiguous-zone failure, not a guess', (t) => {
  const result = parseIseDateResult('Wed Jul 15 12:00:00 IST 2026', { zones: ['Europe/Berlin'] });
  t.like(result, { ok: false, reason: 'ambiguous-zone' });
  t.like(parseIseDateResult('Thu Jan 15 12:00:00 AST 2026'), { ok: false, reason: 'ambiguous-zone' });
  // Unambiguous names read the same with any zone: CEST is +02:00 wherever the node is.
  t.is(iso('Wed Jul 15 12:00:00 CEST 2026', ['Asia/Kolkata']), '2026-07-15T10:00:00.000Z');
});

test('AST is Arabia in Asia/Riyadh and Atlantic in America/Halifax', (t) => {
  t.is(iso('Thu Jan 15 12:00:00 AST 2026', ['Asia/Riyadh']), '2026-01-15T09:00:00.000Z');
  t.is(iso('Thu Jan 15 12:00:00 AST 2026', ['America/Halifax']), '2026-01-15T16:00:00.000Z');
  t.is(iso('Wed Jul 15 12:00:00 ADT 2026', ['America/Halifax']), '2026-07-15T15:00:00.000Z');
});

test('names the old table lacked are read from the JDK name table with tzdata offsets', (t) => {
  const cases: Array<[string, string]> = [
    ['Thu Jan 15 12:00:00 BRT 2026', '2026-01-15T15:00:00.000Z'],
    ['Thu Jan 15 12:00:00 MYT 2026', '2026-01-15T04:00:00.000Z'],
    ['Thu Jan 15 12:00:00 PHT 2026', '2026-01-15T04:00:00.000Z'],
    ['Thu Jan 15 12:00:00 EAT 2026', '2026-01-15T09:00:00.000Z'],
    ['Thu Jan 15 12:00:00 CAT 2026', '2026-01-15T10:00:00.000Z'],
    ['Thu Jan 15 12:00:00 WAT 2026', '2026-01-15T11:00:00.000Z'],
    ['Thu Jan 15 12:00:00 TRT 2026', '2026-01-15T09:00:00.000Z'],
    ['Thu Jan 15 12:00:00 NPT 2026', '2026-01-15T06:15:00.000Z'],
    ['Thu Jan 15 12:00:00 ART 2026', '2026-01-15T15:00:00.000Z'],
    ['Thu Jan 15 12:00:00 IRST 2026', '2026-01-15T08:30:00.000Z'],
    ['Wed Jul 15 12:00:00 IDT 2026', '2026-07-15T09:00:00.000Z'],
    ['Thu Jan 15 12:00:00 BDT 2026', '2026-01-15T06:00:00.000Z'],
    ['Thu Jan 15 12:00:00 SGT 2026', '2026-01-15T04:00:00.000Z'],
    ['Thu Jan 15 12:00:00 ICT 2026', '2026-01-15T05:00:00.000Z'],
    ['Thu Jan 15 12:00:00 AEDT 2026', '2026-01-15T01:00:00.000Z'],
  ];
  for (const [text, expected] of cases) t.is(iso(text), expected, text);
});

test("the lab prints Europe/Berlin dates as CET in January and CEST in July, in Berlin's wall time", (t) => {
  t.is(javaDate(new Date('2026-01-15T11:00:00Z'), 'Europe/Berlin'), 'Thu Jan 15 12:00:00 CET 2026');
  t.is(javaDate(new Date('2026-07-15T10:00:00Z'), 'Europe/Berlin'), 'Wed Jul 15 12:00:00 CEST 2026');
  t.is(javaDate(new Date('2026-07-15T10:00:00Z'), 'Asia/Kolkata'), 'Wed Jul 15 15:30:00 IST 2026');
  t.is(javaDate(new Date('2026-07-15T10:00:00Z'), 'Europe/Dublin'), 'Wed Jul 15 11:00:00 IST 2026');
  t.is(javaDate(new Date('2026-01-15T10:00:00Z'), 'Europe/Dublin'), 'Thu Jan 15 10:00:00 GMT 2026');
  t.is(javaDate(new Date('2026-01-15T10:00:00Z'), 'America/Chicago'), 'Thu Jan 15 04:00:00 CST 2026');
  t.is(javaDate(new Date('2026-01-15T10:00:00Z'), 'UTC'), 'Thu Jan 15 10:00:00 UTC 2026');
  // Sydney's summer is January: AEDT then, AEST in July.
  t.is(javaAbbreviation('Australia/Sydney', new Date('2026-01-15T00:00:00Z')), 'AEDT');
  t.is(javaAbbreviation('Australia/Sydney', new Date('2026-07-15T00:00:00Z')), 'AEST');
  // A zone the JDK table lacks prints its offset, as Java does for zones without names.
  t.is(javaAbbreviation('Pacific/Chatham', new Date('2026-07-15T00:00:00Z')), 'GMT+12:45');
});

test("the lab's show clock is the node's local time with the OS zone name; show timezone names the zone", (t) => {
  t.deepEqual(showClock(new Date('2026-01-05T10:15:07Z'), 'Europe/Berlin'), ['Mon Jan 05 11:15:07 CET 2026']);
  t.deepEqual(showClock(new Date('2026-07-05T10:15:07Z'), 'Europe/Berlin'), [
    'Sun Jul 05 12:15:07 CEST 2026',
  ]);
  t.deepEqual(showClock(new Date('2026-07-05T10:15:07Z'), 'Asia/Kolkata'), ['Sun Jul 05 15:45:07 IST 2026']);
  // tzdata has no letters for Dubai since 2017: `date` prints +04 where Java prints GST.
  t.deepEqual(showClock(new Date('2026-07-05T10:15:07Z'), 'Asia/Dubai'), ['Sun Jul 05 14:15:07 +04 2026']);
  t.deepEqual(showClock(new Date('2024-03-05T10:15:07Z')), ['Tue Mar 05 10:15:07 UTC 2024']);
  t.deepEqual(showTimezone('Asia/Kolkata'), ['Asia/Kolkata']);
});

test('show timezone: a known zone, an unknown name and a rejected command', (t) => {
  t.like(parseShowTimezone('ise/admin# show timezone\nEurope/Berlin\nise/admin#'), {
    recognised: true,
    known: true,
    timezone: 'Europe/Berlin',
  });
  t.like(parseShowTimezone('UTC\r\n'), { recognised: true, known: true, timezone: 'UTC' });
  t.like(parseShowTimezone('Timezone: Asia/Kolkata'), {
    recognised: true,
    known: true,
    timezone: 'Asia/Kolkata',
  });
  t.like(parseShowTimezone('Uptime: 12 days'), { recognised: false });
  t.like(parseShowTimezone('Mars/Olympus_Mons'), { recognised: true, known: false });
  t.like(parseShowTimezone("% invalid command detected at '^' marker."), { recognised: false, known: false });
  t.like(parseShowTimezone(''), { recognised: false });
  t.like(parseShowTimezone('line one\nline two'), { recognised: false });
});

test('an unreadable expiry leaves the certificate unreadable with its text and the reason', (t) => {
  const facts = {
    store: 'system' as const,
    node: 'ise-psn1',
    friendlyName: 'Admin',
    usage: ['Admin'],
    subject: 'CN=ise-psn1',
    issuer: 'CN=CA',
    fingerprint: 'ab',
    internalCa: false,
  };
  const bad = withDates(facts, {
    validFrom: 'Mon Jan 15 12:00:00 XYZT 2024',
    expirationDate: 'Mon Jan 15 12:00:00 XYZT 2029',
  });
  t.is(bad.notAfter, undefined);
  t.is(bad.notBefore, undefined);
  t.like(bad.unreadable, { field: 'expirationDate', text: 'Mon Jan 15 12:00:00 XYZT 2029' });
  t.regex(bad.unreadable?.reason ?? '', /time zone abbreviation/);
  const long = withDates(facts, { expirationDate: 'x'.repeat(500) });
  t.is(long.unreadable?.text.length, 200);
  const ambiguous = withDates(facts, { expirationDate: 'Wed Jul 15 12:00:00 IST 2026' }, ['Europe/Berlin']);
  t.regex(ambiguous.unreadable?.reason ?? '', /several zones.*Europe\/Berlin/);
  const noZone = withDates(facts, { expirationDate: 'Thu Jan 15 12:00:00 AST 2026' });
  t.regex(noZone.unreadable?.reason ?? '', /several zones.*clock zone is unknown.*show timezone/);
  const good = withDates(facts, { expirationDate: 'Wed Jul 15 12:00:00 IST 2026' }, ['Europe/Dublin']);
  t.is(good.notAfter?.toISOString(), '2026-07-15T11:00:00.000Z');
  t.is(good.unreadable, undefined);
  t.is(good.expiryNote, undefined);
  // Without the zone, IST keeps its usual reading (India) and the certificate says so.
  const guessed = withDates(facts, { expirationDate: 'Wed Jul 15 12:00:00 IST 2026' });
  t.is(guessed.notAfter?.toISOString(), '2026-07-15T06:30:00.000Z');
  t.regex(guessed.expiryNote ?? '', /IST read as UTC\+05:30: the node's clock zone is unknown/);
  t.is(withDates(facts, { expirationDate: 'Wed Jul 15 12:00:00 CEST 2026' }).expiryNote, undefined);
  t.is(
    withDates(guessed, { expirationDate: 'Wed Jul 15 12:00:00 IST 2026' }, ['Asia/Kolkata']).expiryNote,
    undefined,
  );
});

test('round trip: every date the lab prints around each DST change reads back to the same instant', (t) => {
  const zones = [
    'Europe/Berlin',
    'Europe/Dublin',
    'Europe/London',
    'Asia/Kolkata',
    'Asia/Jerusalem',
    'America/Chicago',
    'Asia/Shanghai',
    'Australia/Sydney',
    'America/Sao_Paulo',
    'America/Halifax',
    'Asia/Riyadh',
  ];
  let checked = 0;
  for (const zone of zones) {
    const changes = transitions(zone, 2026);
    const instants = [
      Date.UTC(2026, 0, 15, 12),
      Date.UTC(2026, 6, 15, 12),
      ...changes.flatMap((c) => [-90, -31, -1, 0, 1, 29, 59, 61, 90].map((m) => c + m * 60_000)),
    ];
    for (const at of instants) {
      const printed = javaDate(new Date(at), zone);
      t.is(iso(printed, [zone]), new Date(at).toISOString(), `${zone}: ${printed}`);
      checked++;
    }
  }
  t.true(checked > zones.length * 2, 'the transitions were found');
  t.is(transitions('Europe/Berlin', 2026).length, 2);
});

test("a node's zone comes from `show timezone`, else from `clock timezone` in its running-config", (t) => {
  const config = {
    recognised: true,
    warnings: [],
    nameServers: [],
    ntpServers: [],
    repositories: [],
    users: [],
  };
  const zones = nodeZones({
    'ise-pan1': {
      timezone: {
        state: 'ok',
        value: { recognised: true, known: true, timezone: 'Europe/Dublin', warnings: [] },
        source: 's',
      },
    },
    'ise-psn1': {
      timezone: { state: 'error', error: 'refused', source: 's' },
      runningConfig: { state: 'ok', value: { ...config, timezone: 'Asia/Kolkata' }, source: 's' },
    },
    'ise-psn2': {
      timezone: { state: 'ok', value: { recognised: false, known: false, warnings: [] }, source: 's' },
    },
  });
  t.deepEqual(zones, { 'ise-pan1': 'Europe/Dublin', 'ise-psn1': 'Asia/Kolkata' });

  const facts = {
    store: 'system' as const,
    friendlyName: 'Admin',
    usage: ['Admin'],
    subject: 'CN=x',
    issuer: 'CN=CA',
    fingerprint: 'ab',
    internalCa: false,
  };
  const printed = { expirationDate: 'Wed Jul 15 12:00:00 IST 2026' };
  const part = {
    state: 'ok' as const,
    source: 'test',
    value: [
      withDates({ ...facts, node: 'ise-psn1' }, printed),
      withDates({ ...facts, node: 'ise-psn2' }, printed),
      withDates({ ...facts, store: 'trusted' }, printed),
    ],
  };
  const reread = rereadWithZones(part, zones, 'ise-pan1');
  const iso = reread.state === 'ok' ? reread.value.map((c) => c.notAfter?.toISOString()) : [];
  // psn1 is in India; psn2's zone is unknown so the PAN's (Dublin) is used, as for the trusted store.
  t.deepEqual(iso, ['2026-07-15T06:30:00.000Z', '2026-07-15T11:00:00.000Z', '2026-07-15T11:00:00.000Z']);
  t.is(rereadWithZones(part, {}, 'ise-pan1'), part);
});

test("the hand-entered Java names agree with every lettered name Intl's English locales print", (t) => {
  const locales = ['en-US', 'en-GB', 'en-IN', 'en-AU', 'en-NZ', 'en-CA', 'en-IE', 'en-ZA', 'en-SG', 'en-HK'];
  let compared = 0;
  for (const zone of JAVA_NAMED_ZONES) {
    // Java prints MET/MEST for the MET zone where CLDR says CET/CEST.
    if (zone === 'MET') continue;
    for (const at of [new Date('2026-01-15T12:00:00Z'), new Date('2026-07-15T12:00:00Z')]) {
      const intl = new Set(
        locales
          .map(
            (locale) =>
              new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'short' })
                .formatToParts(at)
                .find((p) => p.type === 'timeZoneName')?.value ?? '',
          )
          .filter((name) => /^[A-Z]{2,5}$/.test(name) && name !== 'UTC' && name !== 'GMT'),
      );
      if (intl.size === 0) continue;
      compared++;
      t.true(intl.has(javaAbbreviation(zone, at)), `${zone} ${at.toISOString()}: Intl ${[...intl]}`);
    }
  }
  t.true(compared >= 100, `only ${compared} zone dates had an Intl name to compare`);
});
