import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { parseConfig } from '../../src/config/load.js';
import { IseAccess } from '../../src/ise/access.js';
import { IseAuthError, IseTlsError } from '../../src/ise/errors.js';
import { readNodes } from '../../src/ise/nodes.js';
import { Lab } from '../../src/lab/lab.js';
import { loadScenario } from '../../src/lab/scenario.js';
import { createCa } from '../../src/lab/tls.js';

// biome-ignore lint/suspicious/noExplicitAny: tests poke into the raw config before validation
async function accessTo(lab: Lab, patch: (raw: any) => void = () => {}) {
  const raw = lab.configFor(mkdtempSync(join(tmpdir(), 'lab-')));
  patch(raw);
  const { config } = parseConfig(raw, {}, undefined, process.cwd());
  const deployment = config.deployments[0];
  if (!deployment) throw new Error('no deployment');
  return new IseAccess(deployment);
}

test('a 2.7 deployment is read over ERS with its release from iseversion', async (t) => {
  const lab = await Lab.start({ scenario: loadScenario('demo') });
  t.teardown(() => lab.close());
  const access = await accessTo(lab);
  t.teardown(() => access.close());
  t.like(await access.release(), { version: '2.7.0.356', release: '2.7', patch: 4 });
  const nodes = await readNodes(access);
  t.deepEqual(
    nodes.map((n) => [n.hostname, n.status, n.patchSource]),
    [
      ['ise-pan1', 'Connected', 'cluster'],
      ['ise-pan2', 'Connected', 'cluster'],
      ['ise-psn1', 'Connected', 'cluster'],
      ['ise-psn2', 'Connected', 'cluster'],
      ['ise-psn3', 'Disconnected', 'cluster'],
    ],
  );
  t.deepEqual(nodes[0]?.roles, ['PrimaryAdmin', 'PrimaryMonitoring']);
  t.deepEqual(nodes[4]?.services, ['Session', 'Profiler', 'pxGrid']);
});

test('a 3.2 deployment is read over OpenAPI with each node reporting its own patch', async (t) => {
  // Open API on "All Other Nodes" and CA-issued certificates everywhere: the per-node patch call works.
  const lab = await Lab.start({
    scenario: loadScenario('healthy-3.2'),
    api: { openApi: 'all', secondaryCertificates: 'ca' },
  });
  t.teardown(() => lab.close());
  const access = await accessTo(lab);
  t.teardown(() => access.close());
  const nodes = await readNodes(access);
  t.is(nodes.length, 8);
  t.true(nodes.every((n) => n.patch === 7 && n.patchSource === 'node' && n.version === '3.2.0.542'));
  t.deepEqual(lab.stats.rest.get('ise-psn4'), { ers: 0, openapi: 1, mnt: 0 });
});

test('wrong REST credentials give an auth error that says what to fix', async (t) => {
  const lab = await Lab.start({ scenario: loadScenario('healthy-3.2') });
  t.teardown(() => lab.close());
  const access = await accessTo(lab, (raw) => {
    raw.deployments[0].rest.password = 'Wrong-Pass-1';
  });
  t.teardown(() => access.close());
  const error = await t.throwsAsync(readNodes(access), { instanceOf: IseAuthError });
  t.regex(error?.message ?? '', /Request failed with 401: GET \/ers\/config\/op\/systemconfig\/iseversion/);
  t.regex(error?.hint ?? '', /ERS Admin or ERS Operator/);
});

test('an untrusted ISE certificate is refused with its fingerprint', async (t) => {
  const lab = await Lab.start({ scenario: loadScenario('healthy-3.2') });
  t.teardown(() => lab.close());
  const dir = mkdtempSync(join(tmpdir(), 'ca-'));
  const { writeFileSync } = await import('node:fs');
  writeFileSync(join(dir, 'other.pem'), createCa('Some other CA').certPem);
  const access = await accessTo(lab, (raw) => {
    raw.deployments[0].rest.caFile = join(dir, 'other.pem');
  });
  t.teardown(() => access.close());
  const error = await t.throwsAsync(readNodes(access), { instanceOf: IseTlsError });
  t.regex(error?.message ?? '', /is not trusted .*SHA-256 fingerprint ([0-9A-F]{2}:){31}[0-9A-F]{2}/);
});

test('Open API off on the other nodes (ISE default): every node stays listed, its patch unknown with the reason', async (t) => {
  const lab = await Lab.start({ scenario: loadScenario('healthy-3.2'), ssh: false });
  t.teardown(() => lab.close());
  const access = await accessTo(lab);
  t.teardown(() => access.close());
  const nodes = await readNodes(access);
  t.is(nodes.length, 8);
  const pan = nodes.find((n) => n.hostname === 'ise-pan1');
  t.like(pan, { patch: 7, patchSource: 'node', version: '3.2.0.542' });
  const others = nodes.filter((n) => n.hostname !== 'ise-pan1');
  for (const n of others) {
    t.is(n.patch, undefined, n.hostname);
    t.is(n.patchSource, 'unknown', n.hostname);
    // Self-signed secondary certificates fail TLS before Open API is even asked.
    t.regex(n.patchError ?? '', /not trusted/, n.hostname);
  }
});

test('Open API off on the other nodes behind trusted certificates: the 404 names the API Settings', async (t) => {
  const lab = await Lab.start({
    scenario: loadScenario('healthy-3.2'),
    ssh: false,
    api: { secondaryCertificates: 'ca' },
  });
  t.teardown(() => lab.close());
  const access = await accessTo(lab);
  t.teardown(() => access.close());
  const psn = (await readNodes(access)).find((n) => n.hostname === 'ise-psn1');
  t.like(psn, { patch: undefined, patchSource: 'unknown', roles: [], services: ['Session', 'Profiler'] });
  t.regex(psn?.patchError ?? '', /404.*\/api\/v1\/patch.*API Settings.*All Other Nodes/);
});

test('3.1 patch 0 has no deployment API: the node list comes from ERS', async (t) => {
  const scenario = loadScenario('healthy-3.2');
  const lab = await Lab.start({ scenario: { ...scenario, version: '3.1.0.518', patch: 0 }, ssh: false });
  t.teardown(() => lab.close());
  const access = await accessTo(lab);
  t.teardown(() => access.close());
  const nodes = await readNodes(access);
  t.is(nodes.length, 8);
  t.false(lab.stats.calls.some((c) => c.path.startsWith('/api/v1/deployment')));
  t.deepEqual(nodes.find((n) => n.hostname === 'ise-pan1')?.roles, ['PrimaryAdmin']);
  t.true(nodes.find((n) => n.hostname === 'ise-mnt1')?.roles.some((r) => r.endsWith('Monitoring')));
});

test('deploymentinfo without Name (Cisco 2.7 example): nodes keep their MnT persona and status', async (t) => {
  const lab = await Lab.start({
    scenario: loadScenario('demo'),
    ssh: false,
    api: { deploymentInfoName: false },
  });
  t.teardown(() => lab.close());
  const access = await accessTo(lab);
  t.teardown(() => access.close());
  const nodes = await readNodes(access);
  t.deepEqual(
    nodes.map((n) => [n.hostname, n.roles, n.status]),
    [
      ['ise-pan1', ['PrimaryAdmin', 'PrimaryMonitoring'], 'Connected'],
      ['ise-pan2', ['SecondaryAdmin', 'SecondaryMonitoring'], 'Connected'],
      ['ise-psn1', [], 'Connected'],
      ['ise-psn2', [], 'Connected'],
      ['ise-psn3', [], 'Disconnected'],
    ],
  );
});

test('pan given as an IP address: the TLS error says to use the FQDN, not to change caFile', async (t) => {
  const lab = await Lab.start({ scenario: loadScenario('healthy-3.2'), ssh: false });
  t.teardown(() => lab.close());
  const access = await accessTo(lab, (raw) => {
    raw.deployments[0].pan = '127.0.0.1';
  });
  t.teardown(() => access.close());
  const error = await t.throwsAsync(readNodes(access), { instanceOf: IseTlsError });
  t.regex(error?.message ?? '', /IP address.*names ise-pan1\.corp\.example\.com/);
  t.regex(
    error?.hint ?? '',
    /Use the node's FQDN \(ise-pan1\.corp\.example\.com\) as pan.*rest\.caFile is fine/,
  );
});

test('the release is learned once per run: a patch installed meanwhile is seen by the next command', async (t) => {
  const lab = await Lab.start({ scenario: loadScenario('healthy-3.2'), ssh: false });
  t.teardown(() => lab.close());
  const access = await accessTo(lab);
  t.teardown(() => access.close());
  const first = new AbortController().signal;
  t.like(await access.release(first), { patch: 7 });
  (lab.scenario as { patch: number }).patch = 8;
  t.like(await access.release(first), { patch: 7 }, 'one run sees one release');
  t.like(await access.release(new AbortController().signal), { patch: 8 });
});

test('ERS off (9060 closed): the release comes from MnT with its patch unknown, never 0', async (t) => {
  const scenario = loadScenario('healthy-3.2');
  // The PAN is also the MnT here, so MnT's Version answers at `pan`.
  const withMnt = scenario.nodes.map((n) =>
    n.hostname === 'ise-pan1'
      ? { ...n, roles: ['PrimaryAdmin', 'PrimaryMonitoring'] }
      : n.hostname === 'ise-mnt1'
        ? { ...n, roles: ['SecondaryMonitoring'] }
        : n,
  );
  const lab = await Lab.start({ scenario: { ...scenario, nodes: withMnt }, ssh: false, api: { ers: false } });
  t.teardown(() => lab.close());
  const access = await accessTo(lab);
  t.teardown(() => access.close());
  const release = await access.release();
  t.is(release.version, '3.2.0.542');
  t.is(release.patch, undefined);
  // The node list needs no ERS on 3.2; the PAN tells its own patch.
  const nodes = await readNodes(access);
  t.like(
    nodes.find((n) => n.hostname === 'ise-pan1'),
    { patch: 7, patchSource: 'node' },
  );
});

test('a garbled or refused per-node patch answer costs that node its patch, never the list', async (t) => {
  const lab = await Lab.start({
    scenario: loadScenario('healthy-3.2'),
    ssh: false,
    api: { openApi: 'all', secondaryCertificates: 'ca' },
    faults: {
      rest: [
        { node: 'ise-psn1', path: '^/api/v1/patch', malformed: true },
        { node: 'ise-psn2', path: '^/api/v1/patch', status: 403 },
      ],
    },
  });
  t.teardown(() => lab.close());
  const access = await accessTo(lab);
  t.teardown(() => access.close());
  const nodes = await readNodes(access);
  t.is(nodes.length, 8);
  t.like(
    nodes.find((n) => n.hostname === 'ise-psn1'),
    { patch: undefined, patchSource: 'unknown' },
  );
  t.regex(nodes.find((n) => n.hostname === 'ise-psn1')?.patchError ?? '', /not valid JSON/);
  t.regex(nodes.find((n) => n.hostname === 'ise-psn2')?.patchError ?? '', /403/);
  t.like(
    nodes.find((n) => n.hostname === 'ise-psn3'),
    { patch: 7, patchSource: 'node' },
  );
});
