import test from 'ava';
import { EXPIRED_RUNG } from '../../src/certs/ladder.js';
import { certificateTimeline, timelineSvg } from '../../src/certs/timeline.js';
import { timelineRows } from '../../src/certs/timeline-rows.js';
import type { CertificateInfo } from '../../src/ise/snapshot/types.js';
import { rect, renderPng, svgDocument } from '../../src/reply/charts/svg.js';
import { cert } from '../checks/fixtures.js';
import { pngHeader } from '../helpers/png.js';

const NOW = new Date('2026-12-08T09:00:00Z');
const DAY = 86_400_000;
const inDays = (d: number) => new Date(NOW.getTime() + d * DAY);
const hosts = Array.from({ length: 58 }, (_, i) => `ise-psn${String(i + 1).padStart(2, '0')}`);

/** ISE's large deployment as it ships: a self-signed SAML certificate per node, all made the same day. */
function fiftyEightNodes(): CertificateInfo[] {
  return [
    ...hosts.map((h) =>
      cert({
        node: h,
        friendlyName: `Default self-signed saml server certificate - CN=SAML_${h}.corp.example.com`,
        subject: `CN=SAML_${h}.corp.example.com`,
        usage: ['SAML'],
        fingerprint: `saml-${h}`,
        notAfter: new Date(inDays(299).getTime() + hosts.indexOf(h) * 1000),
      }),
    ),
    // One wildcard imported on three PSNs: the same fingerprint three times.
    ...hosts.slice(0, 3).map((h) =>
      cert({
        node: h,
        friendlyName: '*.corp.example.com',
        usage: ['EAP Authentication'],
        fingerprint: 'wild',
        notAfter: inDays(20),
      }),
    ),
    cert({ node: 'ise-psn07', friendlyName: 'Admin - ise-psn07', notAfter: inDays(5) }),
    cert({
      store: 'trusted',
      friendlyName: 'Partner VPN CA',
      usage: ['Infrastructure'],
      notAfter: inDays(-41),
    }),
  ];
}

test('identical certificates on 58 nodes are one row with a count; a shared fingerprint one row; the trusted store once', (t) => {
  const { rows, nodes, certificates } = timelineRows(fiftyEightNodes(), { now: NOW });
  t.is(certificates, 63);
  t.is(nodes.length, 58);
  t.is(rows.length, 4);
  const saml = rows.find((r) => r.usage.includes('SAML'));
  t.is(saml?.count, 58);
  t.is(saml?.group, 'all 58 nodes');
  t.is(saml?.label, 'Default self-signed saml server certificate - CN=SAML_‹node›.corp.example.com');
  const wild = rows.find((r) => r.label === '*.corp.example.com');
  t.is(wild?.count, 3);
  t.is(wild?.group, '3 nodes: ise-psn01, ise-psn02, ise-psn03');
  t.deepEqual(
    rows.map((r) => [r.group, r.rung]),
    [
      // Groups with something warned about open the picture, soonest first.
      ['Trusted store', EXPIRED_RUNG],
      ['ise-psn07', 7],
      ['3 nodes: ise-psn01, ise-psn02, ise-psn03', 30],
      ['all 58 nodes', undefined],
    ],
  );
});

test('past the row cap the soonest expiries stay and the rest are counted, expired and warned ones named', (t) => {
  const many = Array.from({ length: 100 }, (_, i) =>
    cert({
      node: hosts[i % 58] as string,
      friendlyName: `Portal ${i}`,
      subject: `CN=portal-${i}`,
      notAfter: inDays(400 - i * 5),
    }),
  );
  const { rows, hidden } = timelineRows(many, { now: NOW, maxRows: 40 });
  t.is(rows.length, 40);
  t.is(hidden.rows, 60);
  t.is(hidden.certificates, 60);
  const latestShown = Math.max(...rows.map((r) => r.notAfter.getTime()));
  t.true(latestShown < (hidden.from as Date).getTime(), 'every hidden row expires after every shown one');
  t.true(
    rows.some((r) => r.label === 'Portal 99'),
    'the one expired longest ago is drawn',
  );
  // Ten rows: the ten expired longest ago; the text under the picture says what the others hold.
  const { svg } = timelineSvg(timelineRows(many, { now: NOW, maxRows: 10 }), { deployment: 'big', now: NOW });
  t.regex(
    svg,
    />\+90 more rows not drawn: 90 certificates \(10 expired, 18 warned about\) expiring from 2026-10-24;/,
  );
});

test('text from ISE is escaped in the SVG, and the picture still renders', async (t) => {
  const hostile = cert({
    node: 'ise-pan1',
    friendlyName: `<script>alert("x")</script> & 'co' ]]>`,
    notAfter: inDays(10),
  });
  const data = timelineRows([hostile], { now: NOW });
  const { svg, alt } = timelineSvg(data, { deployment: 'prod', now: NOW });
  t.false(svg.includes('<script>'));
  t.true(svg.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &apos;co&apos; ]]&gt;'));
  t.regex(alt, /Next to expire: <script>/, 'the alt text is plain text; each platform escapes it');
  const image = await certificateTimeline([hostile], { deployment: 'prod', now: NOW });
  t.truthy(image);
  const header = pngHeader(image?.png ?? new Uint8Array(24));
  t.true(header.signature);
  t.deepEqual([header.width, header.height], [image?.width, image?.height]);
});

test('the planned upgrade day is a labelled line when on the axis, a note when not, and absent without one', (t) => {
  const data = timelineRows(fiftyEightNodes(), { now: NOW });
  const upgrade = timelineSvg(data, {
    deployment: 'p',
    now: NOW,
    upgradeDate: new Date('2027-03-01T00:00:00Z'),
  }).svg;
  t.regex(upgrade, />upgrade 2027-03-01</);
  t.regex(upgrade, />today 2026-12-08</);
  t.regex(upgrade, />planned upgrade</, 'the legend explains the dashed line');
  const late = timelineSvg(data, {
    deployment: 'p',
    now: NOW,
    upgradeDate: new Date('2028-06-01T00:00:00Z'),
  }).svg;
  t.regex(late, /Planned upgrade 2028-06-01: outside this axis/);
  const none = timelineSvg(data, { deployment: 'p', now: NOW }).svg;
  t.false(/upgrade/.test(none));
});

test('rows take their colour from the ladder rung: expired, the warning rungs, and fine', (t) => {
  const certs = [
    cert({ node: 'a', friendlyName: 'expired', notAfter: inDays(-3) }),
    cert({ node: 'a', friendlyName: 'two days', notAfter: inDays(2) }),
    cert({ node: 'a', friendlyName: 'fifty days', notAfter: inDays(50) }),
    cert({ node: 'a', friendlyName: 'fine', notAfter: inDays(200) }),
  ];
  const { rows } = timelineRows(certs, { now: NOW });
  t.deepEqual(
    rows.map((r) => [r.label, r.rung]),
    [
      ['expired', EXPIRED_RUNG],
      ['two days', 3],
      ['fifty days', 60],
      ['fine', undefined],
    ],
  );
  const { svg } = timelineSvg(timelineRows(certs, { now: NOW }), { deployment: 'p', now: NOW });
  const fills = [...svg.matchAll(/<polygon points="[^"]+" fill="(#[0-9a-f]{6})"/g)].map((m) => m[1]);
  // Legend (9 swatches) then one mark per row: four rows, four different colours.
  t.is(new Set(fills.slice(9)).size, 4);
});

test('the same picture asked for at once is drawn once: twenty reports of one run share its bytes', async (t) => {
  const svg = svgDocument(40, 20, [rect(0, 0, 40, 20, '#2e7d32')], 'one');
  const meta = { name: 'x.png', title: 'x', alt: 'x' };
  const [a, b] = await Promise.all([renderPng(svg, meta), renderPng(svg, meta)]);
  t.is(a.png, b.png, 'one drawing');
  t.deepEqual([a.width, a.height], [40, 20]);
  const other = await renderPng(svgDocument(40, 20, [rect(0, 0, 40, 20, '#c62828')], 'two'), meta);
  t.not(other.png, a.png);
  t.notDeepEqual(Buffer.from(other.png), Buffer.from(a.png), 'another picture is drawn anew');
});
