import test, { type ExecutionContext } from 'ava';
import type { FindingStatus } from '../../src/checks/types.js';
import { collectSnapshot } from '../../src/ise/snapshot/collect.js';
import type { CertificateInfo, Need } from '../../src/ise/snapshot/types.js';
import type { Lab } from '../../src/lab/lab.js';
import { labChat } from '../helpers/lab-chat.js';
import { transitions } from '../helpers/zone-transitions.js';
import { accessTo, startLab } from '../lab/helpers.js';

// biome-ignore lint/suspicious/noExplicitAny: scenario data is validated by the lab's own schema
type Raw = any;

const DAY = 86_400_000;

/**
 * The lab's clock: 00:30 UTC on the last Sunday of March of last year, half an hour before Europe's spring
 * change, so certificates can be planted on both sides of every DST change of that year and the next. A
 * year back keeps the lab's own TLS certificate (valid for two years from its clock) valid today.
 */
function labNow(): Date {
  const year = new Date().getUTCFullYear() - 1;
  const lastOfMarch = new Date(Date.UTC(year, 2, 31, 0, 30));
  return new Date(lastOfMarch.getTime() - lastOfMarch.getUTCDay() * DAY);
}

const ZONES: Record<string, string> = {
  'ise-pan1': 'Europe/Dublin',
  'ise-psn1': 'Asia/Kolkata',
  'ise-psn2': 'America/Chicago',
  'ise-psn3': 'Asia/Shanghai',
  'ise-psn4': 'Asia/Jerusalem',
  'ise-psn5': 'Europe/Berlin',
  'ise-psn6': 'Australia/Sydney',
};

/** Certificates expiring just around each DST change of the node's zone, and on two ordinary days. */
function certificatesAround(zone: string, now: Date) {
  const year = now.getUTCFullYear();
  const targets = [
    ...[year, year + 1].flatMap((y) => transitions(zone, y)),
    Date.UTC(year, 6, 15, 12),
    Date.UTC(year + 1, 0, 15, 12),
  ]
    .flatMap((c) => [-61, -30, -1, 1, 30, 61].map((m) => c + m * 60_000))
    .filter((at) => at > now.getTime());
  return targets.map((at, i) => ({
    friendlyName: `Cert ${i}`,
    usedBy: i === 0 ? 'Admin' : 'Not in use',
    expiresInDays: (at - now.getTime()) / DAY,
  }));
}

function scenarioInZones(now: Date): Raw {
  return {
    name: 'zones',
    version: '3.2.0.542',
    patch: 7,
    nodes: Object.entries(ZONES).map(([hostname, timezone], i) => ({
      hostname,
      timezone,
      ...(i === 0 ? { roles: ['PrimaryAdmin', 'PrimaryMonitoring'] } : { services: ['Session'] }),
      certificates: certificatesAround(timezone, now),
    })),
  };
}

const expected = (now: Date, days: number) => Math.floor((now.getTime() + days * DAY) / 1000) * 1000;

test('round trip: the bot reads every certificate date of nodes in seven zones, DST changes included', async (t) => {
  const now = labNow();
  const scenario = scenarioInZones(now);
  const lab = await startLab(t, scenario, { now: () => now });
  const snapshot = await collectSnapshot(accessTo(t, lab), new Set<Need>(['certificates', 'nodes']));
  t.is(snapshot.certificates?.state, 'ok', JSON.stringify(snapshot.certificates));
  const certs = snapshot.certificates?.state === 'ok' ? snapshot.certificates.value : [];
  for (const [hostname, zone] of Object.entries(ZONES)) {
    t.like(snapshot.cli[hostname]?.timezone, { state: 'ok', value: { timezone: zone } });
    const planted = (scenario.nodes as Raw[]).find((n) => n.hostname === hostname).certificates as Raw[];
    for (const p of planted) {
      const read = certs.find((c) => c.node === hostname && c.friendlyName === p.friendlyName);
      t.is(
        read?.notAfter?.toISOString(),
        new Date(expected(now, p.expiresInDays)).toISOString(),
        `${hostname} (${zone}) ${p.friendlyName}: "${read?.printedDates?.expirationDate}"`,
      );
    }
  }
  // The trusted store is printed in the PAN's zone, Europe/Dublin: IST there is Irish summer time.
  const trusted = certs.filter((c) => c.store === 'trusted');
  t.true(trusted.length > 0);
  t.true(trusted.every((c) => c.notAfter !== undefined));
});

async function run(t: ExecutionContext, lab: Lab, text: string) {
  const chat = await labChat(t, lab);
  const json = await chat(text);
  return json;
}

interface Found {
  status: FindingStatus;
  summary: string;
  nodes: string[];
  evidence: string[];
}

/** A clean 3.2 deployment where ise-psn1 prints one certificate's dates with a zone name nobody knows. */
function unknownZone(extra: Raw[] = []): Raw {
  return {
    name: 'unknown-zone',
    version: '3.2.0.542',
    patch: 7,
    timezone: 'Europe/Berlin',
    nodes: [
      { hostname: 'ise-pan1', roles: ['PrimaryAdmin', 'PrimaryMonitoring'] },
      {
        hostname: 'ise-psn1',
        services: ['Session'],
        certificates: [
          { friendlyName: 'Admin', usedBy: 'Admin', expiresInDays: 400 },
          { friendlyName: 'Odd zone', usedBy: 'Portal', expiresInDays: 500, dateZoneName: 'XYZT' },
        ],
      },
      {
        hostname: 'ise-psn2',
        services: ['Session'],
        certificates: [{ friendlyName: 'Admin', usedBy: 'Admin', expiresInDays: 400 }, ...extra],
      },
    ],
  };
}

test('an unknown zone on one certificate makes certificates-expired error for that one, the rest judged', async (t) => {
  const lab = await startLab(t, unknownZone());
  const f = (await run(t, lab, 'check certificates-expired')).finding as Found;
  t.is(f.status, 'error', f.summary);
  t.deepEqual(f.nodes, ['ise-psn1']);
  t.regex(f.summary, /None of the \d+ certificates read has expired/);
  t.regex(f.summary, /Odd zone on ise-psn1/);
  t.true(
    f.evidence.some((e) => /Odd zone.*XYZT \d{4}".*time zone abbreviation/.test(e)),
    f.evidence.join('\n'),
  );
  t.false(f.evidence.some((e) => /could not be read/.test(e) && !/Odd zone/.test(e)));
});

test('with an unknown zone on one certificate, an expired certificate elsewhere still fails the check', async (t) => {
  const lab = await startLab(
    t,
    unknownZone([{ friendlyName: 'Old EAP', usedBy: 'EAP Authentication', expiresInDays: -3 }]),
  );
  const f = (await run(t, lab, 'check certificates-expired')).finding as Found;
  t.is(f.status, 'fail', f.summary);
  t.deepEqual(f.nodes, ['ise-psn2']);
  t.regex(f.summary, /Old EAP on ise-psn2/);
  t.regex(f.summary, /Odd zone on ise-psn1/);
  t.true(f.evidence.some((e) => /XYZT/.test(e)));
});

test('certificates-expiring and `certs` keep judging the readable certificates and list the unreadable one', async (t) => {
  const lab = await startLab(t, unknownZone([{ friendlyName: 'Soon', usedBy: 'Portal', expiresInDays: 10 }]));
  const f = (await run(t, lab, 'check certificates-expiring')).finding as Found;
  t.is(f.status, 'error', f.summary);
  t.regex(f.summary, /1 certificate expires within \d+ days; first: Soon on ise-psn2/);
  t.deepEqual([...f.nodes].sort(), ['ise-psn1', 'ise-psn2']);
  t.true(f.evidence.some((e) => /XYZT/.test(e)));

  const certs = await run(t, lab, 'certs 30');
  const data = certs as { certificates: Array<{ friendlyName: string }>; unreadable?: CertificateInfo[] };
  t.deepEqual(
    data.certificates.map((c) => c.friendlyName),
    ['Soon'],
  );
  t.like(data.unreadable?.[0], { node: 'ise-psn1', friendlyName: 'Odd zone' });
  t.is(certs.status, 'warn');
});
