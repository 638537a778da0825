import test from 'ava';
import { findCheck } from '../../src/checks/catalogue.js';
import { RELEASES, targetRelease } from '../../src/checks/releases.js';
import type { CheckContext, FindingStatus } from '../../src/checks/types.js';
import type { NodeCli, Snapshot } from '../../src/ise/snapshot/types.js';
import { cert, context, healthy, NOW, ok } from './fixtures.js';

/**
 * Every numeric threshold of the catalogue (CHECKS.md rules), one step below, at and one step above,
 * so an off-by-one (< for <=, days rounded the other way) shows. The step is the unit the rule reads:
 * a byte, a percent, a millisecond, a day.
 */
const GIB = 1024 ** 3;
const DAY = 86_400_000;

/** The snapshot types are read-only for the checks; a test edits its own copy. */
const edit = <T>(value: T) => value as { -readonly [K in keyof T]: T[K] };

function evaluate(id: string, snapshot: Snapshot, ctx: CheckContext = context()): FindingStatus | undefined {
  return findCheck(id)?.evaluate(snapshot, ctx).status;
}

/** The healthy snapshot with `change` applied to every node's CLI facts. */
function withCli(change: (cli: NodeCli) => void): Snapshot {
  const s = healthy();
  for (const cli of Object.values(s.cli)) change(cli);
  return s;
}

function disks(cli: NodeCli) {
  if (cli.disks?.state !== 'ok') throw new Error('fixture without disks');
  return cli.disks.value.filesystems;
}

test('disk-space: the 300 GB minimum (90 % of it listed, as a VM disk shows) fails one byte below, passes at and above', (t) => {
  // The listed filesystems (/, /opt, /localdisk; /dev/shm is memory) must add up to 300 GiB * 0.9.
  const limit = 300 * GIB * 0.9;
  const sized = (total: number) =>
    withCli((cli) => {
      const fs = disks(cli);
      const root = fs.find((f) => f.mount === '/');
      const rest = fs.filter((f) => f.mount !== '/' && f.mount !== '/dev/shm');
      if (!root) throw new Error('no /');
      edit(root).totalBytes = total - rest.reduce((sum, f) => sum + f.totalBytes, 0);
    });
  t.is(evaluate('disk-space', sized(limit - 1)), 'fail');
  t.is(evaluate('disk-space', sized(limit)), 'pass');
  t.is(evaluate('disk-space', sized(limit + 1)), 'pass');
});

test('disk-space: a filesystem 90 % used warns, 89 % does not', (t) => {
  const used = (percent: number) =>
    withCli((cli) => {
      const opt = disks(cli).find((f) => f.mount === '/opt');
      if (opt) edit(opt).usedPercent = percent;
    });
  t.is(evaluate('disk-space', used(89)), 'pass');
  t.is(evaluate('disk-space', used(90)), 'warn');
  t.is(evaluate('disk-space', used(91)), 'warn');
});

test('disk-space: /localdisk needs 25 GB free for the bundle: one byte less warns', (t) => {
  const free = (bytes: number) =>
    withCli((cli) => {
      const local = disks(cli).find((f) => f.mount === '/localdisk');
      if (local) edit(local).freeBytes = bytes;
    });
  t.is(evaluate('disk-space', free(25 * GIB - 1)), 'warn');
  t.is(evaluate('disk-space', free(25 * GIB)), 'pass');
  t.is(evaluate('disk-space', free(25 * GIB + 1)), 'pass');
});

test('memory: below 95 % of the persona minimum (32 GB for 3.3) warns, at or above passes', (t) => {
  const target = targetRelease(RELEASES, '3.3');
  if (!target) throw new Error('no 3.3 in the releases table');
  // The nodes here run PAN/MnT or PSN: the largest of those minimums applies to the PANs.
  const need = Math.max(target.minMemoryGb.PAN, target.minMemoryGb.MnT, target.minMemoryGb.PSN);
  const limit = need * GIB * 0.95;
  const memory = (bytes: number) =>
    withCli((cli) => {
      cli.memory = ok({ recognised: true, warnings: [], totalBytes: bytes });
    });
  t.is(evaluate('memory', memory(limit - 1)), 'warn');
  t.is(evaluate('memory', memory(limit)), 'pass');
  t.is(evaluate('memory', memory(limit + 1)), 'pass');
});

test('ntp: a root dispersion of 3 s warns, just under it passes', (t) => {
  const dispersion = (seconds: number) =>
    withCli((cli) => {
      if (cli.ntp?.state === 'ok') edit(cli.ntp.value).rootDispersionSeconds = seconds;
    });
  t.is(evaluate('ntp', dispersion(2.999)), 'pass');
  t.is(evaluate('ntp', dispersion(3)), 'warn');
  t.is(evaluate('ntp', dispersion(3.001)), 'warn');
});

test('certificates-expiring: the 60-day window warns at 59 whole days left, not at 60 or 61', (t) => {
  const expiringIn = (ms: number) => {
    const s = healthy();
    s.certificates = ok([
      cert({ friendlyName: 'Admin ise-pan1', node: 'ise-pan1', notAfter: new Date(NOW.getTime() + ms) }),
    ]);
    return s;
  };
  t.is(evaluate('certificates-expiring', expiringIn(60 * DAY - 1)), 'warn', '59 days and some hours');
  t.is(evaluate('certificates-expiring', expiringIn(60 * DAY)), 'pass');
  t.is(evaluate('certificates-expiring', expiringIn(61 * DAY)), 'pass');
  t.is(evaluate('certificates-expiring', expiringIn(0)), 'pass', 'expired is certificates-expired’s finding');
  t.is(evaluate('certificates-expired', expiringIn(0)), 'fail', 'expiring at this instant is expired');
  t.is(evaluate('certificates-expired', expiringIn(1)), 'pass');
});

test('recent-backup: a configuration backup 24 h old is stale, one millisecond younger is recent', (t) => {
  const backedUpAgo = (ms: number) =>
    withCli((cli) => {
      if (cli.backupHistory?.state !== 'ok') return;
      for (const entry of cli.backupHistory.value.entries) {
        if (entry.loggedAt) edit(entry).loggedAt = { ...entry.loggedAt, date: new Date(NOW.getTime() - ms) };
      }
    });
  t.is(evaluate('recent-backup', backedUpAgo(DAY - 1)), 'pass');
  t.is(evaluate('recent-backup', backedUpAgo(DAY)), 'warn');
  t.is(evaluate('recent-backup', backedUpAgo(DAY + 1)), 'warn');
});

test('upgrade-time: a node estimated at exactly 4 h passes, any MnT data beyond that warns', (t) => {
  const optUsed = (bytes: number) =>
    withCli((cli) => {
      const opt = disks(cli).find((f) => f.mount === '/opt');
      if (opt) edit(opt).usedBytes = bytes;
    });
  // The PANs also run MnT: 240 min with no data (at the 4-hour GUI timeout), 300 min with one byte.
  t.is(evaluate('upgrade-time', optUsed(0)), 'pass');
  t.is(evaluate('upgrade-time', optUsed(1)), 'warn');
  t.is(evaluate('upgrade-time', optUsed(15 * GIB + 1)), 'warn');
});
