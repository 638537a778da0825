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
  const lab = await Lab.start({ scenario: loadScenario('healthy-3.2') });
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
    raw.deployments[0].rest.password = 'wrong';
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
