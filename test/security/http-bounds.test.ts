import { connect, type Socket } from 'node:net';
import test from 'ava';
import { HttpServer, readBody } from '../../adapters/http/server.js';
import { postSigned, slashBody, startBot } from '../adapters/slack/helpers.js';
import { silentLogger } from '../helpers/services.js';
import { waitFor } from '../helpers/wait.js';

const MB = 1024 * 1024;
/** A slow client's piece of body, shared by all of them so the clients themselves hold little. */
const PIECE = Buffer.alloc(16 * 1024, 'a');

type Outcome = 'refused 413' | 'closed' | `answered ${string}`;

interface Upload {
  outcome: Promise<Outcome>;
  /** True until the server answered or closed. */
  inFlight(): boolean;
}

/**
 * A client that sends a request's headers, then `send` bytes of its body (all `bytes` by default)
 * slowly (16 KB every 20 ms), declared by Content-Length or chunked, and never ends a chunked body: a
 * server that waited for the whole body would answer only at its request timeout. It stops sending
 * once the server answers or hangs up.
 */
function slowUpload(
  port: number,
  path: string,
  headers: Record<string, string>,
  bytes: number,
  chunked: boolean,
  send = bytes,
): Upload {
  let done = false;
  const outcome = new Promise<Outcome>((resolve) => {
    const socket: Socket = connect(port, '127.0.0.1');
    let answer = '';
    const finish = (o: Outcome) => {
      if (done) return;
      done = true;
      socket.destroy();
      resolve(o);
    };
    socket.on('data', (d: Buffer) => {
      answer += d.toString('latin1');
      const status = /^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1];
      if (status) finish(status === '413' ? 'refused 413' : `answered ${status}`);
    });
    socket.on('error', () => finish('closed'));
    socket.on('close', () => finish('closed'));
    socket.on('connect', () => {
      const lines = [
        `POST ${path} HTTP/1.1`,
        'Host: 127.0.0.1',
        chunked ? 'Transfer-Encoding: chunked' : `Content-Length: ${bytes}`,
        ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
      ];
      socket.write(`${lines.join('\r\n')}\r\n\r\n`);
      let sent = 0;
      const next = () => {
        if (done || sent >= send) return;
        sent += PIECE.length;
        if (chunked) socket.write(`${PIECE.length.toString(16)}\r\n`);
        socket.write(PIECE);
        if (chunked) socket.write('\r\n');
        setTimeout(next, 20);
      };
      next();
    });
  });
  return { outcome, inFlight: () => !done };
}

/** Signature headers that look like Slack's (fresh timestamp) but are forged: the body must be read to tell. */
function forgedSlackHeaders(): Record<string, string> {
  return {
    'Content-Type': 'application/x-www-form-urlencoded',
    'X-Slack-Request-Timestamp': String(Math.floor(Date.now() / 1000)),
    'X-Slack-Signature': `v0=${'0'.repeat(64)}`,
  };
}

test.serial(
  '300 slow 1 MB uploads keep the bot under 250 MB, each is refused 413 or closed, and a signed request still works',
  async (t) => {
    const bot = await startBot();
    t.teardown(() => bot.close());
    const port = Number(new URL(bot.url).port);
    let peak = process.memoryUsage().rss;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 5);
    t.teardown(() => clearInterval(sampler));
    const baseline = peak;

    // Two in three declare their 1 MB up front; the rest stream it chunked, so only counting can stop them.
    const uploads = Array.from({ length: 300 }, (_, i) =>
      slowUpload(port, '/slack/events', forgedSlackHeaders(), MB, i % 3 === 2),
    );
    const normal = await postSigned(bot.url, slashBody(bot.api, 'echo during the flood'));
    const stillUploading = uploads.filter((u) => u.inFlight()).length;
    const outcomes = await Promise.all(uploads.map((u) => u.outcome));
    clearInterval(sampler);

    const counts: Record<string, number> = {};
    for (const o of outcomes) counts[o] = (counts[o] ?? 0) + 1;
    t.log(
      `RSS baseline ${Math.round(baseline / MB)} MB, peak ${Math.round(peak / MB)} MB; outcomes ${JSON.stringify(counts)}`,
    );
    t.true(peak < 250 * MB, `peak RSS ${Math.round(peak / MB)} MB`);
    t.is(normal.status, 200, 'a real Slack request is answered during the flood');
    await bot.adapter.idle();
    t.deepEqual(bot.runs, { echo: 1 });
    t.true(stillUploading > 0, 'the signed request went in while uploads were in flight');
    t.deepEqual(
      Object.keys(counts).filter((o) => o !== 'refused 413' && o !== 'closed'),
      [],
      JSON.stringify(counts),
    );
    t.true((counts['refused 413'] ?? 0) > 0, JSON.stringify(counts));
  },
);

test.serial(
  'an unsigned or stale Slack request is refused from its headers, before any of its body is sent',
  async (t) => {
    const bot = await startBot();
    t.teardown(() => bot.close());
    const port = Number(new URL(bot.url).port);
    const stale = {
      ...forgedSlackHeaders(),
      'X-Slack-Request-Timestamp': String(Math.floor(Date.now() / 1000) - 3600),
    };
    const unsigned = { 'Content-Type': 'application/json' };
    // 200 KB declared (under the limit) but never sent: only a refusal from the headers can answer.
    for (const headers of [stale, unsigned]) {
      const upload = slowUpload(port, '/slack/events', headers, 200 * 1024, false, 0);
      t.is(await upload.outcome, 'answered 401');
    }
    t.deepEqual(bot.runs, {});
  },
);

test.serial(
  "Slack's unsigned SSL probe is still answered 200, and only 1 KB of an unsigned body is read",
  async (t) => {
    const bot = await startBot();
    t.teardown(() => bot.close());
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const probe = await fetch(bot.url, {
      method: 'POST',
      headers: form,
      body: 'ssl_check=1&token=legacy-token',
    });
    t.is(probe.status, 200);
    const padded = slowUpload(
      Number(new URL(bot.url).port),
      '/slack/events',
      { 'Content-Type': 'application/x-www-form-urlencoded' },
      64 * 1024,
      true,
    );
    t.is(await padded.outcome, 'answered 401');
    t.deepEqual(bot.runs, {});
  },
);

async function boundedServer(
  t: import('ava').ExecutionContext,
  bounds: ConstructorParameters<typeof HttpServer>[1],
) {
  const http = new HttpServer(silentLogger(), bounds);
  http.route('POST', '/api/messages', async (req, res) => {
    const body = await readBody(req);
    res.writeHead(200).end(String(body.length));
  });
  http.route('GET', '/healthz', (_req, res) => void res.writeHead(200).end('ok'));
  const port = await http.listen(0, '127.0.0.1');
  t.teardown(() => http.close());
  return port;
}

test('a body over http.maxBodyBytes gets 413, whether declared or streamed chunked', async (t) => {
  const port = await boundedServer(t, { maxBodyBytes: 64 * 1024 });
  const declared = slowUpload(port, '/api/messages', {}, 65 * 1024, false);
  const streamed = slowUpload(port, '/api/messages', {}, 10 * 64 * 1024, true);
  t.deepEqual(await Promise.all([declared.outcome, streamed.outcome]), ['refused 413', 'refused 413']);
  const fits = await fetch(`http://127.0.0.1:${port}/api/messages`, {
    method: 'POST',
    body: 'x'.repeat(1000),
  });
  t.is(await fits.text(), '1000');
});

test('past http.maxConnections a new connection is closed, and served again once one ends', async (t) => {
  const port = await boundedServer(t, { maxConnections: 2 });
  const held = await Promise.all(
    [1, 2].map(
      () =>
        new Promise<Socket>((resolve) => {
          const s = connect(port, '127.0.0.1', () => resolve(s));
        }),
    ),
  );
  // The server counts a connection once it accepted it; the third is dropped on arrival.
  const third = slowUpload(port, '/api/messages', {}, 10, false);
  t.is(await third.outcome, 'closed');
  held[0]?.destroy();
  const fourth = await waitFor(
    async () => (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined))?.status,
    { message: 'a connection after one ended is served' },
  );
  t.is(fourth, 200);
  held[1]?.destroy();
});

test('a client that never finishes its headers is cut off after http.headersTimeoutMs', async (t) => {
  const port = await boundedServer(t, { headersTimeoutMs: 1000, requestTimeoutMs: 2000 });
  const socket = connect(port, '127.0.0.1');
  let answer = '';
  socket.on('data', (d: Buffer) => {
    answer += d.toString();
  });
  socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n');
  await new Promise<void>((resolve) => socket.on('close', () => resolve()));
  t.regex(answer, /^HTTP\/1\.1 408/);
});
