import type { ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import test from 'ava';
import { IseRestClient } from '../../src/ise/rest/client.js';
import type { RestEndpoint } from '../../src/ise/rest/endpoint.js';
import { createCa, issueServerCertificate } from '../../src/lab/tls.js';
import { Secret } from '../../src/secrets.js';
import { waitFor } from '../helpers/wait.js';

/**
 * An HTTPS "node" that holds every request until the test releases it, so how many the client has in
 * flight at once is observed, not timed.
 */
async function holdingNode(t: { teardown(fn: () => unknown): void }) {
  const ca = createCa('concurrency CA');
  const now = Date.now();
  const tls = issueServerCertificate(ca, ['127.0.0.1', 'localhost'], {
    notBefore: new Date(now - 86_400_000),
    notAfter: new Date(now + 86_400_000),
  });
  // Received and not yet answered: what the client has in flight, as the node sees it.
  const held: ServerResponse[] = [];
  let most = 0;
  let served = 0;
  const server = createServer({ key: tls.keyPem, cert: tls.certPem }, (req, res) => {
    req.resume();
    held.push(res);
    most = Math.max(most, held.length);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => {
    server.closeAllConnections();
    server.close();
  });
  return {
    ca: ca.certPem,
    port: (server.address() as AddressInfo).port,
    held,
    stats: () => ({ inFlight: held.length, most, served }),
    releaseOne() {
      held.shift()?.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      served++;
    },
  };
}

test('the REST client never has more requests in flight to one node than its concurrency bound', async (t) => {
  const node = await holdingNode(t);
  const client = new IseRestClient({
    username: 'ers-admin',
    password: new Secret('Lab-Rest-Pass1'),
    ca: node.ca,
    insecure: false,
    timeoutMs: 60_000,
    concurrency: 3,
    maxResponseBytes: 32 * 1024 * 1024,
  });
  t.teardown(() => client.close());
  const endpoint: RestEndpoint = {
    hostname: 'ise-pan1',
    host: 'localhost',
    address: '127.0.0.1',
    port: node.port,
  };
  const requests = Array.from({ length: 10 }, (_, i) =>
    client.request(endpoint, `/api/v1/thing/${i}`, { family: 'openapi' }),
  );
  for (let served = 0; served < 10; served++) {
    // Wait until the bound is reached (or all that are left are in), then let one through.
    const expected = Math.min(3, 10 - served);
    await waitFor(() => node.held.length === expected, {
      message: () => `${expected} held requests (${JSON.stringify(node.stats())})`,
    });
    node.releaseOne();
  }
  const answers = await Promise.all(requests);
  t.true(answers.every((a) => a.status === 200));
  t.is(node.stats().most, 3, 'three at once, never four');
  t.is(node.stats().served, 10);
});
