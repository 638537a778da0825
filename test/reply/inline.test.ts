import test from 'ava';
import { reply, section, text } from '../../src/reply/build.js';
import { at, link, mention, person, plain } from '../../src/reply/inline.js';
import { renderText } from '../../src/reply/text.js';

const NOON = new Date('2026-01-15T12:00:00Z');
const SUMMER_NOON = new Date('2026-07-15T12:00:00Z');

test('a time shows in UTC by default, always with the zone named', (t) => {
  t.is(plain([at(NOON)]), '2026-01-15 12:00 UTC');
  t.is(plain(['expires ', at(NOON, 'date')]), 'expires 2026-01-15');
});

test('a time shows in the configured zone with that zone named, and the name follows daylight saving time', (t) => {
  t.is(plain([at(NOON)], { zone: 'Europe/Berlin' }), '2026-01-15 13:00 CET');
  t.is(plain([at(SUMMER_NOON)], { zone: 'Europe/Berlin' }), '2026-07-15 14:00 CEST');
  t.is(plain([at(NOON)], { zone: 'America/New_York' }), '2026-01-15 07:00 EST');
  t.is(plain([at(SUMMER_NOON)], { zone: 'America/New_York' }), '2026-07-15 08:00 EDT');
  // A zone English has no unambiguous short name for gets its offset.
  t.is(plain([at(NOON)], { zone: 'Asia/Kolkata' }), '2026-01-15 17:30 UTC+5:30');
});

test('the minute the clocks go forward in Berlin: 01:59 CET is followed by 03:00 CEST', (t) => {
  const before = new Date('2026-03-29T00:59:00Z');
  const after = new Date('2026-03-29T01:00:00Z');
  t.is(plain([at(before)], { zone: 'Europe/Berlin' }), '2026-03-29 01:59 CET');
  t.is(plain([at(after)], { zone: 'Europe/Berlin' }), '2026-03-29 03:00 CEST');
});

test('a date alone is the day in the zone, which can differ from the UTC day', (t) => {
  const lateUtc = new Date('2026-06-30T23:30:00Z');
  t.is(plain([at(lateUtc, 'date')]), '2026-06-30');
  t.is(plain([at(lateUtc, 'date')], { zone: 'Europe/Berlin' }), '2026-07-01');
});

test('a person shows as @id, whatever platform named them; the bot itself is a word', (t) => {
  t.is(plain(['by ', mention('slack:UADMIN')]), 'by @UADMIN');
  t.is(plain(['by ', person('teams:29:1abc')]), 'by @29:1abc');
  t.is(plain(['by ', person('console:alice')]), 'by @alice');
  t.deepEqual(person('scheduler'), 'scheduler');
  t.deepEqual(person('slack:U1'), { user: 'slack:U1' });
});

test('a link shows its label and its address in plain text', (t) => {
  t.is(
    plain(['Guide: ', link('Check Certificate Validity', 'https://example.com/guide#cert')]),
    'Guide: Check Certificate Validity (https://example.com/guide#cert)',
  );
});

test('the console and CLI text renders every time in the configured zone', (t) => {
  const r = reply('ack', 'Confirmed', 'ok', {
    sections: [
      section(undefined, [
        text(['Confirmed by ', mention('slack:UOP'), ' at ', at(NOON)]),
        { type: 'fields', fields: [{ label: 'Next', value: [at(SUMMER_NOON)] }] },
        { type: 'list', items: [['last: ', at(NOON)]] },
      ]),
    ],
  });
  const berlin = renderText(r, { zone: 'Europe/Berlin' });
  t.regex(berlin, /Confirmed by @UOP at 2026-01-15 13:00 CET/);
  t.regex(berlin, /Next: 2026-07-15 14:00 CEST/);
  t.regex(berlin, /• last: 2026-01-15 13:00 CET/);
  t.regex(renderText(r), /Confirmed by @UOP at 2026-01-15 12:00 UTC/);
});
