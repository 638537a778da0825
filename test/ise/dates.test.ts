import test from 'ava';
import {
  cliTimestamp,
  parseBackupStamp,
  parseIseDate,
  parseIseDateResult,
  ZONE_ABBREVIATIONS,
} from '../../src/ise/dates.js';

const iso = (text: string, options?: Parameters<typeof parseIseDate>[1]): string | undefined =>
  parseIseDate(text, options)?.toISOString();

test('Java dates with a summer-time abbreviation use its fixed offset (CEST = +02:00)', (t) => {
  // ise-rest-api.md §2a, certificate expirationDate as reported by two third-party tools
  t.is(iso('Thu Sep 03 10:11:48 CEST 2026'), '2026-09-03T08:11:48.000Z');
  t.is(iso('Mon Aug 04 09:14:23 CEST 2036'), '2036-08-04T07:14:23.000Z');
});

test('show restore status start dates in PDT are seven hours behind UTC', (t) => {
  // ise-cli.md §2.10, verbatim (ISE 3.2)
  t.is(iso('Thu Aug 10 07:10:26 PDT 2023'), '2023-08-10T14:10:26.000Z');
});

test('IST is read as India Standard Time, as in Cisco’s own backup API example', (t) => {
  // ise-rest-api.md §7b: "startDate": "Wed May 26 15:12:06 IST 2021"
  t.is(iso('Wed May 26 15:12:06 IST 2021'), '2021-05-26T09:42:06.000Z');
});

test('UTC and GMT zones read as UTC', (t) => {
  t.is(iso('Tue Mar 05 10:16:42 UTC 2024'), '2024-03-05T10:16:42.000Z');
  t.is(iso('Tue Mar 05 10:16:42 GMT 2024'), '2024-03-05T10:16:42.000Z');
});

test('GMT+hh:mm and bare numeric offsets are honoured in either direction', (t) => {
  t.is(iso('Tue Mar 05 10:16:42 GMT+05:30 2024'), '2024-03-05T04:46:42.000Z');
  t.is(iso('Tue Mar 05 10:16:42 GMT-03:00 2024'), '2024-03-05T13:16:42.000Z');
  t.is(iso('Tue Mar 05 10:16:42 +0100 2024'), '2024-03-05T09:16:42.000Z');
  t.is(iso('Tue Mar 05 10:16:42 UTC+1 2024'), '2024-03-05T09:16:42.000Z');
});

test('across the EU spring change, CET 01:59:59 and CEST 03:00:00 are one second apart', (t) => {
  const before = parseIseDate('Sun Mar 31 01:59:59 CET 2024');
  const after = parseIseDate('Sun Mar 31 03:00:00 CEST 2024');
  t.is(before?.toISOString(), '2024-03-31T00:59:59.000Z');
  t.is((after?.getTime() ?? 0) - (before?.getTime() ?? 0), 1000);
});

test('across the EU autumn change, the repeated 02:30 is told apart by CEST and CET', (t) => {
  t.is(iso('Sun Oct 27 02:30:00 CEST 2024'), '2024-10-27T00:30:00.000Z');
  t.is(iso('Sun Oct 27 02:30:00 CET 2024'), '2024-10-27T01:30:00.000Z');
});

test('across the US spring change, PST 01:59:59 and PDT 03:00:00 are one second apart', (t) => {
  const before = parseIseDate('Sun Mar 10 01:59:59 PST 2024');
  const after = parseIseDate('Sun Mar 10 03:00:00 PDT 2024');
  t.is((after?.getTime() ?? 0) - (before?.getTime() ?? 0), 1000);
});

test('the common zones of the table resolve to their documented offsets', (t) => {
  const cases: Array<[string, string]> = [
    ['Mon Jan 15 12:00:00 EET 2024', '2024-01-15T10:00:00.000Z'],
    ['Mon Jul 15 12:00:00 EEST 2024', '2024-07-15T09:00:00.000Z'],
    ['Mon Jan 15 12:00:00 WET 2024', '2024-01-15T12:00:00.000Z'],
    ['Mon Jul 15 12:00:00 WEST 2024', '2024-07-15T11:00:00.000Z'],
    ['Mon Jul 15 12:00:00 BST 2024', '2024-07-15T11:00:00.000Z'],
    ['Mon Jan 15 12:00:00 EST 2024', '2024-01-15T17:00:00.000Z'],
    ['Mon Jul 15 12:00:00 EDT 2024', '2024-07-15T16:00:00.000Z'],
    ['Mon Jan 15 12:00:00 CST 2024', '2024-01-15T18:00:00.000Z'],
    ['Mon Jul 15 12:00:00 CDT 2024', '2024-07-15T17:00:00.000Z'],
    ['Mon Jan 15 12:00:00 MST 2024', '2024-01-15T19:00:00.000Z'],
    ['Mon Jul 15 12:00:00 MDT 2024', '2024-07-15T18:00:00.000Z'],
    ['Mon Jan 15 12:00:00 JST 2024', '2024-01-15T03:00:00.000Z'],
    ['Mon Jul 15 12:00:00 AEST 2024', '2024-07-15T02:00:00.000Z'],
    ['Mon Jan 15 12:00:00 AEDT 2024', '2024-01-15T01:00:00.000Z'],
    ['Mon Jan 15 12:00:00 SGT 2024', '2024-01-15T04:00:00.000Z'],
    ['Mon Jan 15 12:00:00 HKT 2024', '2024-01-15T04:00:00.000Z'],
  ];
  for (const [text, expected] of cases) t.is(iso(text), expected, text);
});

test('an unknown or deliberately ambiguous abbreviation is a typed failure, not a guess', (t) => {
  t.deepEqual(parseIseDateResult('Mon Jan 15 12:00:00 XYZT 2024'), {
    ok: false,
    reason: 'unknown-zone',
    text: 'Mon Jan 15 12:00:00 XYZT 2024',
  });
  // AST is Atlantic or Arabia: left out of the table on purpose.
  t.is(parseIseDate('Mon Jan 15 12:00:00 AST 2024'), undefined);
  t.false('AST' in ZONE_ABBREVIATIONS);
});

test('callers in China can override CST with their own abbreviation table', (t) => {
  const abbreviations = { ...ZONE_ABBREVIATIONS, CST: 480 };
  t.is(iso('Mon Jan 15 12:00:00 CST 2024', { abbreviations }), '2024-01-15T04:00:00.000Z');
});

test('ctime dates without a zone are read as UTC and flagged as assumed', (t) => {
  // ise-rest-api.md §2 patch installDate; ise-cli.md §2.2 Install Date
  const result = parseIseDateResult('Tue Jan 30 04:48:13 2024');
  t.like(result, { ok: true, zone: 'UTC', zoneAssumed: true });
  t.is(iso('Tue Jan 30 04:48:13 2024'), '2024-01-30T04:48:13.000Z');
});

test('a zoneless date can be placed in the node’s IANA clock zone, DST included', (t) => {
  t.is(iso('Tue Jan 30 04:48:13 2024', { zonelessTimeZone: 'Europe/Berlin' }), '2024-01-30T03:48:13.000Z');
  t.is(iso('Tue Jul 30 04:48:13 2024', { zonelessTimeZone: 'Europe/Berlin' }), '2024-07-30T02:48:13.000Z');
  t.is(
    iso('Tue Jul 30 04:48:13 2024', { zonelessTimeZone: 'America/Los_Angeles' }),
    '2024-07-30T11:48:13.000Z',
  );
  t.like(parseIseDateResult('Tue Jul 30 04:48:13 2024', { zonelessTimeZone: 'Mars/Olympus' }), {
    ok: false,
    reason: 'unknown-zone',
  });
});

test('a wall time skipped by the spring change moves forward by the gap', (t) => {
  t.is(iso('Sun Mar 31 02:30:00 2024', { zonelessTimeZone: 'Europe/Berlin' }), '2024-03-31T01:30:00.000Z');
});

test('space-padded days from broadcast and login banners parse', (t) => {
  // ise-cli.md §2.12 reload, verbatim: "(Sun Oct  9 15:14:28 2022)"
  t.is(iso('Sun Oct  9 15:14:28 2022'), '2022-10-09T15:14:28.000Z');
  // ise-cli.md §1.3 "Last login: Thu Oct 20 02:47:30 2022"
  t.is(iso('Thu Oct 20 02:47:30 2022'), '2022-10-20T02:47:30.000Z');
});

test('resume-session ids with underscores and a full weekday parse', (t) => {
  // ise-cli.md §1.3, verbatim: "[1] 71335.admin-Thursday_Oct_20_02:39:25_2022"
  t.is(iso('Thursday_Oct_20_02:39:25_2022'), '2022-10-20T02:39:25.000Z');
});

test('ISO strings with an offset, Z or no zone parse, the last one as assumed UTC', (t) => {
  // ise-rest-api.md §8b lastAppliedFeedDateTime
  t.is(iso('2021-03-30T01:06:01.621+00:00'), '2021-03-30T01:06:01.621Z');
  t.is(iso('2024-03-05T10:15:42Z'), '2024-03-05T10:15:42.000Z');
  t.is(iso('2024-03-05T12:15:42+0200'), '2024-03-05T10:15:42.000Z');
  t.like(parseIseDateResult('2024-03-05T10:15:42'), { ok: true, zoneAssumed: true });
});

test('the API’s space-separated and URL-encoded forms parse', (t) => {
  // ise-rest-api.md §8b Uptime, fromDate; §2a filter format
  t.is(iso('2021-03-04 09:14:03 UTC'), '2021-03-04T09:14:03.000Z');
  t.is(iso('2021-03-29%2007:49:23'), '2021-03-29T07:49:23.000Z');
  t.is(iso('2025-01-01 00:00:00'), '2025-01-01T00:00:00.000Z');
});

test('the schedule API’s MM/dd/yyyy with a 12-hour time parses', (t) => {
  // ise-rest-api.md §7c: "startDate": "05/13/2021", "time": "09:30 PM"
  t.is(iso('05/13/2021 09:30 PM'), '2021-05-13T21:30:00.000Z');
  t.is(iso('05/13/2021 12:15 AM'), '2021-05-13T00:15:00.000Z');
  t.is(iso('05/13/2021'), '2021-05-13T00:00:00.000Z');
});

test('show logging listing dates (INFERRED layout) parse', (t) => {
  t.is(iso('Mar 05 2024 10:02:11'), '2024-03-05T10:02:11.000Z');
});

test('epoch milliseconds from the deployment info API parse', (t) => {
  // ise-rest-api.md §8b: "epochTime": 1614847786000
  t.is(iso('1614847786000'), '2021-03-04T08:49:46.000Z');
});

test('backup file stamps YYMMDD-HHMM parse as node-local time read as UTC', (t) => {
  t.is(parseBackupStamp('220816-1332')?.toISOString(), '2022-08-16T13:32:00.000Z');
  t.is(parseBackupStamp('221316-1332'), undefined);
});

test('impossible dates and wrong weekdays are refused rather than rolled over', (t) => {
  t.like(parseIseDateResult('Fri Feb 30 10:00:00 UTC 2024'), { ok: false, reason: 'invalid-date' });
  t.like(parseIseDateResult('Mon Sep 03 10:11:48 CEST 2026'), { ok: false, reason: 'weekday-mismatch' });
  t.like(parseIseDateResult('Thu Sep 03 25:11:48 CEST 2026'), { ok: false, reason: 'invalid-date' });
});

test('empty, garbage and truncated text return a failure without throwing', (t) => {
  t.like(parseIseDateResult(''), { ok: false, reason: 'empty' });
  t.like(parseIseDateResult('   '), { ok: false, reason: 'empty' });
  for (const text of [
    'not a date',
    'Thu Sep 03 10:11',
    'Thu Sep 03 10:11:48 CEST',
    'Foo Bar 03 10:11:48 2026',
  ]) {
    t.notThrows(() => parseIseDateResult(text));
    t.is(parseIseDate(text), undefined, text);
  }
});

test('cliTimestamp keeps the printed text and adds the date when it parses', (t) => {
  t.deepEqual(cliTimestamp('garbage'), { text: 'garbage' });
  const stamp = cliTimestamp('Tue May 19 11:46:27 2020');
  t.is(stamp.text, 'Tue May 19 11:46:27 2020');
  t.is(stamp.date?.toISOString(), '2020-05-19T11:46:27.000Z');
  t.true(stamp.zoneAssumed);
});
