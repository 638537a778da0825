import test from 'ava';
import { applyAcks } from '../../src/checks/acks.js';
import { findCheck } from '../../src/checks/catalogue.js';
import { withGaps } from '../../src/checks/finding.js';
import { findingSections } from '../../src/checks/report.js';
import type { Finding, FindingStatus } from '../../src/checks/types.js';
import type { CertificateInfo, NodeCli, Snapshot } from '../../src/ise/snapshot/types.js';
import { plain } from '../../src/reply/inline.js';
import { cert, cli, context, failed, healthy, NOW, node, ok } from './fixtures.js';

/**
 * Evidence at the fault: with the faulty node LAST in ISE's order (here ise-psn6 of eight nodes), its
 * line must still be in the short form of the finding (the main chat message), not behind "… N more".
 */
const DAY = 86_400_000;
const GIB = 1024 ** 3;
const EXTRA = ['ise-psn3', 'ise-psn4', 'ise-psn5', 'ise-psn6'];
const LAST = 'ise-psn6';

/** The healthy fixture grown to eight nodes (two PANs, six PSNs), every one of them fine. */
function wide(): Snapshot {
  const s = healthy();
  if (s.nodes.state !== 'ok') throw new Error('fixture');
  s.nodes.value.push(...EXTRA.map((h) => node(h, [], ['Session', 'Profiler'])));
  for (const h of EXTRA) s.cli[h] = cli(h);
  if (s.certificates?.state === 'ok') s.certificates.value.push(...EXTRA.flatMap(chainOf));
  s.profiler = ok(Object.fromEntries(s.nodes.value.slice(2).map((n) => [n.hostname, ['RADIUS']])));
  s.ports = ok(
    s.nodes.value.flatMap((n) => [443, 12001].map((port) => ({ node: n.hostname, port, open: true }))),
  );
  return s;
}

/** The internal CA's Node CA and Endpoint Sub CA of one extra PSN, issued like the fixture's own. */
function chainOf(h: string): CertificateInfo[] {
  return [
    cert({
      friendlyName: `Certificate Services Node CA - ${h}`,
      subject: `CN=Certificate Services Node CA - ${h}`,
      issuer: 'Certificate Services Root CA - ise-pan1',
      store: 'trusted',
      usage: [],
      internalCa: true,
    }),
    cert({
      friendlyName: `Certificate Services Endpoint Sub CA - ${h}`,
      subject: `CN=Certificate Services Endpoint Sub CA - ${h}`,
      issuer: `Certificate Services Node CA - ${h}`,
      store: 'trusted',
      usage: [],
      internalCa: true,
    }),
  ];
}

const last = (s: Snapshot): NodeCli => s.cli[LAST] as NodeCli;
const lastNode = (s: Snapshot) =>
  s.nodes.state === 'ok' ? s.nodes.value.find((n) => n.hostname === LAST) : undefined;

interface Case {
  id: string;
  /** What is wrong with the last node. */
  fault: string;
  plant(s: Snapshot): void;
  status: FindingStatus;
  /** The node the faulty line names, when it is not the last PSN itself. */
  at?: string;
}

const CASES: Case[] = [
  {
    id: 'version-parity',
    fault: 'patch 2 while the others run patch 7',
    plant: (s) => {
      const v = last(s).version;
      if (v?.state === 'ok') last(s).version = ok({ ...v.value, patch: 2 });
      const n = lastNode(s);
      if (n) n.patch = 2;
    },
    status: 'fail',
  },
  {
    id: 'node-status',
    fault: 'disconnected',
    plant: (s) => {
      const n = lastNode(s);
      if (n) n.status = 'Disconnected';
    },
    status: 'fail',
  },
  {
    id: 'services',
    fault: 'Application Server not running',
    plant: (s) => {
      const p = last(s).services;
      if (p?.state === 'ok')
        last(s).services = ok({
          ...p.value,
          processes: p.value.processes.map((x) =>
            x.name === 'Application Server' ? { name: x.name, state: 'not running' } : x,
          ),
        });
    },
    status: 'fail',
  },
  {
    id: 'memory',
    fault: '12 GB',
    plant: (s) => {
      last(s).memory = ok({ recognised: true, warnings: [], totalBytes: 12 * GIB });
    },
    status: 'warn',
  },
  {
    id: 'disk-space',
    fault: 'a 150 GB disk',
    plant: (s) => {
      const d = last(s).disks;
      if (d?.state === 'ok')
        last(s).disks = ok({
          ...d.value,
          filesystems: [
            { mount: '/', usedPercent: 15, usedBytes: 4 * GIB, totalBytes: 28 * GIB, freeBytes: 24 * GIB },
            {
              mount: '/opt',
              usedPercent: 12,
              usedBytes: 10 * GIB,
              totalBytes: 90 * GIB,
              freeBytes: 80 * GIB,
            },
            {
              mount: '/localdisk',
              usedPercent: 1,
              usedBytes: GIB,
              totalBytes: 32 * GIB,
              freeBytes: 31 * GIB,
            },
          ],
        });
    },
    status: 'fail',
  },
  {
    id: 'ntp',
    fault: 'unsynchronised',
    plant: (s) => {
      const n = last(s).ntp;
      if (n?.state === 'ok') last(s).ntp = ok({ ...n.value, synchronised: false });
    },
    status: 'fail',
  },
  {
    id: 'ntp',
    fault: 'not read over SSH',
    plant: (s) => {
      last(s).ntp = failed('SSH login refused', `ssh ${LAST}`);
    },
    status: 'error',
  },
  {
    id: 'vm-resources',
    fault: 'a VM among appliances',
    plant: (s) => {
      const hosts = s.nodes.state === 'ok' ? s.nodes.value.map((n) => n.hostname) : [];
      s.platforms = ok(Object.fromEntries(hosts.map((h) => [h, h === LAST ? 'ISE-VM-K9' : 'SNS-3655-K9'])));
    },
    status: 'manual',
  },
  {
    id: 'internal-ca-chain',
    fault: 'no Endpoint Sub CA',
    plant: (s) => {
      if (s.certificates?.state === 'ok')
        s.certificates.value = s.certificates.value.filter(
          (c) => c.friendlyName !== `Certificate Services Endpoint Sub CA - ${LAST}`,
        );
    },
    status: 'fail',
  },
  {
    id: 'certificates-expired',
    fault: 'an expired EAP certificate',
    plant: (s) => {
      if (s.certificates?.state === 'ok') s.certificates.value.push(...perNode(s, 400, 1));
    },
    status: 'fail',
  },
  {
    id: 'certificates-expiring',
    fault: 'an EAP certificate expiring in 10 days',
    plant: (s) => {
      if (s.certificates?.state === 'ok') s.certificates.value.push(...perNode(s, 400, 10));
    },
    status: 'warn',
  },
  {
    id: 'firewall-ports',
    fault: 'TCP 12001 closed',
    plant: (s) => {
      if (s.ports?.state === 'ok')
        s.ports.value = s.ports.value.map((p) =>
          p.node === LAST && p.port === 12001 ? { ...p, open: false } : p,
        );
    },
    status: 'fail',
  },
  {
    id: 'profiler-config',
    fault: 'probes not readable',
    plant: (s) => {
      if (s.profiler?.state === 'ok') delete s.profiler.value[LAST];
    },
    status: 'manual',
  },
  {
    id: 'upgrade-bundle',
    fault: 'repository not listed',
    plant: (s) => {
      last(s).repositoryFiles = { 'BACKUP-SFTP': failed('SSH login refused', `ssh ${LAST}`) };
    },
    status: 'pass',
  },
  {
    id: 'mnt-data',
    fault: '/opt 80 % full on the last MnT node',
    plant: (s) => lastRunsMnt(s, { usedPercent: 80, usedBytes: 192 * GIB, freeBytes: 48 * GIB }),
    status: 'warn',
  },
  {
    id: 'upgrade-time',
    fault: 'an MnT node with 120 GB of data',
    plant: (s) => lastRunsMnt(s, { usedBytes: 120 * GIB }),

    status: 'warn',
  },
];

/** One EAP certificate per node, the last node's expiring `days` from now, the others in `healthyDays`. */
function perNode(s: Snapshot, healthyDays: number, days: number): CertificateInfo[] {
  const hosts = s.nodes.state === 'ok' ? s.nodes.value.map((n) => n.hostname) : [];
  return hosts.map((h) =>
    cert({
      friendlyName: `EAP - ${h}`,
      node: h,
      usage: ['EAP Authentication'],
      notAfter: new Date(NOW.getTime() + (h === LAST ? days - (days === 1 ? 2 : 0) : healthyDays) * DAY),
    }),
  );
}

/** The evidence list of a finding's short form, as the main chat message shows it. */
function shortLines(f: Finding): string[] {
  const [main] = findingSections(f, 'prod');
  return (main?.blocks ?? []).flatMap((b) => (b.type === 'list' ? b.items.map((i) => plain(i)) : []));
}

for (const c of CASES) {
  test(`${c.id}: the last node's line (${c.fault}) leads the evidence and is in the short form`, (t) => {
    const s = wide();
    c.plant(s);
    const f = findCheck(c.id)?.evaluate(s, context());
    if (!f) return t.fail(`no check ${c.id}`);
    t.is(f.status, c.status, f.summary);
    const at = c.at ?? LAST;
    const line = f.evidence.find((e) => e.includes(at));
    if (line === undefined) return t.fail(`no evidence line names ${at}: ${f.evidence.join(' | ')}`);
    t.true((f.faulty ?? 0) >= 1, 'the finding counts its faulty lines');
    t.true(f.evidence.indexOf(line) < (f.faulty ?? 0), `${at}'s line is among the faulty ones: ${line}`);
    const shown = shortLines(f);
    t.true(shown.includes(line), `short form: ${shown.join(' | ')}`);
    // Whatever the short form hides is counted as healthy lines, never a faulty one.
    for (const more of shown.filter((l) => l.startsWith('… '))) t.regex(more, /more without a problem/);
  });
}

test('the short form shows every faulty line up to eight, then counts the rest as needing attention', (t) => {
  const base = {
    id: 'x',
    title: 'X',
    status: 'fail' as const,
    summary: 's',
    nodes: [],
    remediation: 'r',
    section: 'g',
  };
  const bad = Array.from({ length: 6 }, (_, i) => `bad ${i + 1}`);
  const good = Array.from({ length: 10 }, (_, i) => `good ${i + 1}`);
  const six = shortLines({ ...base, evidence: [...bad, ...good], faulty: 6 });
  t.deepEqual(six, [...bad, '… 10 more without a problem (`check x --deployment prod`)']);

  const many = Array.from({ length: 20 }, (_, i) => `bad ${i + 1}`);
  const twenty = shortLines({ ...base, evidence: [...many, ...good], faulty: 20 });
  t.deepEqual(twenty.slice(0, 8), many.slice(0, 8));
  t.is(twenty[8], '… 12 more needing attention and 10 without a problem (`check x --deployment prod`)');

  const one = shortLines({ ...base, evidence: ['bad 1', ...good], faulty: 1 });
  t.deepEqual(one, ['bad 1', 'good 1', 'good 2', '… 8 more without a problem (`check x --deployment prod`)']);
});

test('a long node list is written once, collapsed: "54 nodes: first three … last"', (t) => {
  const nodes = Array.from({ length: 54 }, (_, i) => `ise-psn${String(i + 1).padStart(2, '0')}`);
  const f: Finding = {
    id: 'vm-resources',
    title: 'VMs',
    status: 'manual',
    summary: 's',
    nodes,
    evidence: [],
    remediation: 'r',
    section: 'g',
  };
  const [main] = findingSections(f, 'prod');
  const field = main?.blocks
    .flatMap((b) => (b.type === 'fields' ? b.fields : []))
    .find((x) => x.label === 'Nodes');
  t.is(plain(field?.value ?? ''), '54 nodes: ise-psn01, ise-psn02, ise-psn03 … ise-psn54');
});

test('vm-resources on 54 VMs names them once, collapsed, and the summary counts them', (t) => {
  const s = healthy();
  if (s.nodes.state !== 'ok') return t.fail();
  const psns = Array.from({ length: 54 }, (_, i) => `ise-psn${String(i + 1).padStart(2, '0')}`);
  s.nodes.value = [
    node('ise-pan1', ['PrimaryAdmin', 'PrimaryMonitoring'], []),
    ...psns.map((h) => node(h, [], ['Session'])),
  ];
  s.platforms = ok(Object.fromEntries([['ise-pan1', 'SNS-3695-K9'], ...psns.map((h) => [h, 'ISE-VM-K9'])]));
  const f = findCheck('vm-resources')?.evaluate(s, context());
  if (!f) return t.fail();
  t.is(f.status, 'manual');
  t.is(f.nodes.length, 54);
  t.deepEqual(f.evidence, [
    'ISE-VM-K9 (virtual machine): the 54 nodes listed',
    'SNS-3695-K9 (appliance): ise-pan1',
  ]);
  const all = [f.summary, f.remediation, ...f.evidence].join('\n');
  t.false(all.includes('ise-psn27'), 'no full list of the VMs anywhere');
  t.regex(f.summary, /54 VMs/);
  // The VMs are named once in the rendered finding: the Nodes field, collapsed.
  const [main] = findingSections(f, 'prod');
  const text = JSON.stringify(main);
  t.is(text.split('ise-psn54').length - 1, 1, 'ise-psn54 only in the Nodes field');
  t.true(text.includes('54 nodes: ise-psn01, ise-psn02, ise-psn03 … ise-psn54'));
});

test('certificates: 58 identical per-node SAML certificates are one evidence line naming the nodes once', (t) => {
  const s = healthy();
  const hosts = Array.from({ length: 58 }, (_, i) => `ise-n${String(i + 1).padStart(2, '0')}`);
  if (s.certificates?.state !== 'ok') return t.fail();
  s.certificates.value.push(
    ...hosts.map((h) =>
      cert({
        friendlyName: `Default self-signed saml server certificate - CN=SAML_${h}.corp.example.com`,
        node: h,
        usage: ['SAML'],
        subject: `CN=SAML_${h}.corp.example.com`,
        issuer: `SAML_${h}.corp.example.com`,
        selfSigned: true,
        notAfter: new Date(NOW.getTime() + 30 * DAY + hosts.indexOf(h) * 1000),
      }),
    ),
  );
  const f = findCheck('certificates-expiring')?.evaluate(s, context());
  if (!f) return t.fail();
  t.is(f.status, 'warn');
  const saml = f.evidence.filter((e) => /saml/i.test(e));
  t.is(saml.length, 1, saml.join('\n'));
  const [line = ''] = saml;
  t.regex(
    line,
    /CN=SAML_<node>\.corp\.example\.com · SAML · system · self-signed · expires .* \(30 days left\) on 58 nodes: ise-n01, ise-n02, ise-n03 … ise-n58$/,
  );
  t.is(f.faulty, 1);
});

test('a single certificate line names the certificate once: no subject repeating the friendly name, self-signed said so', (t) => {
  const s = healthy();
  if (s.certificates?.state !== 'ok') return t.fail();
  s.certificates.value.push(
    cert({
      friendlyName: 'Default self-signed saml server certificate - CN=SAML_ise-pan1.corp.example.com',
      node: 'ise-pan1',
      usage: ['SAML'],
      subject: 'CN=SAML_ise-pan1.corp.example.com',
      issuer: 'SAML_ise-pan1.corp.example.com',
      notAfter: new Date(NOW.getTime() + 20 * DAY),
    }),
  );
  const f = findCheck('certificates-expiring')?.evaluate(s, context());
  const line = f?.evidence[0] ?? '';
  t.is(line.split('SAML_ise-pan1').length - 1, 1, line);
  t.regex(line, /self-signed/);
});

test('mnt-data: each MnT node named, equal values written once with their nodes', (t) => {
  const s = healthy();
  const f = findCheck('mnt-data')?.evaluate(s, context());
  if (!f) return t.fail();
  t.is(f.status, 'info');
  t.is(f.summary, 'MnT data: 10 GB of 240 GB used on ise-pan1, ise-pan2; less data means a shorter upgrade.');
});

test('firewall-ports: why the ports were not probed is said once, in the evidence', (t) => {
  const s = healthy();
  const why = 'the bot does not probe node-to-node ports: it does not sit on the path between the nodes.';
  s.ports = { state: 'unavailable', reason: why };
  const f = findCheck('firewall-ports')?.evaluate(s, context());
  if (!f) return t.fail();
  t.is(f.status, 'manual');
  const all = [f.summary, ...f.evidence, f.remediation].join('\n');
  t.is(all.split('does not probe').length - 1, 1, all);
  t.deepEqual(f.evidence, [why]);
});

test('lines not read (gaps) join the faulty lines, after them and before the healthy ones', (t) => {
  const f = withGaps(
    { ...plainFinding('fail'), evidence: ['bad', 'good 1', 'good 2'], faulty: 1 },
    { gaps: ['policy set Wired'], notes: ['a note'] },
    'policy',
  );
  t.deepEqual(f.evidence, ['bad', 'not read: policy set Wired', 'good 1', 'good 2', 'a note']);
  t.is(f.faulty, 2);
});

test('a confirmed item keeps its evidence and count: who confirmed it and when are its Confirmed field', (t) => {
  const f = { ...plainFinding('manual'), evidence: ['vm 1', 'appliance'], faulty: 1 };
  const [acked] = applyAcks(
    [f],
    new Map([['x', { checkId: 'x', actor: 'slack:U1', at: NOW, releaseKey: 'k' }]]),
  );
  t.is(acked?.faulty, 1);
  t.deepEqual(acked?.evidence, ['vm 1', 'appliance']);
  t.deepEqual(acked?.ack, { by: 'slack:U1', at: NOW.toISOString() });
});

function plainFinding(status: FindingStatus): Finding {
  return {
    id: 'x',
    title: 'X',
    status,
    summary: 's',
    nodes: [],
    evidence: [],
    remediation: 'r',
    section: 'g',
  };
}

test('memory: a node whose `show memory` printed no total is named, leads the evidence, and is not "nothing to do"', (t) => {
  const s = wide();
  last(s).memory = ok({ recognised: true, warnings: [] });
  const f = findCheck('memory')?.evaluate(s, context());
  if (!f) return t.fail();
  t.is(f.status, 'error');
  t.deepEqual(f.nodes, [LAST]);
  t.regex(f.summary, /could not be read on ise-psn6/);
  t.regex(f.evidence[0] ?? '', /^ise-psn6: `show memory` printed no total/);
  t.not(f.remediation, 'Nothing to do.');
});

/** The last node of ISE's order runs MnT (the first MnT node is fine), its /opt changed by `opt`. */
function lastRunsMnt(
  s: Snapshot,
  opt: Partial<{ usedPercent: number; usedBytes: number; freeBytes: number }>,
) {
  const n = lastNode(s);
  if (n) n.roles = ['SecondaryMonitoring'];
  const pan2 = s.nodes.state === 'ok' ? s.nodes.value[1] : undefined;
  if (pan2) pan2.roles = ['SecondaryAdmin'];
  const d = last(s).disks;
  if (d?.state === 'ok')
    last(s).disks = ok({
      ...d.value,
      filesystems: d.value.filesystems.map((f) => (f.mount === '/opt' ? { ...f, ...opt } : f)),
    });
}
