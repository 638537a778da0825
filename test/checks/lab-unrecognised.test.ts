import test, { type ExecutionContext } from 'ava';
import type { FindingStatus } from '../../src/checks/types.js';
import type { LabFaults } from '../../src/lab/faults.js';
import { labChat } from '../helpers/lab-chat.js';
import { startLab } from '../lab/helpers.js';

/*
 * Issue 14 item 3 over real SSH: a node that answers one CLI read with ADE-OS's invalid-command error
 * costs the checks fed by that read, for that node only, with the node's answer quoted; every other node
 * is still judged. Each node of healthy-3.2 rejects a different command, so one run covers every read.
 */

interface JsonFinding {
  id: string;
  status: FindingStatus;
  summary: string;
  nodes: string[];
  evidence: string[];
  remediation: string;
}

async function readiness(
  t: ExecutionContext,
  faults: LabFaults | undefined,
  scenario: string | Record<string, unknown> = 'healthy-3.2',
) {
  const lab = await startLab(t, scenario, faults === undefined ? {} : { faults });
  const chat = await labChat(t, lab);
  const json = await chat('readiness');
  const findings = (json.findings ?? []) as JsonFinding[];
  return (id: string): JsonFinding => {
    const f = findings.find((x) => x.id === id);
    if (f === undefined) throw new Error(`no finding ${id}`);
    return f;
  };
}

const INVALID = "% invalid command detected at '^' marker.";
const show = (f: JsonFinding) => `${f.status}: ${f.summary}\n${f.evidence.join('\n')}`;

/** The check is `error` for `node` alone, quotes the node's answer, and still judged the other nodes. */
function errorForOnly(t: ExecutionContext, f: JsonFinding, node: string, judged: string[]) {
  t.is(f.status, 'error', show(f));
  t.deepEqual(f.nodes, [node], show(f));
  const line = f.evidence.find((e) => e.startsWith(`${node}: not read: `));
  t.truthy(line, show(f));
  t.true(line?.includes(INVALID), line);
  t.regex(f.remediation, /by hand/, f.remediation);
  for (const other of judged) {
    t.true(
      f.evidence.some((e) => new RegExp(`^${other}[: ]`).test(e) && !e.includes('not read')),
      `${other} not judged:\n${show(f)}`,
    );
  }
}

test('an invalid-command answer to each per-node CLI read costs that check on that node only', async (t) => {
  const finding = await readiness(t, {
    ssh: {
      'ise-psn1': { invalidOn: '^show ntp$' },
      'ise-mnt1': { invalidOn: '^show disks$' },
      'ise-psn3': { invalidOn: '^show memory$' },
      'ise-psn4': { invalidOn: '^show application status ise$' },
      'ise-psn2': { invalidOn: '^show version$' },
    },
  });
  errorForOnly(t, finding('ntp'), 'ise-psn1', ['ise-pan1', 'ise-psn2']);
  errorForOnly(t, finding('disk-space'), 'ise-mnt1', ['ise-pan1', 'ise-mnt2']);
  errorForOnly(t, finding('memory'), 'ise-psn3', ['ise-pan1', 'ise-psn4']);
  errorForOnly(t, finding('services'), 'ise-psn4', ['ise-pan1', 'ise-psn3']);

  // ISE serves the Open API on the PAN only by default, so `show version` is psn2's only per-node
  // source: its patch is unknown and version-parity is an error for psn2 alone, the rest compared.
  const parity = finding('version-parity');
  t.is(parity.status, 'error', show(parity));
  t.deepEqual(parity.nodes, ['ise-psn2'], show(parity));
  t.true(
    parity.evidence.some((e) => e.startsWith('ise-psn2: ') && e.includes(INVALID)),
    show(parity),
  );
  for (const other of ['ise-pan1', 'ise-psn1'])
    t.true(
      parity.evidence.some((e) => e.startsWith(`${other} `) && e.includes('patch 7')),
      show(parity),
    );

  // The MnT whose disks are unknown is named, never sized as empty.
  const mnt = finding('mnt-data');
  t.true(mnt.nodes.includes('ise-mnt1'), show(mnt));
  t.true(
    mnt.evidence.some((e) => e.startsWith('ise-mnt2: /opt ')),
    show(mnt),
  );
  t.not(finding('upgrade-time').status, 'fail');
});

test('an invalid-command answer on the PAN to its history and running-config reads is not a failed backup or repository', async (t) => {
  const finding = await readiness(t, {
    ssh: { 'ise-pan1': { invalidOn: '^show (backup history|running-config|repository)' } },
  });
  for (const id of ['recent-backup', 'repository', 'upgrade-bundle']) {
    const f = finding(id);
    t.not(f.status, 'fail', `${id}: ${show(f)}`);
  }
  const repository = finding('repository');
  t.true([repository.summary, ...repository.evidence].join('\n').includes(INVALID), show(repository));
  // Checks fed by other reads of the same node are judged as usual.
  for (const id of ['ntp', 'disk-space', 'services', 'memory']) t.is(finding(id).status, 'pass', id);
});

test('a scenario can plant the invalid-command answer under `faults:`', async (t) => {
  const finding = await readiness(t, undefined, {
    name: 'invalid-ntp',
    version: '3.2.0.542',
    patch: 7,
    nodes: [
      { hostname: 'ise-pan1', roles: ['PrimaryAdmin', 'PrimaryMonitoring'] },
      { hostname: 'ise-psn1', services: ['Session'] },
    ],
    faults: { ssh: { 'ise-psn1': { invalidOn: '^show ntp$' } } },
  });
  errorForOnly(t, finding('ntp'), 'ise-psn1', ['ise-pan1']);
});
