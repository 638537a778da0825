import test from 'ava';
import { list, reply, section, text } from '../../src/reply/build.js';
import { renderText } from '../../src/reply/text.js';

const report = reply('readiness', 'Upgrade readiness of prod', 'fail', {
  lead: '1 item blocks the upgrade to 3.2',
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
  t.regex(out, /^✖ Upgrade readiness of prod\n1 item blocks the upgrade to 3\.2\n/);
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
