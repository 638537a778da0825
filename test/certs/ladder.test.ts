import test from 'ava';
import {
  certStatus,
  DEFAULT_LADDER,
  EXPIRED_RUNG,
  ladderStep,
  normalizeLadder,
} from '../../src/certs/ladder.js';
import { certSlot } from '../../src/certs/slot.js';
import { daysLeft } from '../../src/checks/finding.js';

const NOW = new Date('2026-06-01T12:00:00Z');
const DAY = 86_400_000;
const inDays = (d: number, extraMs = 0) => new Date(NOW.getTime() + d * DAY + extraMs);

test('days left round down, and turn negative once expired', (t) => {
  t.is(daysLeft(inDays(30), NOW), 30);
  t.is(daysLeft(inDays(30, -1), NOW), 29);
  t.is(daysLeft(inDays(0, 1), NOW), 0);
  t.is(daysLeft(inDays(0, -1), NOW), -1);
});

test('the ladder step is the smallest rung at or above the days left, none beyond the top', (t) => {
  t.is(ladderStep(inDays(95), NOW), undefined);
  t.is(ladderStep(inDays(91), NOW), undefined);
  t.is(ladderStep(inDays(90), NOW), 90);
  t.is(ladderStep(inDays(61), NOW), 90);
  t.is(ladderStep(inDays(45), NOW), 60);
  t.is(ladderStep(inDays(14), NOW), 14);
  t.is(ladderStep(inDays(2), NOW), 3);
  t.is(ladderStep(inDays(0, 1), NOW), 1, 'the last day is the 1-day rung');
});

test('after expiry there is one rung, the same on every later day', (t) => {
  t.is(ladderStep(inDays(0), NOW), EXPIRED_RUNG, 'expired at this very moment');
  t.is(ladderStep(inDays(-1, 1), NOW), EXPIRED_RUNG);
  t.is(ladderStep(inDays(-1), NOW), EXPIRED_RUNG);
  t.is(ladderStep(inDays(-400), NOW), EXPIRED_RUNG, 'a CA expired 400 days ago is no new rung');
});

test('walking from 95 days to 30 days past expiry meets exactly the ladder and one "expired"', (t) => {
  const seen: number[] = [];
  for (let hours = 95 * 24; hours >= -30 * 24; hours--) {
    const step = ladderStep(inDays(0, hours * 3_600_000), NOW);
    if (step !== undefined && seen.at(-1) !== step) seen.push(step);
  }
  t.deepEqual(seen, [...DEFAULT_LADDER, EXPIRED_RUNG]);
});

test('7 days 23 hours left is 7 days, the same number the ladder and the listing use', (t) => {
  t.is(daysLeft(inDays(7, 23 * 3_600_000), NOW), 7);
  t.is(ladderStep(inDays(7, 23 * 3_600_000), NOW), 7, 'the 7-day rung is reached with 7 whole days left');
  t.is(ladderStep(inDays(8), NOW), 14);
});

test('a configured ladder is cleaned: whole positive days, largest first, once each', (t) => {
  t.deepEqual(normalizeLadder([7, 30, 0, -3, 30, 2.5, 120]), [120, 30, 7]);
  t.is(ladderStep(inDays(100), NOW, [120, 30]), 120);
});

test('status: expired, critical within a week, warning within 30 days, else ok', (t) => {
  t.is(certStatus(inDays(-1), NOW), 'expired');
  t.is(certStatus(inDays(3), NOW), 'critical');
  t.is(certStatus(inDays(20), NOW), 'warning');
  t.is(certStatus(inDays(200), NOW), 'ok');
});

test('a renewal keeps the slot: same node, usage and store; trusted certificates by subject', (t) => {
  const base = { store: 'system' as const, node: 'ise-pan1', usage: ['Portal', 'Admin'], subject: 'CN=a' };
  t.is(certSlot(base), certSlot({ ...base, usage: ['Admin', 'Portal'], subject: 'CN=b' }));
  t.not(certSlot(base), certSlot({ ...base, node: 'ise-pan2' }));
  const trusted = { store: 'trusted' as const, usage: ['Infrastructure'], subject: 'CN=Root' };
  t.is(certSlot(trusted), certSlot({ ...trusted }));
  t.not(certSlot(trusted), certSlot({ ...trusted, subject: 'CN=Other Root' }));
});
