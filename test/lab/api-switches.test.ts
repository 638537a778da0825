import { request } from 'node:https';
import test from 'ava';
import { Lab, type LabOptions } from '../../src/lab/lab.js';
import { parseScenario } from '../../src/lab/scenario.js';

/** A small deployment: a PAN, a secondary PAN and a PSN. */
const scenario = (version = '3.2.0.542', patch = 3) =>
  parseScenario({
    name: 'switches',
    version,
    patch,
    nodes: [
      { hostname: 'ise-pan1', roles: ['PrimaryAdmin', 'PrimaryMonitoring'] },
      { hostname: 'ise-pan2', roles: ['SecondaryAdmin', 'SecondaryMonitoring'] },
      { hostname: 'ise-psn1', services: ['Session'] },
    ],
  });

async function start(
  t: { teardown(fn: () => unknown): void },
  options: Omit<LabOptions, 'scenario'> & { version?: string; patch?: number } = {},
) {
  const { version, patch, ...rest } = options;
  const lab = await Lab.start({ scenario: scenario(version, patch), ssh: false, latency: false, ...rest });
  t.teardown(() => lab.close());
  return lab;
}

interface Answer {
  status: number;
  type: string;
  body: string;
}

/** One GET to node `hostname` as a client that trusts only `ca` would make it (SNI = the node's FQDN). */
function get(lab: Lab, hostname: string, path: string, ca: string[], port = lab.https.port): Promise<Answer> {
  const host = `${hostname}.${lab.scenario.domain}`;
  const { username, password } = lab.scenario.credentials.rest;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        servername: host,
        ca,
        path,
        headers: {
          Host: host,
          Authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`,
          Accept: 'application/json',
        },
      },
      (res) => {
        let body = '';
        res.on('data', (c) => {
          body += c;
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

test('each node has its own certificate by FQDN: the PAN from the lab CA, the others self-signed', async (t) => {
  const lab = await start(t);
  t.is((await get(lab, 'ise-pan1', '/api/v1/deployment/node', [lab.caPem])).status, 200);
  const refused = await t.throwsAsync(get(lab, 'ise-psn1', '/api/v1/patch', [lab.caPem]));
  t.is((refused as NodeJS.ErrnoException).code, 'DEPTH_ZERO_SELF_SIGNED_CERT');
  // Trusting that node's own certificate knowingly works.
  const own = await get(lab, 'ise-psn1', '/admin/API/mnt/Version', [lab.certificatePem('ise-psn1')]);
  t.is(own.status, 500, 'a PSN is no MnT node, but it answered over TLS');
});

test('Open API answers on the primary PAN only, unless switched on for all nodes', async (t) => {
  const panOnly = await start(t, { api: { secondaryCertificates: 'ca' } });
  const off = await get(panOnly, 'ise-pan2', '/api/v1/patch', [panOnly.caPem]);
  t.is(off.status, 404);
  t.regex(off.type, /text\/html/);
  t.is((await get(panOnly, 'ise-pan1', '/api/v1/patch', [panOnly.caPem])).status, 200);
  const all = await start(t, { api: { secondaryCertificates: 'ca', openApi: 'all' } });
  t.is((await get(all, 'ise-pan2', '/api/v1/patch', [all.caPem])).status, 200);
});

test('APIs are gated by release and patch: 3.1 patch 0 has certificates but no deployment API', async (t) => {
  const p0 = await start(t, { version: '3.1.0.518', patch: 0 });
  t.is((await get(p0, 'ise-pan1', '/api/v1/deployment/node', [p0.caPem])).status, 404);
  t.is((await get(p0, 'ise-pan1', '/api/v1/license/system/connection-type', [p0.caPem])).status, 404);
  t.is((await get(p0, 'ise-pan1', '/api/v1/certs/trusted-certificate', [p0.caPem])).status, 200);
  const p1 = await start(t, { version: '3.1.0.518', patch: 1 });
  t.is((await get(p1, 'ise-pan1', '/api/v1/deployment/node', [p1.caPem])).status, 200);
});

test('ERS off: 9060 refuses connections and /ers on 443 answers ISE’s HTML page', async (t) => {
  const lab = await start(t, { api: { ers: false } });
  const refused = await t.throwsAsync(get(lab, 'ise-pan1', '/ers/config/node', [lab.caPem], lab.ers.port));
  t.is((refused as NodeJS.ErrnoException).code, 'ECONNREFUSED');
  const html = await get(lab, 'ise-pan1', '/ers/config/node', [lab.caPem]);
  t.is(html.status, 200);
  t.regex(html.type, /text\/html/);
});

test('PAN failover: the other admin node is PrimaryAdmin, the configured pan a secondary', async (t) => {
  const lab = await start(t, { api: { failoverTo: 'ise-pan2', openApi: 'all' } });
  t.is(lab.configuredPan.hostname, 'ise-pan1');
  t.is(lab.pan.hostname, 'ise-pan2');
  const nodes = JSON.parse((await get(lab, 'ise-pan1', '/api/v1/deployment/node', [lab.caPem])).body)
    .response as Array<{ hostname: string; roles: string[] }>;
  t.deepEqual(
    nodes.map((n) => [n.hostname, n.roles]),
    [
      ['ise-pan1', ['SecondaryAdmin', 'PrimaryMonitoring']],
      ['ise-pan2', ['PrimaryAdmin', 'SecondaryMonitoring']],
      ['ise-psn1', []],
    ],
  );
  const config = lab.configFor() as { deployments: Array<{ pan: string }> };
  t.is(config.deployments[0]?.pan, 'ise-pan1.lab.example.com');
});
