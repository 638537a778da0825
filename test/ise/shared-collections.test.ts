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
