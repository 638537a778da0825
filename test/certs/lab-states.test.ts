import test from 'ava';
import { certificatesVia } from '../../src/certs/collect.js';
import { certificatesReply } from '../../src/certs/report.js';
import { defaultCollect } from '../../src/checks/collector.js';
import { labCertsBot } from './lab-bot.js';

/**
 * ISE's own answers, through the real readers: a trusted CA with `status: Disabled`, a system
 * certificate `Not in use`, and an Admin certificate renewed while the old one is still bound.
 */
const SCENARIO = {
  name: 'cert-states',
  version: '3.2.0.542',
  patch: 7,
  nodes: [
    {
      hostname: 'ise-pan1',
      roles: ['PrimaryAdmin'],
      certificates: [
        { friendlyName: 'Admin 2025', usedBy: 'Admin', expiresInDays: 5 },
        { friendlyName: 'Admin 2026', usedBy: 'Admin', expiresInDays: 700, validFromDaysAgo: 1 },
        { friendlyName: 'Spare', usedBy: 'Not in use', issuedTo: 'spare.lab.example.com', expiresInDays: 5 },
        {
          friendlyName: 'EAP',
          usedBy: 'EAP Authentication',
          issuedTo: 'eap.lab.example.com',
          expiresInDays: 6,
        },
      ],
    },
  ],
  trustedCertificates: [
    { friendlyName: 'Retired Partner CA', expiresInDays: 4, status: 'Disabled' },
    { friendlyName: 'Partner CA', expiresInDays: 4, status: 'Enabled' },
  ],
};

test('from the lab: disabled and unused certificates are listed by certs, renewed ones too, and only the others are warned about', async (t) => {
  const { services, deployment, poster, fire } = await labCertsBot(t, SCENARIO);

  // The real clock: the lab's dates are relative to now.
  const read = await certificatesVia(services, defaultCollect)(deployment);
  t.is(read.state, 'ok', read.state === 'error' ? read.error : '');
  const reply = certificatesReply(deployment, read, 30, services.clock());
  const listed = (reply.data?.certificates ?? []) as Array<Record<string, unknown>>;
  t.deepEqual(
    listed.map((c) => `${c.friendlyName}: ${c.warned ? 'warned' : c.notWarned}`),
    [
      'Retired Partner CA: disabled',
      'Partner CA: warned',
      'Admin 2025: renewed',
      'Spare: not in use',
      'EAP: warned',
    ],
  );

  await fire();
  t.deepEqual(
    poster.posts
      .map((p) => (p.reply.data?.certificate as { friendlyName?: string } | undefined)?.friendlyName)
      .sort(),
    ['EAP', 'Partner CA'],
    'not the disabled CA, not the unused certificate, not the renewed Admin 2025',
  );
});
