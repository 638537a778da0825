import test from 'ava';
import { CATALOGUE } from '../../src/checks/catalogue.js';
import { Lab } from '../../src/lab/lab.js';
import { shippedScenarios } from '../../src/lab/scenario-list.js';
import { labChat } from '../helpers/lab-chat.js';

/**
 * Every shipped lab scenario, read end to end (REST and SSH) by `readiness`, is held to the statuses its
 * file says a correct bot gives (`expect:`); none of it lives here. The scenarios run side by side, a
 * few at a time, so the file stays quick on a loaded two-core machine without queueing them all.
 */

interface JsonFinding {
  id: string;
  status: string;
  summary: string;
  evidence: string[];
  remediation?: string;
}

/** What a user must never read in a report: the bot's own failures leaking through. */
const BOT_FAULT =
  /Unexpected error|TypeError|ReferenceError|RangeError|SyntaxError|is not a function|Cannot read propert|\[object Object\]|\bundefined\b|\bNaN\b|\.(?:js|ts|mjs):\d+:\d+/;

const AT_ONCE = 3;
let running = 0;
const waiting: Array<() => void> = [];

async function inTurn<T>(work: () => Promise<T>): Promise<T> {
  if (running >= AT_ONCE) await new Promise<void>((go) => waiting.push(go));
  running++;
  try {
    return await work();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

const CHECK_IDS = CATALOGUE.map((c) => c.id);
const scenarios = shippedScenarios();

test('the lab ships a release matrix: 2.6 to 3.4 with 3.1 before and after patch 1, and at least 10 scenarios', (t) => {
  t.true(scenarios.length >= 10);
  const releases = new Set(
    scenarios.map(({ scenario }) => scenario.version.split('.').slice(0, 2).join('.')),
  );
  for (const release of ['2.6', '2.7', '3.0', '3.1', '3.2', '3.3', '3.4'])
    t.true(releases.has(release), release);
  const p31 = scenarios
    .filter(({ scenario }) => scenario.version.startsWith('3.1.'))
    .map((s) => s.scenario.patch);
  t.true(p31.includes(0), '3.1 patch 0');
  t.true(
    p31.some((p) => p >= 1),
    '3.1 with patches',
  );
});

for (const { name, scenario } of scenarios) {
  test(`${name}: every expected status in its scenario file, and no bot fault`, async (t) => {
    const expect = scenario.expect;
    if (!expect) return t.fail(`${name}.yaml has no expect: map`);
    t.deepEqual(
      Object.keys(expect).sort(),
      [...CHECK_IDS].sort(),
      'expect: names every check, and only those',
    );
    for (const id of Object.keys(scenario.knownGaps)) t.true(id in expect, `knownGaps.${id} is a check`);

    const findings = await inTurn(async () => {
      // ISE's own latencies, twenty times faster: the ratios stay real and the file stays under a minute or two.
      const lab = await Lab.start({ scenario, timeScale: 0.05 });
      t.teardown(() => lab.close());
      const json = await (await labChat(t, lab))('readiness');
      return (json.findings ?? []) as JsonFinding[];
    });

    const got = Object.fromEntries(findings.map((f) => [f.id, f]));
    for (const id of CHECK_IDS) {
      const finding = got[id];
      if (!finding) {
        t.fail(`${id}: missing from the report`);
        continue;
      }
      const gap = scenario.knownGaps[id];
      const wanted = gap?.bot ?? expect[id] ?? '(none)';
      t.is(
        finding.status,
        wanted,
        `${id}: ${finding.status} (${finding.summary})${gap ? ` — known gap, ${name}.yaml says ${expect[id]} is right: ${gap.why}; if the fix landed, drop the knownGaps entry` : ''}`,
      );
      if (gap) t.log(`${id}: the bot says ${gap.bot} where ${expect[id]} is right (${gap.why})`);
      const text = [finding.summary, ...finding.evidence, finding.remediation ?? ''].join('\n');
      t.notRegex(text, BOT_FAULT, `${id} shows a bot fault: ${text.slice(0, 300)}`);
    }
  });
}
