import { request } from 'node:https';
import test from 'ava';
import { Lab } from '../../src/lab/lab.js';
import { loadScenario, parseScenario } from '../../src/lab/scenario.js';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  // biome-ignore lint/suspicious/noExplicitAny: raw ISE bodies are inspected field by field
  json: () => any;
}

/** A raw HTTPS exchange with the lab, as ISE's clients make it (Host = node FQDN, basic auth). */
function call(
  lab: Lab,
  port: 'https' | 'ers',
  path: string,
  options: { method?: string; headers?: Record<string, string>; host?: string } = {},
): Promise<Answer> {
  const host = options.host ?? `${lab.pan.hostname}.${lab.scenario.domain}`;
  const { username, password } = lab.scenario.credentials.rest;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: lab[port].port,
        servername: host,
        ca: lab.caPem,
        path,
        method: options.method ?? 'GET',
        headers: {
          Host: host,
          Authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`,
          Accept: 'application/json',
          ...options.headers,
        },
      },
      (res) => {
        let body = '';
        res.on('data', (c) => {
          body += c;
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: () => JSON.parse(body) }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const labs: Record<string, Lab> = {};

test.before(async () => {
  const start = (name: string, scenario: ReturnType<typeof parseScenario>) =>
    Lab.start({ scenario, ssh: false, latency: false }).then((lab) => {
      labs[name] = lab;
    });
  await Promise.all([
    start('2.7', loadScenario('demo')),
    start(
      '3.0',
      parseScenario({
        name: 'three-oh',
        version: '3.0.0.458',
        nodes: [{ hostname: 'ise-pan1', roles: ['PrimaryAdmin', 'PrimaryMonitoring'] }],
        conditions: [
          { name: 'Compliant_Devices', dictionaryName: 'Session', attributeName: 'PostureStatus' },
        ],
      }),
    ),
    start(
      '3.2',
      parseScenario({
        ...loadScenario('healthy-3.2'),
        nodes: loadScenario('healthy-3.2').nodes.map((n) => ({ ...n, timezone: 'Asia/Kolkata' })),
        ersCsrf: true,
      }),
    ),
  ]);
});
test.after.always(() => Promise.all(Object.values(labs).map((l) => l.close())));
const lab = (release: string) => {
  const found = labs[release];
  if (!found) throw new Error(`no ${release} lab`);
  return found;
};

test('a 2.7 node answers /api/v1 with a 404 HTML page like the real one', async (t) => {
  for (const path of [
    '/api/v1/deployment/node',
    '/api/v1/certs/trusted-certificate',
    '/api/v1/policy/network-access/condition',
  ]) {
    const answer = await call(lab('2.7'), 'https', path);
    t.is(answer.status, 404, path);
    t.regex(String(answer.headers['content-type']), /text\/html/);
  }
});

test('a 2.7 node serves ERS on 9060 only, in Jackson pretty print', async (t) => {
  t.is((await call(lab('2.7'), 'https', '/ers/config/sponsorgroup')).status, 404);
  const answer = await call(lab('2.7'), 'ers', '/ers/config/sponsorgroup?size=2&page=1');
  t.is(answer.status, 200);
  t.regex(answer.body, /^\{\n {2}"SearchResult" : \{\n {4}"total" : 6,/);
  t.regex(answer.body, /"resources" : \[ \{/);
  t.regex(
    answer.json().SearchResult.nextPage.href,
    /^https:\/\/ise-pan1\.corp\.example\.com(:\d+)?\/ers\/config\/sponsorgroup\?size=2&page=2$/,
  );
  t.is(answer.json().SearchResult.previousPage, undefined);
  t.true(answer.json().SearchResult.resources.length === 2);
});

test('ERS wants an Accept header and at most 100 per page', async (t) => {
  const noAccept = await call(lab('2.7'), 'ers', '/ers/config/sponsorgroup', { headers: { Accept: '' } });
  t.is(noAccept.status, 415);
  t.regex(noAccept.body, /Resource media type exception/);
  const big = await call(lab('2.7'), 'ers', '/ers/config/sponsorgroup?size=101');
  t.is(big.status, 400);
  t.is(big.json().ERSResponse.messages[0].code, 'Query validation exception');
});

test('2.7 deploymentinfo carries licensing, MDM counts and profiler probes in JAXB form', async (t) => {
  const info = (await call(lab('2.7'), 'ers', '/ers/config/deploymentinfo/getAllInfo')).json()
    .ERSDeploymentInfo;
  t.is(info.mdmInfo.activeMdmServersCount, 0);
  t.is(info.mdmInfo.nodeList.nodeAndScope[0], 'deployment');
  t.is(
    info.licensesInfo.nodeList.nodeAndScope[0].content[0].name,
    '{http://www.cisco.com/LicenseInfo}ConnectionMethod',
  );
  const psn3 = info.deploymentInfo.nodeList.nodeAndNodeCountAndCountInfo
    .map((n: { value: { content?: Array<{ name: string; value: unknown }> } }) => n.value.content ?? [])
    .find((c: Array<{ value: unknown }>) => c.some((e) => e.value === 'ise-psn3'));
  const probes = psn3.find((e: { name: string }) => e.name.endsWith('}ProfilerProbes'));
  t.is(probes.value, 'dhcp,radius');
  t.is(Object.keys(probes).length, 7);
});

test('MnT answers its Version only on a monitoring node', async (t) => {
  const mnt = await call(lab('2.7'), 'https', '/admin/API/mnt/Version');
  t.regex(mnt.body, /<product name="Cisco Identity Services Engine"><version>2\.7\.0\.356<\/version>/);
  const psn = await call(lab('2.7'), 'https', '/admin/API/mnt/Version', {
    host: 'ise-psn1.corp.example.com',
  });
  t.is(psn.status, 500);
  t.regex(psn.body, /This host is not a MnT node/);
});

test('3.0 serves the policy API (INFERENCE) but not the 3.1 OpenAPI', async (t) => {
  const conditions = await call(lab('3.0'), 'https', '/api/v1/policy/network-access/condition');
  t.is(conditions.status, 200);
  t.like(conditions.json().response[0], {
    name: 'Compliant_Devices',
    conditionType: 'LibraryConditionAttributes',
  });
  t.is((await call(lab('3.0'), 'https', '/api/v1/deployment/pan-ha')).status, 404);
  t.is((await call(lab('3.0'), 'https', '/ers/config/sponsorgroup')).status, 404);
});

test('3.2 serves ERS on 443 and the OpenAPI with both path spellings', async (t) => {
  t.is((await call(lab('3.2'), 'https', '/ers/config/sponsorgroup')).status, 200);
  t.is((await call(lab('3.2'), 'https', '/api/v1/deployment/node')).status, 200);
  t.is((await call(lab('3.2'), 'https', '/api/v1/deployment/node/')).status, 200);
});

test('3.2 certificates page and carry Java dates in the appliance zone', async (t) => {
  const first = (await call(lab('3.2'), 'https', '/api/v1/certs/trusted-certificate?page=1&size=5')).json();
  t.is(first.response.length, 5);
  t.regex(first.nextPage.href, /page=2&size=5$/);
  t.is(first.previousPage, undefined);
  t.regex(
    first.response[0].expirationDate,
    /^[A-Z][a-z]{2} [A-Z][a-z]{2} \d{2} \d{2}:\d{2}:\d{2} IST \d{4}$/,
  );
  t.is(typeof first.response[0].keySize, 'string');
  const all = (await call(lab('3.2'), 'https', '/api/v1/certs/trusted-certificate?size=100')).json().response;
  const names = all.map((c: { friendlyName: string }) => c.friendlyName);
  t.true(names.includes('Certificate Services Root CA - ise-pan1#00001'));
  t.true(names.some((n: string) => n.startsWith('Certificate Services Endpoint Sub CA - ise-psn4#')));
  const system = (await call(lab('3.2'), 'https', '/api/v1/certs/system-certificate/ise-psn1')).json()
    .response;
  t.like(system[0], { usedBy: 'Admin, EAP Authentication, RADIUS DTLS', keySize: 2048, selfSigned: false });
  const again = (await call(lab('3.2'), 'https', '/api/v1/certs/system-certificate/ise-psn1')).json()
    .response;
  t.is(again[0].sha256Fingerprint, system[0].sha256Fingerprint, 'fingerprints are stable');
});

test('3.2 bare and enveloped bodies follow each module', async (t) => {
  t.deepEqual((await call(lab('3.2'), 'https', '/api/v1/license/system/connection-type')).json(), {
    connectionType: 'HTTP_DIRECT',
    state: 'ENABLED',
  });
  t.deepEqual((await call(lab('3.2'), 'https', '/api/v1/deployment/pan-ha')).json(), {
    response: { isEnabled: false },
    version: '1.0.0',
  });
  const last = (await call(lab('3.2'), 'https', '/api/v1/backup-restore/config/last-backup-status')).json();
  t.like(last.response, { status: 'COMPLETED', percentComplete: '100', type: 'CONFIGURATION_DB' });
  const files = (await call(lab('3.2'), 'https', '/api/v1/repository/backup-sftp/files')).json();
  t.true(files.response.some((f: string) => f.startsWith('ise-upgradebundle-')));
  const missing = await call(
    lab('3.2'),
    'https',
    '/api/v1/policy/network-access/condition/00000000-0000-0000-0000-000000000000',
  );
  t.deepEqual(missing.json(), {
    code: '404',
    message: 'Condition 00000000-0000-0000-0000-000000000000 not found',
  });
});

test('CSRF mode: the token is fetched on a GET and an ERS write without it is refused', async (t) => {
  const fetched = await call(lab('3.2'), 'ers', '/ers/config/sponsorgroup', {
    headers: { 'X-CSRF-Token': 'fetch' },
  });
  t.regex(String(fetched.headers['x-csrf-token']), /^[0-9a-f-]{36}$/);
  const refused = await call(lab('3.2'), 'ers', '/ers/config/sponsorgroup', { method: 'POST' });
  t.is(refused.status, 403);
  t.regex(refused.body, /^CSRF nonce validation failed<!DOCTYPE html>/);
});
