import test from 'ava';
import { list, reply, section, text } from '../../src/reply/build.js';
import { countsText, fallbackText, renderText, sentences } from '../../src/reply/text.js';

const report = reply('readiness', 'Upgrade readiness of prod', 'fail', {
  lead: 'Not ready for the upgrade to 3.2: fix the blocking items first.',
  counts: { fail: 1, error: 0, warn: 2, manual: 0, info: 0, pass: 27 },
  sections: [
    section(
      'NTP synchronised',
      [text('ise-psn2 is not synchronised'), list(['ise-pan1 ok', '… 3 more (`check ntp`)'])],
      {
        status: 'fail',
      },
    ),
    section(
      'NTP synchronised: details',
      [list(['ise-pan1 ok', 'ise-pan2 ok', 'ise-psn1 ok', 'ise-psn2 unsynchronised'])],
      {
        status: 'fail',
        detail: true,
      },
    ),
  ],
  context: { deployment: 'prod', target: '3.2', durationMs: 4210, correlationId: 'abcd1234' },
});

test('text shows the main sections and says how many detail sections it left out', (t) => {
  const out = renderText(report);
  t.regex(
    out,
    /^✖ Upgrade readiness of prod\n1 blocking · 2 warnings · 27 passed\nNot ready for the upgrade to 3\.2: fix the blocking items first\.\n/,
  );
  t.regex(out, /✖ NTP synchronised\n {2}ise-psn2 is not synchronised\n {2}• ise-pan1 ok\n {2}• … 3 more/);
  t.false(out.includes('ise-psn2 unsynchronised'));
  t.regex(out, /\(1 detail section not shown: add --details/);
  t.regex(out, /deployment prod · target 3\.2 · 4\.2 s · ref abcd1234\n$/);
});

test('with details the long evidence is printed too', (t) => {
  const out = renderText(report, { details: true });
  t.regex(out, /✖ NTP synchronised: details\n( {2}• .*\n){3} {2}• ise-psn2 unsynchronised/);
  t.false(out.includes('not shown'));
});

test('counts are said in the severity order, zeros left out, in words', (t) => {
  t.is(
    countsText({ pass: 20, info: 2, manual: 6, warn: 1, error: 3, fail: 2 }),
    '2 blocking · 3 not read · 1 warning · 6 to confirm by hand · 2 for information · 20 passed',
  );
  t.is(countsText({ pass: 0, info: 0, manual: 0, warn: 0, error: 0, fail: 0 }), '');
});

test('the plain fallback joins title, counts and lead as sentences, never ".:" or ".."', (t) => {
  t.is(
    fallbackText(report),
    'Upgrade readiness of prod. 1 blocking, 2 warnings, 27 passed. Not ready for the upgrade to 3.2: fix the blocking items first.',
  );
  const cancelled = reply('cancelled', 'Cancelled by slack:U1: nothing was run.', 'info', {
    lead: 'Nothing changed on ISE.',
  });
  t.is(fallbackText(cancelled), 'Cancelled by slack:U1: nothing was run. Nothing changed on ISE.');
  t.is(
    sentences(['Pick one of:', 'NFS1', undefined, '', 'Done!', 'Wait…']),
    'Pick one of. NFS1. Done! Wait…',
  );
});
