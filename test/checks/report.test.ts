import test from 'ava';
import { CATALOGUE } from '../../src/checks/catalogue.js';
import { compareRuns } from '../../src/checks/changes.js';
import { countStatuses, evaluateAll } from '../../src/checks/engine.js';
import { ADMIN_PAGES, GUIDE_CHAPTER_URL, guideUrl } from '../../src/checks/guide-links.js';
import { checkReply, leadLine, readinessReply } from '../../src/checks/report.js';
import type { ReadinessOutcome } from '../../src/checks/run.js';
import type { NodeCli, Snapshot } from '../../src/ise/snapshot/types.js';
import { plain } from '../../src/reply/inline.js';
import { type Reply, replyToJson, SEVERITY_ORDER } from '../../src/reply/model.js';
import { countsText, renderText } from '../../src/reply/text.js';
import { cert, context, failed, healthy, NOW, ok } from './fixtures.js';

const DAY = 86_400_000;

/** A deployment with two blocking items, a warning, a read error, manual items, info and passes. */
function troubled(): Snapshot {
  const s = healthy();
  s.panFailover = ok({ enabled: true });
  s.licensing = ok({ connectionType: 'SSM_ONPREM_SERVER' });
  s.release = ok({ version: '3.2.0.542', release: '3.2', patch: 4 });
  s.sponsorGroups = failed(
    'ERS answered 401: check the ERS admin role of the REST account',
    'ERS /ers/config/sponsorgroup',
  );
  if (s.certificates?.state === 'ok') {
    s.certificates.value.push(
      cert({
        friendlyName: 'Portal',
        node: 'ise-psn1',
        usage: ['Portal'],
        notAfter: new Date(NOW.getTime() + 12 * DAY),
      }),
    );
  }
  (s.cli['ise-psn1'] as NodeCli).version = ok({
    recognised: true,
    warnings: [],
    version: '3.2.0.542',
    patch: 4,
    patches: [],
    otherBlocks: [],
  });
  return s;
}

function outcome(snapshot: Snapshot, extra: Partial<ReadinessOutcome> = {}): ReadinessOutcome {
  const ctx = context({ target: '3.3' });
  const { findings, perCheckMs } = evaluateAll(snapshot, CATALOGUE, ctx);
  return {
    snapshot,
    context: ctx,
    findings,
    summary: countStatuses(findings),
    startedAt: NOW,
    durationMs: 4210,
    timings: { collectMs: 4000, checksMs: 210, perCheckMs },
    origin: { kind: 'own' },
    deployment: 'prod',
    target: { target: '3.3', origin: 'config' },
    release: { version: '3.2.0.542', release: '3.2', patch: 4 },
    notes: [],
    adminBase: 'https://ise-pan1.example.com/admin/',
    ...extra,
  };
}

test("the lead line gives the verdict; the counts are the reply's, said once in the severity order", (t) => {
  t.is(
    leadLine({ fail: 2, warn: 3, error: 0, manual: 6, info: 2, pass: 20 }, '3.0'),
    'Not ready for the upgrade to 3.0: fix the blocking items first.',
  );
  t.is(
    leadLine({ fail: 0, warn: 0, error: 1, manual: 0, info: 0, pass: 3 }, '3.2'),
    'Nothing found blocks the upgrade to 3.2, but not everything could be read.',
  );
  t.is(
    leadLine({ fail: 0, warn: 1, error: 0, manual: 0, info: 0, pass: 3 }, '3.2'),
    'Nothing found blocks the upgrade to 3.2.',
  );
  const reply = readinessReply(outcome(troubled()));
  t.deepEqual(reply.counts, reply.data?.summary as Reply['counts']);
  const text = renderText(reply);
  const line = countsText(reply.counts ?? { fail: 0, error: 0, warn: 0, manual: 0, info: 0, pass: 0 });
  t.regex(line, /^3 blocking · 1 not read · /);
  t.is(text.split(line).length, 2);
});

test('blocking items come first, then the rest in the severity order; passes collapsed', (t) => {
  const reply = readinessReply(outcome(troubled()));
  const order = reply.sections.filter((s) => !s.detail || s.status === 'pass').map((s) => s.status);
  const ranks = order.map((s) => (s === undefined ? -1 : SEVERITY_ORDER.indexOf(s)));
  t.deepEqual(
    ranks,
    [...ranks].sort((a, b) => a - b),
  );
  t.is(order[0], 'fail');
  const passes = reply.sections.filter((s) => s.status === 'pass');
  t.is(passes.length, 1);
  t.true(passes[0]?.detail);
  t.is(passes[0]?.title, 'Passed');
  t.is(reply.status, 'fail');
  t.is(reply.lead, 'Not ready for the upgrade to 3.3: fix the blocking items first.');
});

test('each finding section names its nodes, the guide section and what to do', (t) => {
  const reply = readinessReply(outcome(troubled()));
  const parity = reply.sections.find((s) => s.title === 'All nodes on the same version and patch');
  const fields = parity?.blocks.find((b) => b.type === 'fields');
  t.deepEqual(fields?.type === 'fields' ? fields.fields.map((f) => `${f.label}=${plain(f.value)}`) : [], [
    'Nodes=ise-psn1',
    `Guide=Guidelines to Minimize Upgrade Time and Maximize Efficiency during Upgrade (${GUIDE_CHAPTER_URL}#:~:text=Guidelines%20to%20Minimize%20Upgrade%20Time%20and%20Maximize%20Efficiency%20during%20Upgrade)`,
    'Fix in ISE=Administration > System > Maintenance > Patch Management (https://ise-pan1.example.com/admin/)',
  ]);
  t.true(parity?.blocks.some((b) => b.type === 'text' && plain(b.text).startsWith('What to do: ')));
});

test('the error section says why the data was not read and how to fix access', (t) => {
  const text = renderText(readinessReply(outcome(troubled())));
  t.regex(text, /Could not read the sponsor groups: ERS answered 401/);
});

test('manual items get an Acknowledge button that runs `ack <id>` as the clicker', (t) => {
  const reply = readinessReply(outcome(troubled()));
  const ack = reply.actions.find((a) => a.id === 'ack:load-balancer');
  t.is(ack?.command, 'ack load-balancer --deployment prod');
  t.is(ack?.label, 'Acknowledge load-balancer');
  t.true(reply.actions.some((a) => a.id === 'rerun'));
});

test('certificate findings carry a table with node, name, usage, store, subject, issuer, expiry and days left', (t) => {
  const reply = readinessReply(outcome(troubled()));
  const detail = reply.sections.find(
    (s) => s.title === 'No certificate expiring around the upgrade window: details',
  );
  const tbl = detail?.blocks.find((b) => b.type === 'table');
  if (tbl?.type !== 'table') return t.fail('no table');
  t.deepEqual(tbl.columns, [
    'Node',
    'Friendly name',
    'Usage',
    'Store',
    'Subject',
    'Issuer',
    'Expires',
    'Days left',
  ]);
  t.deepEqual(tbl.rows[0], [
    'ise-psn1',
    'Portal',
    'Portal',
    'system',
    'CN=Portal',
    'CN=Corp Issuing CA',
    '2026-12-08 08:00 UTC',
    '12',
  ]);
  t.true(detail?.detail);
});

test('the JSON form of a readiness report: context fields, counts per status, one entry per finding', (t) => {
  const json = replyToJson(readinessReply(outcome(troubled())));
  t.is(json.kind, 'readiness');
  t.is(json.deployment, 'prod');
  t.is(json.target, '3.3');
  t.is(json.startedAt, '2026-11-26T08:00:00.000Z');
  t.is(json.durationMs, 4210);
  t.deepEqual(Object.keys(json.summary as object).sort(), [
    'error',
    'fail',
    'info',
    'manual',
    'pass',
    'warn',
  ]);
  const findings = json.findings as Array<Record<string, unknown>>;
  t.is(findings.length, 32);
  for (const f of findings) {
    for (const key of ['id', 'title', 'status', 'summary', 'nodes', 'evidence', 'remediation'])
      t.true(key in f, key);
  }
  const parity = findings.find((f) => f.id === 'version-parity');
  t.is(parity?.status, 'fail');
  t.deepEqual(parity?.nodes, ['ise-psn1']);
  // The counts are those of the findings, and every finding is counted once.
  const summary = json.summary as Record<string, number>;
  for (const [status, count] of Object.entries(summary)) {
    t.is(count, findings.filter((f) => f.status === status).length, status);
  }
  t.is(
    Object.values(summary).reduce((a, b) => a + b, 0),
    findings.length,
  );
  t.true(summary.fail !== undefined && summary.fail > 0, 'the troubled deployment has failures');
});

test('with nothing failing the reply is not `fail`, so the CLI exits 0', (t) => {
  t.not(readinessReply(outcome(healthy())).status, 'fail');
});

test('"since the last run" says what was fixed and what is new', (t) => {
  const o = outcome(troubled());
  o.previous = {
    at: new Date(NOW.getTime() - DAY),
    actor: 'slack:U1',
    changes: compareRuns(
      [
        { id: 'ntp', status: 'fail', summary: '' },
        { id: 'pan-failover', status: 'pass', summary: '' },
      ],
      o.findings,
    ),
  };
  const first = readinessReply(o).sections[0];
  t.regex(first?.title ?? '', /^Since the last run: 1 fixed, \d+ new/);
  // When and by whom are pieces the platform renders: a time in the reader's zone, a mention.
  const when = first?.blocks[0];
  t.deepEqual(when?.type === 'text' ? when.text : undefined, [
    'The last run: ',
    { time: '2026-11-25T08:00:00.000Z', show: 'datetime' },
    ', by ',
    { user: 'slack:U1' },
    '.',
  ]);
  t.regex(
    renderText(readinessReply(o), { zone: 'Europe/Berlin' }),
    /The last run: 2026-11-25 09:00 CET, by @U1\./,
  );
});

test('a finding links its section of the guide and the admin page of the PAN where it is fixed, in chat and JSON', (t) => {
  const o = outcome(troubled());
  const reply = readinessReply(o);
  const failover = reply.sections.find(
    (s) => s.id === 'finding:pan-failover' || s.title === 'Automatic PAN failover disabled',
  );
  const fields = failover?.blocks.find((b) => b.type === 'fields');
  const links =
    fields?.type === 'fields'
      ? fields.fields.filter((f) => f.label === 'Guide' || f.label === 'Fix in ISE')
      : [];
  const deployment =
    'https://ise-pan1.example.com/admin/#administration/administration_system/administration_system_deployment';
  const guide = `${GUIDE_CHAPTER_URL}#:~:text=Disable%20PAN%20Automatic%20Failover%20and%20Disable%20Scheduled%20Backups%20before%20Upgrading`;
  t.deepEqual(
    links.map((f) => [f.label, f.value]),
    [
      [
        'Guide',
        [
          {
            label: 'Disable PAN Automatic Failover and Disable Scheduled Backups before Upgrading',
            link: guide,
          },
        ],
      ],
      ['Fix in ISE', [{ label: 'Administration > System > Deployment', link: deployment }]],
    ],
  );
  const json = replyToJson(reply).findings as Array<{ id: string; guideUrl?: string; adminUrl?: string }>;
  t.like(
    json.find((f) => f.id === 'pan-failover'),
    { guideUrl: guide, adminUrl: deployment },
  );
  // A fix made on the CLI has no admin page: no link rather than a wrong one.
  t.is(json.find((f) => f.id === 'ntp')?.adminUrl, undefined);
  t.true(json.every((f) => f.guideUrl?.startsWith(GUIDE_CHAPTER_URL)));
});

test('every check names a heading of the guide, and every admin page is for a check of the catalogue', (t) => {
  for (const check of CATALOGUE) t.not(guideUrl(check.section), GUIDE_CHAPTER_URL, check.id);
  const ids = new Set(CATALOGUE.map((c) => c.id));
  t.deepEqual(
    Object.keys(ADMIN_PAGES).filter((id) => !ids.has(id)),
    [],
  );
});

test('`check <id>` shows all the evidence in the post, with no detail sections', (t) => {
  const o = outcome(troubled());
  const f = o.findings.find((x) => x.id === 'disk-space');
  if (!f) return t.fail();
  const reply = checkReply(o, f);
  t.is(reply.kind, 'check');
  t.false(reply.sections.some((s) => s.detail));
  const list = reply.sections[0]?.blocks.find((b) => b.type === 'list');
  t.is(list?.type === 'list' ? list.items.length : 0, f.evidence.length);
});
