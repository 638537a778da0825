import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { renderReply } from '../../adapters/slack/blocks.js';
import { renderCards } from '../../adapters/teams/cards.js';
import { createDispatcher } from '../../commands/dispatcher.js';
import { COMMANDS } from '../../commands/index.js';
import type { Finding } from '../../src/checks/types.js';
import { parseConfig } from '../../src/config/load.js';
import type { Reply } from '../../src/reply/model.js';
import { renderText } from '../../src/reply/text.js';
import { closeServices, createServices } from '../../src/runtime.js';
import { silentLogger } from '../helpers/services.js';
import { startLab } from '../lab/helpers.js';

/**
 * For every node-based check the demo trips, the line of each node at fault is in what a reader sees
 * first: the text rendering without details, Slack's main message and Teams' first card. The layouts of
 * the chat platforms change; this looks only at the text they carry.
 */

/** Every string a rendering shows, skipping what is hidden until clicked (ShowCard, toggled parts). */
function visibleText(value: unknown): string {
  const out: string[] = [];
  const walk = (v: unknown, key = ''): void => {
    if (key === 'actions' || key === 'selectAction' || key === 'fallbackText' || key === 'speak') return;
    if (typeof v === 'string') out.push(v);
    else if (key === 'inlines' && Array.isArray(v)) {
      // One line of a RichTextBlock is several TextRuns (a code span is its own monospace run).
      out.push(v.map((run) => (run as { text?: string }).text ?? '').join(''));
    } else if (Array.isArray(v)) for (const x of v) walk(x);
    else if (v !== null && typeof v === 'object') {
      if ((v as { isVisible?: unknown }).isVisible === false) return;
      for (const [k, x] of Object.entries(v)) walk(x, k);
    }
  };
  walk(value);
  return out
    .join('\n')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/＜/g, '<')
    .replace(/＞/g, '>')
    .replace(/[*_`]/g, '');
}

/** The same normalising for the line looked for: formatting characters differ by platform. */
const bare = (line: string) => line.replace(/[*_`]/g, '');

const RENDERINGS: Array<{ name: string; render(reply: Reply): string }> = [
  { name: 'text', render: (reply) => visibleText(renderText(reply)) },
  { name: 'Slack main message', render: (reply) => visibleText(renderReply(reply).main) },
  { name: 'Teams first card', render: (reply) => visibleText(renderCards(reply)[0]) },
];

/** `readiness` on the demo lab through the real services and dispatcher, as the neutral Reply. */
async function demoReadiness(t: ExecutionContext): Promise<Reply> {
  const lab = await startLab(t, 'demo');
  const dir = mkdtempSync(join(tmpdir(), 'evidence-'));
  const raw = { ...lab.configFor(dir), access: { viewers: ['*'] }, store: { url: 'sqlite::memory:' } };
  const services = await createServices(parseConfig(raw, {}, undefined, dir), { log: silentLogger() });
  t.teardown(() => closeServices(services));
  const dispatcher = createDispatcher(COMMANDS, services);
  return dispatcher.dispatch({ platform: 'cli', user: 'cli', channel: 'cli', text: 'readiness' });
}

/** The demo's planted node faults (demo.yaml) and the checks they trip. */
const PLANTED: Record<string, string[]> = {
  'node-status': ['ise-psn3'],
  'version-parity': ['ise-psn2'],
  'disk-space': ['ise-psn1'],
  memory: ['ise-psn2'],
  ntp: ['ise-psn1', 'ise-pan2'],
  services: ['ise-psn2'],
  'vm-resources': ['ise-pan2', 'ise-psn1', 'ise-psn2', 'ise-psn3'],
};

test('demo: the line of every node at fault is shown in the text, Slack and Teams renderings', async (t) => {
  const reply = await demoReadiness(t);
  const findings = (reply.data?.findings ?? []) as Finding[];
  const rendered = RENDERINGS.map((r) => ({ name: r.name, text: r.render(reply) }));
  // Every node-based finding that names nodes, planted or not, plus a floor of the planted ones.
  const nodeBased = findings.filter(
    (f) => f.status !== 'pass' && f.nodes.length > 0 && f.faulty !== undefined,
  );
  for (const [id, nodes] of Object.entries(PLANTED)) {
    const f = findings.find((x) => x.id === id);
    t.truthy(f, id);
    for (const n of nodes) t.true(f?.nodes.includes(n), `${id} names ${n}: ${f?.nodes.join(', ')}`);
  }
  t.true(nodeBased.length >= Object.keys(PLANTED).length, nodeBased.map((f) => f.id).join(', '));
  let checked = 0;
  const skipped: string[] = [];
  for (const f of nodeBased) {
    for (const n of f.nodes) {
      const at = f.evidence.findIndex((e) => new RegExp(`(^|[^\\w-])${n}([^\\w-]|$)`).test(e));
      if (at < 0) continue; // the node is named in the summary only (e.g. no line of its own)
      t.true(at < (f.faulty ?? 0), `${f.id}: ${n}'s line is a faulty one, first`);
      const line = bare(f.evidence[at] ?? '');
      for (const r of rendered) {
        // What fits a chat platform's main message is its adapter's choice, except that a blocking item
        // must be there; wherever a finding is shown, the line of its node at fault is shown with it.
        if (f.status !== 'fail' && !r.text.includes(bare(f.summary))) {
          skipped.push(`${f.id} in the ${r.name}`);
          continue;
        }
        t.true(r.text.includes(bare(f.summary)), `${f.id} is in the ${r.name}`);
        t.true(r.text.includes(line), `${f.id}: ${n}'s line "${line}" is in the ${r.name}`);
        checked++;
      }
    }
  }
  t.log(
    `findings not in a main message (moved to details by the adapter): ${[...new Set(skipped)].join(', ') || 'none'}`,
  );
  // At least the six nodes of the five blocking node checks (ntp has two), in all three renderings.
  t.true(checked >= 3 * 6, `lines checked: ${checked}`);
});
