import test from 'ava';
import { SharedCollections } from '../../src/ise/snapshot/shared.js';
import type { Need, Snapshot } from '../../src/ise/snapshot/types.js';
import { healthy } from '../checks/fixtures.js';

const ALL = new Set<Need>(['nodes', 'cli:ntp', 'certificates']);
const NODES = new Set<Need>(['nodes']);

/** A collector that finishes when told to, and says whether its own signal was aborted. */
function pending() {
  const started: AbortSignal[] = [];
  let finish: (s: Snapshot) => void = () => {};
  const start = (signal: AbortSignal) => {
    started.push(signal);
    return new Promise<Snapshot>((resolve, reject) => {
      finish = resolve;
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
  };
  return { started, start, finish: (s: Snapshot) => finish(s) };
}

const clock = () => new Date('2026-12-07T08:00:00Z');
const request = (collector: unknown, start: ReturnType<typeof pending>['start'], signal?: AbortSignal) => ({
  collector,
  needs: ALL,
  start,
  now: clock(),
  clock,
  ...(signal ? { signal } : {}),
});

test('requests while a read is in flight share it; the read stops only when every one of them has left', async (t) => {
  const shared = new SharedCollections();
  const read = pending();
  const a = new AbortController();
  const b = new AbortController();
  const first = shared.join(request('c', read.start, a.signal));
  const second = shared.join(request('c', read.start, b.signal));

  t.is(read.started.length, 1, 'one read for both');
  a.abort(new Error('A left'));
  await t.throwsAsync(first, { message: 'A left' });
  t.false(read.started[0]?.aborted, 'B still waits, so the read goes on');
  b.abort(new Error('B left'));
  await t.throwsAsync(second, { message: 'B left' });
  t.true(read.started[0]?.aborted, 'nobody waits any more');

  // The next request starts a read of its own rather than joining the stopped one.
  const again = pending();
  const third = shared.join(request('c', again.start));
  again.finish(healthy());
  t.is((await third).origin.kind, 'own');
});

test('a request joins only a read that covers its needs, and only by the same collector', async (t) => {
  const shared = new SharedCollections();
  const narrow = pending();
  const wide = pending();
  const other = pending();
  const nodesOnly = shared.join({ ...request('c', narrow.start), needs: NODES });
  const full = shared.join(request('c', wide.start));
  const elsewhere = shared.join(request('another collector', other.start));
  const covered = shared.join({ ...request('c', narrow.start), needs: NODES });
  t.deepEqual([narrow.started.length, wide.started.length, other.started.length], [1, 1, 1]);
  narrow.finish(healthy());
  wide.finish(healthy());
  other.finish(healthy());
  t.is((await nodesOnly).origin.kind, 'own');
  t.is((await full).origin.kind, 'own');
  t.is((await elsewhere).origin.kind, 'own');
  t.is((await covered).origin.kind, 'joined');
});

test('each key is first once among the requests one read answered', async (t) => {
  const shared = new SharedCollections();
  const read = pending();
  const one = shared.join(request('c', read.start));
  const two = shared.join(request('c', read.start));
  read.finish(healthy());
  const [a, b] = await Promise.all([one, two]);
  t.true(a.first('command|3.3'));
  t.false(b.first('command|3.3'));
  t.true(b.first('schedule|3.3'));
});

test('at shutdown every read in flight stops, and its requests are told why', async (t) => {
  const shared = new SharedCollections();
  const read = pending();
  const waiting = shared.join(request('c', read.start));
  shared.abortAll(new Error('the bot is shutting down'));
  t.true(read.started[0]?.aborted);
  await t.throwsAsync(waiting, { message: 'the bot is shutting down' });
});

test('with reuse on, a finished read answers within the window and says how old it is, not after', async (t) => {
  const shared = new SharedCollections(60_000);
  let now = new Date('2026-12-07T08:00:00Z');
  const at = () => now;
  const read = pending();
  const first = shared.join({ ...request('c', read.start), now, clock: at });
  read.finish(healthy());
  await first;
  now = new Date(now.getTime() + 59_000);
  const again = pending();
  const reused = await shared.join({ ...request('c', again.start), now, clock: at });
  t.deepEqual(reused.origin, { kind: 'reused', startedAt: new Date('2026-12-07T08:00:00Z'), ageMs: 59_000 });
  t.is(again.started.length, 0);
  now = new Date(now.getTime() + 1_000);
  const late = shared.join({ ...request('c', again.start), now, clock: at });
  again.finish(healthy());
  t.is((await late).origin.kind, 'own');
});
