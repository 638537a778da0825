import { readFileSync, writeFileSync } from 'node:fs';
import { request as httpsRequest, createServer as httpsServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import test from 'ava';
import { IseResponseTooLargeError } from '../../src/ise/errors.js';
import { IseRestClient } from '../../src/ise/rest/client.js';
import { createCa, issueServerCertificate } from '../../src/lab/tls.js';
import { Secret } from '../../src/secrets.js';
import { labChat } from '../helpers/lab-chat.js';
import { startLab } from '../lab/helpers.js';

const MB = 1024 * 1024;
const HUGE = 400 * MB;
const SPONSOR_GROUPS = /^\/ers\/config\/sponsorgroup/;

/** A clean ISE 3.2 deployment: every check that reads ISE gets a real answer. */
const SCENARIO = {
  name: 'cap-lab',
  version: '3.2.0.542',
  patch: 7,
  nodes: [
    { hostname: 'ise-pan1', roles: ['PrimaryAdmin', 'PrimaryMonitoring'] },
    { hostname: 'ise-psn1', services: ['Session', 'Profiler'] },
  ],
};

/**
 * An HTTPS stand-in in front of the lab's ERS port: the sponsor group list answers 400 MB of JSON,
 * streamed with no Content-Length (only counting can stop it); every other request goes to the lab.
 */
async function hugeErsProxy(labErsPort: number, names: string[]): Promise<{ server: Server; caPem: string }> {
  const ca = createCa('huge-answer CA');
  const now = Date.now();
  const cert = issueServerCertificate(ca, names, {
    notBefore: new Date(now - 86_400_000),
    notAfter: new Date(now + 86_400_000),
  });
  const piece = Buffer.alloc(MB, ' ');
  const server = httpsServer({ key: cert.keyPem, cert: cert.certPem }, (req, res) => {
    if (SPONSOR_GROUPS.test(req.url ?? '')) {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"SearchResult":{"total":1,"resources":[');
      let sent = 0;
      const more = () => {
        while (sent < HUGE && !res.destroyed) {
          sent += piece.length;
          if (!res.write(piece)) return void res.once('drain', more);
        }
        if (!res.destroyed) res.end(']}}');
      };
      more();
      return;
    }
    const forward = httpsRequest(
      {
        host: '127.0.0.1',
        port: labErsPort,
        path: req.url,
        method: req.method,
        headers: req.headers,
        rejectUnauthorized: false,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, caPem: ca.certPem };
}

test('a 400 MB ISE answer makes only its check an error naming rest.maxResponseBytes, and RSS stays under 250 MB', async (t) => {
  const lab = await startLab(t, SCENARIO);
  const direct = await labChat(t, lab);
  const before = statuses(await direct('readiness --target 3.4'));
  t.not(before['sponsor-group-ascii'], 'error', 'the lab answers sponsor groups when nothing is in between');

  const pan = String((lab.configFor().deployments as Array<{ pan: string }>)[0]?.pan);
  const domain = pan.split('.').slice(1).join('.');
  const names = [pan, ...SCENARIO.nodes.map((n) => `${n.hostname}.${domain}`)];
  const proxy = await hugeErsProxy(lab.ers.port, names);
  t.teardown(() => new Promise<void>((resolve) => proxy.server.close(() => resolve())));
  const port = (proxy.server.address() as AddressInfo).port;
  const capped = await labChat(t, lab, (raw, dir) => {
    const deployment = raw.deployments[0];
    // The proxy's CA is trusted beside the lab's: no TLS shortcut in this test.
    const caFile = join(dir, 'cas.pem');
    writeFileSync(caFile, `${readFileSync(deployment.rest.caFile, 'utf8')}\n${proxy.caPem}`);
    deployment.rest.caFile = caFile;
    deployment.rest.ersPort = port;
    for (const node of Object.values(deployment.nodes) as Array<{ ersPort: number }>) node.ersPort = port;
  });

  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  const reply = await capped('readiness --target 3.4');
  clearInterval(sampler);
  t.log(`peak RSS ${Math.round(peak / MB)} MB`);
  t.true(peak < 250 * MB, `peak RSS ${Math.round(peak / MB)} MB`);

  const findings = reply.findings as Array<{ id: string; status: string; summary: string }>;
  const sponsor = findings.find((f) => f.id === 'sponsor-group-ascii');
  t.is(sponsor?.status, 'error');
  t.regex(sponsor?.summary ?? '', /answered more than 32 MB.*rest\.maxResponseBytes/);
  const after = statuses(reply);
  delete after['sponsor-group-ascii'];
  delete before['sponsor-group-ascii'];
  t.deepEqual(after, before, 'every other check reads as it did without the huge answer');
});

function statuses(reply: { findings?: unknown }): Record<string, string> {
  return Object.fromEntries(
    (reply.findings as Array<{ id: string; status: string }>).map((f) => [f.id, f.status]),
  );
}

test('an ISE answer that declares more than rest.maxResponseBytes fails before any of it is read', async (t) => {
  const ca = createCa('declared-size CA');
  const now = Date.now();
  const cert = issueServerCertificate(ca, ['localhost'], {
    notBefore: new Date(now - 86_400_000),
    notAfter: new Date(now + 86_400_000),
  });
  // Declares 400 MB and sends none of it: only the declared size can fail the request.
  const server = httpsServer({ key: cert.keyPem, cert: cert.certPem }, (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(HUGE) });
    res.flushHeaders();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => {
    server.closeAllConnections();
    server.close();
  });
  const client = new IseRestClient({
    username: 'ers-admin',
    password: new Secret('Lab-Rest-Pass1'),
    ca: ca.certPem,
    insecure: false,
    timeoutMs: 30_000,
    concurrency: 1,
    maxResponseBytes: 32 * MB,
  });
  t.teardown(() => client.close());
  const endpoint = {
    hostname: 'ise-pan1',
    host: 'localhost',
    address: '127.0.0.1',
    port: (server.address() as AddressInfo).port,
  };
  const error = await t.throwsAsync(client.getJson(endpoint, '/ers/config/sponsorgroup', { family: 'ers' }), {
    instanceOf: IseResponseTooLargeError,
  });
  t.regex(
    error?.message ?? '',
    /^GET \/ers\/config\/sponsorgroup on .* answered more than 32 MB; the bot stopped reading at rest\.maxResponseBytes$/,
  );
  t.regex(error?.hint ?? '', /raise rest\.maxResponseBytes/);
});
