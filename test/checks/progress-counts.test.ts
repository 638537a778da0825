import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { createDispatcher } from '../../commands/dispatcher.js';
import { COMMANDS } from '../../commands/index.js';
import { parseConfig } from '../../src/config/load.js';
import { replyToJson } from '../../src/reply/model.js';
import { closeServices, createServices } from '../../src/runtime.js';
import { silentLogger } from '../helpers/services.js';
import { startLab } from '../lab/helpers.js';

/** One command against a several-node lab, with every progress line it showed. */
async function withProgress(t: ExecutionContext, text: string) {
  const lab = await startLab(t, 'healthy-3.2');
  const dir = mkdtempSync(join(tmpdir(), 'progress-counts-'));
  const raw = { ...lab.configFor(dir), access: { viewers: ['*'] }, store: { url: 'sqlite::memory:' } };
  const services = await createServices(parseConfig(raw, {}, undefined, dir), { log: silentLogger() });
  t.teardown(() => closeServices(services));
  const dispatcher = createDispatcher(COMMANDS, services);
  const progress: string[] = [];
  const invocation = { platform: 'cli' as const, user: 'cli', channel: 'cli', text };
  const answer = replyToJson(await dispatcher.dispatch(invocation, { progress: (p) => progress.push(p) }));
  const counts = progress
    .map((p) => /^(\d+) of (\d+) nodes read/.exec(p))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => [Number(m[1]), Number(m[2])] as const);
  return { answer, progress, counts };
}

function assertCountsUpTo(
  t: ExecutionContext,
  counts: ReadonlyArray<readonly [number, number]>,
  nodes: number,
) {
  t.true(counts.length > 0, 'some "N of M nodes read" lines');
  t.true(
    counts.every(([, of]) => of === nodes),
    `every line counts the ${nodes} nodes: ${JSON.stringify(counts)}`,
  );
  const done = counts.map(([n]) => n);
  t.true(
    done.every((n, i) => i === 0 || n > (done[i - 1] ?? 0)),
    `N only grows: ${done.join(', ')}`,
  );
  t.is(done.at(-1), nodes, 'the last line says every node was read');
}

test('a readiness run over several nodes says "N of M nodes read" as each node is done, ending at M', async (t) => {
  const { answer, counts } = await withProgress(t, 'readiness');
  t.is(answer.kind, 'readiness');
  assertCountsUpTo(t, counts, 8);
});

test('certs over several nodes counts the nodes read too', async (t) => {
  const { answer, counts } = await withProgress(t, 'certs 3650');
  t.is(answer.kind, 'certs');
  assertCountsUpTo(t, counts, 8);
});
