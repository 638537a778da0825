import anyTest, { type ExecutionContext, type TestFn } from 'ava';
import {
  IseAuthError,
  IseConnectionError,
  IseHttpError,
  IseTimeoutError,
  IseTlsError,
} from '../../src/ise/errors.js';
import { IseRestClient, type RestClientOptions } from '../../src/ise/rest/client.js';
import type { RestEndpoint } from '../../src/ise/rest/endpoint.js';
import { ersListAll } from '../../src/ise/rest/ers.js';
import { Lab } from '../../src/lab/lab.js';
import { parseScenario } from '../../src/lab/scenario.js';
import { createCa } from '../../src/lab/tls.js';
import { Secret } from '../../src/secrets.js';

// A 2.7 deployment with 250 sponsor groups: three ERS pages of 100.
const SCENARIO = {
  name: 'client',
  version: '2.7.0.356',
  patch: 4,
  nodes: [{ hostname: 'ise-pan1', roles: ['PrimaryAdmin', 'PrimaryMonitoring'] }],
  sponsorGroups: Array.from({ length: 250 }, (_, i) => `Sponsors ${String(i + 1).padStart(3, '0')}`),
};

interface Rig {
  lab: Lab;
  client: IseRestClient;
  sleeps: number[];
  ers: RestEndpoint;
  https: RestEndpoint;
}

// One lab for the file (a lab start makes RSA keys); tests run serially because faults are lab-wide.
const test = anyTest.serial as TestFn<{ lab: Lab }>;

anyTest.before(async (t) => {
  (t.context as { lab: Lab }).lab = await Lab.start({
    scenario: parseScenario(SCENARIO),
    ssh: false,
    latency: false,
  });
});
anyTest.after.always(async (t) => {
  await (t.context as { lab?: Lab }).lab?.close();
});

async function rig(
  t: ExecutionContext<{ lab: Lab }>,
  options: Partial<RestClientOptions> = {},
): Promise<Rig> {
  const { lab } = t.context;
  await lab.setFaults({});
  lab.resetStats();
  const sleeps: number[] = [];
  const client = new IseRestClient({
    username: 'ers-admin',
    password: new Secret('Lab-Rest-Pass1'),
    ca: lab.caPem,
    insecure: false,
    timeoutMs: 5_000,
    concurrency: 4,
    maxResponseBytes: 32 * 1024 * 1024,
    // A fake sleep: retries are observed, not waited for.
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    ...options,
  });
  t.teardown(() => client.close());
  const at = (port: number): RestEndpoint => ({
    hostname: 'ise-pan1',
    host: 'ise-pan1.lab.example.com',
    address: '127.0.0.1',
    port,
  });
  return { lab, client, sleeps, ers: at(lab.ers.port), https: at(lab.https.port) };
}

const ers = { family: 'ers' as const };
const sponsorCalls = (lab: Lab) =>
  lab.stats.calls.filter((c) => c.path === '/ers/config/sponsorgroup').length;

test('ERS lists are followed across pages through their nextPage links', async (t) => {
  const { lab, client, ers: endpoint } = await rig(t);
  const groups = await ersListAll(client, endpoint, '/ers/config/sponsorgroup');
  t.is(groups.length, 250);
  t.is(groups.at(-1)?.name, 'Sponsors 250');
  t.is(sponsorCalls(lab), 3);
});

test('wrong credentials give an IseAuthError naming the settings to fix', async (t) => {
  const { client, ers: endpoint } = await rig(t, { password: new Secret('wrong') });
  const error = await t.throwsAsync(client.getJson(endpoint, '/ers/config/sponsorgroup', ers), {
    instanceOf: IseAuthError,
  });
  t.is(error?.status, 401);
  t.regex(error?.message ?? '', /Request failed with 401: GET \/ers\/config\/sponsorgroup/);
  t.regex(error?.hint ?? '', /rest\.username.*ERS Admin or ERS Operator/);
});

const statusCases: Array<[number, RegExp]> = [
  [401, /REST credentials/],
  [404, /starts at 3\.1|Open API is disabled|Not Found|Resource not found/],
  [500, /Internal error/],
  [502, /application server down/],
];
for (const [status, expected] of statusCases) {
  test(`a forced ${status} becomes a typed error with a clear message, without retries`, async (t) => {
    const { lab, client, sleeps, ers: endpoint } = await rig(t);
    await lab.setFaults({ rest: [{ path: 'sponsorgroup', status: status as 401 }] });
    const error = await t.throwsAsync(client.getJson(endpoint, '/ers/config/sponsorgroup', ers), {
      instanceOf: status === 401 ? IseAuthError : IseHttpError,
    });
    t.is(error?.status, status);
    t.regex(`${error?.message} ${error?.hint ?? ''}`, expected);
    t.deepEqual(sleeps, []);
    t.is(sponsorCalls(lab), 1);
  });
}

test('OpenAPI 404 on a 2.7 node says from which release and patch ISE serves the API', async (t) => {
  const { client, https } = await rig(t);
  const error = await t.throwsAsync(client.getJson(https, '/api/v1/deployment/node', { family: 'openapi' }), {
    instanceOf: IseHttpError,
  });
  t.is(error?.status, 404);
  // The deployment API arrives in 3.1 patch 1 (the gate table); past that, Open API is off on the node.
  t.regex(error?.hint ?? '', /from 3\.1 patch 1 on;.*API Settings/);
});

test('429 is retried after the Retry-After ISE sends', async (t) => {
  const { lab, client, sleeps, ers: endpoint } = await rig(t);
  await lab.setFaults({ rest: [{ path: 'sponsorgroup', status: 429, retryAfterSeconds: 7, times: 2 }] });
  const page = await client.getJson<{ SearchResult: { total: number } }>(
    endpoint,
    '/ers/config/sponsorgroup',
    ers,
  );
  t.is(page.SearchResult.total, 250);
  t.deepEqual(sleeps, [7_000, 7_000]);
  t.is(sponsorCalls(lab), 3);
});

test('503 is retried with jittered backoff, then reported when it persists', async (t) => {
  const { lab, client, sleeps, ers: endpoint } = await rig(t, { retries: 2 });
  await lab.setFaults({ rest: [{ path: 'sponsorgroup', status: 503 }] });
  const error = await t.throwsAsync(client.getJson(endpoint, '/ers/config/sponsorgroup', ers), {
    instanceOf: IseHttpError,
  });
  t.is(error?.status, 503);
  t.is(sleeps.length, 2);
  t.true((sleeps[1] ?? 0) > (sleeps[0] ?? 0), 'the backoff grows');
  t.is(sponsorCalls(lab), 3);
});

test('a connection reset is retried for a GET', async (t) => {
  const { lab, client, sleeps, ers: endpoint } = await rig(t);
  await lab.setFaults({ rest: [{ path: 'sponsorgroup', reset: true, times: 1 }] });
  const page = await client.getJson<{ SearchResult: { total: number } }>(
    endpoint,
    '/ers/config/sponsorgroup',
    ers,
  );
  t.is(page.SearchResult.total, 250);
  t.is(sleeps.length, 1);
});

test('a connection reset is not retried for a write', async (t) => {
  const { lab, client, sleeps, https } = await rig(t);
  await lab.setFaults({ rest: [{ path: 'backup', reset: true }] });
  await t.throwsAsync(
    client.request(https, '/admin/API/mnt/backup', { family: 'mnt', method: 'POST', body: { a: 1 } }),
    { instanceOf: IseConnectionError, message: /ECONNRESET|socket hang up/ },
  );
  t.deepEqual(sleeps, []);
});

test('malformed JSON is an error that says the answer was cut short', async (t) => {
  const { lab, client, ers: endpoint } = await rig(t);
  await lab.setFaults({ rest: [{ path: 'sponsorgroup', malformed: true }] });
  await t.throwsAsync(client.getJson(endpoint, '/ers/config/sponsorgroup', ers), {
    instanceOf: IseHttpError,
    message: /not valid JSON/,
  });
});

test('a hanging answer is cut by the request timeout', async (t) => {
  const { lab, client, ers: endpoint } = await rig(t);
  await lab.setFaults({ rest: [{ path: 'sponsorgroup', hang: true }] });
  const error = await t.throwsAsync(
    client.getJson(endpoint, '/ers/config/sponsorgroup', { ...ers, timeoutMs: 300 }),
    { instanceOf: IseTimeoutError },
  );
  t.regex(
    error?.message ?? '',
    /GET \/ers\/config\/sponsorgroup on ise-pan1\.lab\.example\.com:\d+ did not answer/,
  );
  t.regex(error?.hint ?? '', /ERS is enabled/);
});

test('added latency delays the answer but it still arrives', async (t) => {
  const { lab, client, ers: endpoint } = await rig(t);
  await lab.setFaults({ rest: [{ path: 'iseversion', latencyMs: 150 }] });
  const started = Date.now();
  await client.getJson(endpoint, '/ers/config/op/systemconfig/iseversion', ers);
  t.true(Date.now() - started >= 140);
});

test('a certificate from another CA is refused with its fingerprint', async (t) => {
  const other = createCa('Some other CA');
  const { client, ers: endpoint } = await rig(t, { ca: other.certPem });
  const error = await t.throwsAsync(client.getJson(endpoint, '/ers/config/sponsorgroup', ers), {
    instanceOf: IseTlsError,
  });
  t.regex(error?.message ?? '', /not trusted.*SHA-256 fingerprint ([0-9A-F]{2}:){31}[0-9A-F]{2}/);
  t.regex(error?.hint ?? '', /rest\.caFile/);
});
