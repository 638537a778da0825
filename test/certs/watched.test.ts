import test from 'ava';
import { certSlot } from '../../src/certs/slot.js';
import { notWarned, quietReasons, renewals } from '../../src/certs/watched.js';
import type { CertificateFacts } from '../../src/ise/snapshot/types.js';
import { cert } from '../checks/fixtures.js';

const DAY = 86_400_000;
const NOW = Date.parse('2026-06-01T12:00:00Z');
const inDays = (d: number) => new Date(NOW + d * DAY);

const admin = (name: string, days: number, extra: Partial<CertificateFacts> = {}) =>
  cert({
    friendlyName: name,
    fingerprint: name,
    node: 'ise-pan1',
    usage: ['Admin'],
    inUse: true,
    subject: 'CN=ise-pan1.corp.example.com',
    notAfter: inDays(days),
    ...extra,
  });

test('only what ISE said silences a certificate: Disabled, Not in use; unknown keeps warning', (t) => {
  t.is(notWarned({ store: 'trusted', enabled: false }), 'disabled');
  t.is(notWarned({ store: 'trusted', enabled: true }), undefined);
  t.is(notWarned({ store: 'trusted' }), undefined, 'no status: not known to be disabled');
  t.is(notWarned({ store: 'system', inUse: false }), 'not in use');
  t.is(notWarned({ store: 'system' }), undefined, 'no usedBy: not known to be unused');
});

test('a renewal is the same subject and usage on the same node with a later expiry, while the old one stays', (t) => {
  const old = admin('old', 5);
  const renewal = admin('new', 700);
  const find = renewals([old, renewal]);
  t.is(find(old)?.fingerprint, 'new');
  t.is(find(renewal), undefined, 'the newer one is renewed by nothing');
  t.is(renewals([old, admin('earlier', 3)])(old), undefined, 'an earlier expiry renews nothing');
  t.is(renewals([old, admin('other node', 700, { node: 'ise-pan2' })])(old), undefined);
  t.is(renewals([old, admin('other subject', 700, { subject: 'CN=x' })])(old), undefined);
  t.is(renewals([old, admin('other usage', 700, { usage: ['EAP Authentication'] })])(old), undefined);
  t.is(renewals([old, admin('unbound', 700, { usage: [], inUse: false })])(old), undefined);
  t.is(renewals([old, admin('unknown use', 700, { usage: [] })])(old), undefined);
});

test('a renewal that took the usage off the old certificate is found through where the old one was warned', (t) => {
  const before = admin('old', 5);
  const unbound = admin('old', 5, { usage: [], inUse: false });
  const renewal = admin('new', 700);
  const find = renewals([unbound, renewal]);
  t.is(find(unbound), undefined, 'by its own (empty) place, nothing');
  t.is(find(unbound, certSlot(before))?.fingerprint, 'new');
  t.is(quietReasons([unbound, renewal])(unbound), 'not in use');
});

test('two portal certificates with one subject and different group tags do not renew each other', (t) => {
  const portal = (name: string, days: number, groupTag: string) =>
    admin(name, days, { usage: ['Portal'], groupTag, subject: 'CN=*.corp.example.com' });
  const guest = portal('guest', 5, 'Guest Portal Group');
  const sponsor = portal('sponsor', 700, 'Sponsor Portal Group');
  t.is(renewals([guest, sponsor])(guest), undefined);
  t.is(
    renewals([guest, sponsor, portal('guest 2', 800, 'Guest Portal Group')])(guest)?.fingerprint,
    'guest 2',
  );
});

test('a trusted CA is renewed by an enabled one with its subject and a later expiry, not by a disabled one', (t) => {
  const ca = (name: string, days: number, enabled = true) =>
    cert({
      friendlyName: name,
      fingerprint: name,
      store: 'trusted',
      usage: ['Infrastructure'],
      subject: 'CN=Partner Root',
      enabled,
      notAfter: inDays(days),
    });
  const old = ca('old', 5);
  t.is(renewals([old, ca('new', 3000)])(old)?.fingerprint, 'new');
  t.is(renewals([old, ca('new', 3000, false)])(old), undefined);
  t.is(quietReasons([old, ca('new', 3000)])(old), 'renewed');
});
