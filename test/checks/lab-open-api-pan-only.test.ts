import test, { type ExecutionContext } from 'ava';
import { labChat } from '../helpers/lab-chat.js';
import { startLab } from '../lab/helpers.js';

/**
 * ISE 3.2 as shipped: Open API answers on the primary PAN only ("All Other Nodes" off) and the other
 * nodes keep their self-signed certificates (the lab's defaults). One lab, two commands.
 */
async function bot(t: ExecutionContext) {
  const lab = await startLab(t, 'healthy-3.2');
  const run = await labChat(t, lab);
  return { lab, run };
}

interface JsonNode {
  hostname: string;
  patch: number | null;
  patchSource: string;
  patchError?: string;
}

test('Open API off on secondary nodes: `nodes` lists every node with its patch from show version', async (t) => {
  const { run } = await bot(t);
  const json = await run('nodes');
  const data = json as { nodes: JsonNode[] };
  t.is(data.nodes.length, 8);
  const pan = data.nodes.find((n) => n.hostname === 'ise-pan1');
  t.like(pan, { patch: 7, patchSource: 'node' });
  for (const n of data.nodes.filter((x) => x.hostname !== 'ise-pan1')) {
    t.like(n, { patch: 7, patchSource: 'cli' }, n.hostname);
    t.regex(n.patchError ?? '', /not trusted/, n.hostname);
  }
  // The reply names each node that could not be asked, and why.
  const text = JSON.stringify(json.sections);
  t.regex(text, /ise-psn4: its REST patch call failed: .*not trusted.*read from `show version` instead/);
});

test('Open API off on secondary nodes: readiness has no error caused by it', async (t) => {
  const { run } = await bot(t);
  const json = await run('readiness');
  const findings = (json.findings ?? []) as Array<{ id: string; status: string; summary: string }>;
  t.is(findings.length, 32);
  t.deepEqual(
    findings.filter((f) => f.status === 'error').map((f) => `${f.id}: ${f.summary}`),
    [],
  );
  t.is(findings.find((f) => f.id === 'version-parity')?.status, 'pass');
});

test('people asking `nodes` at once share one read: one SSH login per node, the same answer for each', async (t) => {
  const { lab, run } = await bot(t);
  const answers = await Promise.all(Array.from({ length: 5 }, () => run('nodes')));
  for (const json of answers) t.deepEqual(json.nodes, answers[0]?.nodes);
  // The PAN tells its patch over REST; each other node is asked `show version` once, not once a person.
  for (const [host, stats] of Object.entries(lab.sshStats()))
    t.is(stats.commands.filter((c) => c === 'show version').length, host === 'ise-pan1' ? 0 : 1, host);
});
