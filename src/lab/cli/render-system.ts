import type { CliNodeFacts, CliProcess } from './facts.js';
import { ctime, factDate, pad2 } from './format.js';

/** Renderers for the read-only `show` commands about the node itself. Each returns the output lines. */

const RULE45 = '-'.repeat(45);

function applicationBlocks(facts: CliNodeFacts): string[] {
  const lines = [
    'Cisco Identity Services Engine',
    RULE45,
    `Version      : ${facts.version}`,
    `Build Date   : ${ctime(factDate(facts.buildDate))}`,
    `Install Date : ${ctime(factDate(facts.installDate))}`,
  ];
  // One block per installed patch, in the same shape as the application block (ise-cli.md §2.2, verbatim).
  for (const patch of facts.patches ?? []) {
    lines.push(
      '',
      'Cisco Identity Services Engine Patch',
      RULE45,
      `Version      : ${patch.number}`,
      `Install Date : ${ctime(factDate(patch.installDate))}`,
    );
  }
  return lines;
}

/** `show version` (ise-cli.md §2.1, verbatim; the placement of patch blocks is INFERRED). */
export function showVersion(facts: CliNodeFacts): string[] {
  const release = facts.adeOsVersion.split('.').slice(0, 2).join('.');
  const year = factDate(facts.buildDate).getUTCFullYear();
  return [
    `Cisco Application Deployment Engine OS Release: ${release}`,
    `ADE-OS Build Version: ${facts.adeOsVersion}`,
    'ADE-OS System Architecture: x86_64',
    '',
    `Copyright (c) 2005-${year} by Cisco Systems, Inc.`,
    'All rights reserved.',
    `Hostname: ${facts.hostname}`,
    '',
    '',
    'Version information of installed applications',
    RULE45,
    '',
    ...applicationBlocks(facts),
  ];
}

/** `show application version ise` (ise-cli.md §2.2, verbatim). */
export function showApplicationVersion(facts: CliNodeFacts): string[] {
  return ['', ...applicationBlocks(facts)];
}

function processRow(p: CliProcess): string {
  const pid = p.state === 'running' && p.pid !== undefined ? String(p.pid) : '';
  // Rows are right-padded to the 68-column rule and end in CRLF (ise-cli.md §1.5, from a raw capture).
  return `${p.name.padEnd(39)}${p.state.padEnd(17)}${pid}`.padEnd(68);
}

/** `show application status ise`: columns at 0, 39 and 56 under a 68-dash rule (ise-cli.md §2.3). */
export function showApplicationStatus(facts: CliNodeFacts): string[] {
  const lines = ['', `${'ISE PROCESS NAME'.padEnd(39)}${'STATE'.padEnd(17)}PROCESS ID`, '-'.repeat(68)];
  for (const p of facts.processes) {
    if (p.blankBefore) lines.push('');
    lines.push(processRow(p));
  }
  return lines;
}

/** `show uptime` (INFERRED: `12 day(s), 03:41:07`). */
export function showUptime(facts: CliNodeFacts): string[] {
  const s = Math.max(0, Math.floor(facts.uptimeSeconds));
  const days = Math.floor(s / 86400);
  return [
    `${days} day(s), ${pad2(Math.floor((s % 86400) / 3600))}:${pad2(Math.floor((s % 3600) / 60))}:${pad2(s % 60)}`,
  ];
}

/** `show udi` (INFERRED from memory: SPID/VPID/Serial; `ISE-VM-K9` on virtual machines). */
export function showUdi(facts: CliNodeFacts): string[] {
  const p = facts.platform;
  return p.kind === 'vm'
    ? ['SPID: ISE-VM-K9', 'VPID: V01', `Serial: ${facts.hostname.toUpperCase().replace(/[^A-Z0-9]/g, '')}VM`]
    : [`SPID: ${p.model}`, 'VPID: A0', `Serial: ${p.serial}`];
}

/** `show disks` (INFERRED layout, ise-cli.md §2.5): `    /opt : 12% used (28912580 of 253374376)`. */
export function showDisks(facts: CliNodeFacts): string[] {
  const lines = ['', 'Internal filesystems:'];
  const full: string[] = [];
  for (const d of facts.disks) {
    // df rounds the percentage up and counts used against used + available.
    const base = d.usedKb + d.freeKb;
    const pct = base === 0 ? 0 : Math.ceil((d.usedKb * 100) / base);
    lines.push(
      `    ${d.filesystem} : ${pct}% used (${String(d.usedKb).padStart(8)} of ${String(d.totalKb).padStart(7)})`,
    );
    if (pct >= 90) full.push(d.filesystem);
  }
  // INFERRED wording for a filesystem over its threshold.
  if (full.length === 0) lines.push('all internal filesystems have sufficient free space');
  else for (const fs of full) lines.push(`Warning: ${fs} is running out of free space`);
  return lines;
}

/** `show memory` (INFERRED layout, ise-cli.md §2.5): summary, then the `free` table. */
export function showMemory(facts: CliNodeFacts): string[] {
  const m = facts.memory;
  const cached = Math.max(0, m.totalKb - m.usedKb - m.freeKb);
  const kb = (label: string, n: number) => `${label.padEnd(13)}${String(n).padStart(12)} kB`;
  const row = (label: string, first: number, rest: number[]) =>
    label + String(first).padStart(19 - label.length) + rest.map((n) => String(n).padStart(12)).join('');
  // Swap is not modelled: a fixed 8 GB, unused, as on the sample node.
  const swap = 8191996;
  return [
    kb('total memory:', m.totalKb),
    kb('free memory:', m.freeKb),
    kb('cached:', cached),
    kb('swap-cached:', 0),
    '',
    'output of free command:',
    `${'total'.padStart(19)}${['used', 'free', 'shared', 'buff/cache', 'available'].map((h) => h.padStart(12)).join('')}`,
    row('Mem:', m.totalKb, [m.usedKb, m.freeKb, 0, cached, m.freeKb + cached]),
    row('Swap:', swap, [0, swap]),
  ];
}
