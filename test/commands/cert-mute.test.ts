import test from 'ava';
import { createCertsCommand } from '../../commands/certs.js';
import { createDispatcher } from '../../commands/dispatcher.js';
import { COMMANDS } from '../../commands/index.js';
import type { Invocation } from '../../commands/types.js';
import type { CertificateInfo, Sourced } from '../../src/ise/snapshot/types.js';
import { plain } from '../../src/reply/inline.js';
import type { Reply } from '../../src/reply/model.js';
import { cert } from '../checks/fixtures.js';
import { testServices } from '../helpers/services.js';

const DAY = 86_400_000;
const FP_PAN = '3f2a9c41d07e55aa0000000000000000000000000000000000000000000000aa';
const FP_PSN1 = '3f2a9c99d07e55bb0000000000000000000000000000000000000000000000bb';
const FP_PSN2 = '77e0b1c2d3e4f5a60000000000000000000000000000000000000000000000cc';

function installed(): CertificateInfo[] {
  const soon = new Date(Date.now() + 20 * DAY);
  return [
    cert({ friendlyName: 'Admin and EAP - ise-pan1', node: 'ise-pan1', fingerprint: FP_PAN, notAfter: soon }),
    // The same default name on two nodes: a name alone is ambiguous.
    cert({ friendlyName: 'Default self-signed server certificate', node: 'ise-psn1', fingerprint: FP_PSN1 }),
    cert({ friendlyName: 'Default self-signed server certificate', node: 'ise-psn2', fingerprint: FP_PSN2 }),
  ];
}

async function bot(
  read: () => Sourced<CertificateInfo[]> = () => ({ state: 'ok', value: installed(), source: 'test' }),
) {
  const { services } = await testServices({
    access: { admins: ['slack:UADMIN'], operators: ['slack:UOP'], viewers: ['slack:UVIEW'] },
  });
  const certs = createCertsCommand(() => async () => read());
  const dispatcher = createDispatcher([...COMMANDS.filter((c) => c.name !== 'certs'), certs], services);
  const as = (user: string, text: string, confirmed = false): Promise<Reply> =>
    dispatcher.dispatch({
      platform: 'slack',
      user: `slack:${user}`,
      channel: 'slack:C1',
      text,
      ...(confirmed ? { confirmed: true } : {}),
    } satisfies Invocation);
  return { services, as };
}

const texts = (r: Reply) =>
  [r.title, r.lead ?? '', ...r.sections.flatMap((s) => s.blocks.map((b) => JSON.stringify(b)))].join('\n');

test('an operator and a viewer are refused `certs mute` and `certs unmute`, and nothing is muted', async (t) => {
  const { services, as } = await bot();
  for (const user of ['UOP', 'UVIEW']) {
    for (const form of ['mute', 'unmute']) {
      const answer = await as(user, `certs ${form} 3f2a9c41`, true);
      t.is(answer.status, 'denied', `${user} ${form}`);
      t.is(answer.title, `\`certs ${form}\` needs the admin role.`);
    }
  }
  t.deepEqual(await services.store.certMutes.active('prod', new Date()), []);
  t.is((await as('UVIEW', 'certs')).kind, 'certs', 'a viewer still lists the certificates');
});

test('an admin is asked first; after Confirm the certificate is muted for the days asked and it is audited', async (t) => {
  const { services, as } = await bot();
  const prompt = await as(
    'UADMIN',
    'certs mute Admin and EAP - ise-pan1 --days 14 --reason "renewal ordered"',
  );
  t.is(prompt.kind, 'confirm');
  t.regex(prompt.title, /Mute the expiry warnings about "Admin and EAP - ise-pan1" in prod for 14 days\?/);
  t.regex(prompt.lead ?? '', /^This changes the bot's state\./, 'not "something on ISE"');
  t.deepEqual(await services.store.certMutes.active('prod', new Date()), [], 'nothing before Confirm');
  const confirm = prompt.actions.find((a) => a.id === 'confirm');
  t.truthy(confirm);

  const before = Date.now();
  const done = await as('UADMIN', confirm?.command ?? '', true);
  t.is(done.kind, 'cert-mute', texts(done));
  t.is(done.status, 'ok');
  t.regex(done.title, /Muted for 14 days: ise-pan1 · Admin and EAP - ise-pan1/);
  const [mute, ...others] = await services.store.certMutes.active('prod', new Date());
  t.is(others.length, 0);
  t.is(mute?.fingerprint, FP_PAN, 'keyed by the fingerprint, as the alerts are');
  t.is(mute?.by, 'slack:UADMIN');
  t.is(mute?.reason, 'renewal ordered');
  const until = mute?.until.getTime() ?? 0;
  t.true(until >= before + 14 * DAY && until <= Date.now() + 14 * DAY);

  const audit = await services.store.audit.latest(10);
  const row = audit.find((e) => e.action === 'certs.mute');
  t.is(row?.actor, 'slack:UADMIN');
  t.is(row?.outcome, 'ok');
  t.is(row?.target, `prod/${FP_PAN}`);
  t.regex(row?.detail ?? '', /until .* UTC: renewal ordered/);
});

test('a bad --days is refused before anyone is asked to confirm', async (t) => {
  const { services, as } = await bot();
  for (const days of ['0', '366', '2.5', 'ten', '-3']) {
    const answer = await as('UADMIN', `certs mute 3f2a9c41 --days ${days}`);
    t.is(answer.status, 'error', days);
    t.is(answer.title, '--days must be a whole number from 1 to 365.');
  }
  const confirmed = await as('UADMIN', 'certs mute 3f2a9c41 --days 400', true);
  t.is(confirmed.title, '--days must be a whole number from 1 to 365.', 'a confirmed click is checked too');
  t.deepEqual(await services.store.certMutes.active('prod', new Date()), []);
});

test('an unknown certificate is refused; an ambiguous one lists the candidates; a fingerprint prefix picks one', async (t) => {
  const { services, as } = await bot();
  const unknown = await as('UADMIN', 'certs mute "Portal ise-psn9"', true);
  t.is(unknown.status, 'error');
  t.is(unknown.title, 'No installed certificate is named "Portal ise-psn9".');

  const ambiguous = await as('UADMIN', 'certs mute Default self-signed server certificate', true);
  t.is(ambiguous.status, 'error');
  t.regex(ambiguous.title, /names 2 certificates/);
  t.regex(ambiguous.title, /ise-psn1 · Default self-signed server certificate .*fingerprint 3f2a9c99d07e…/);
  t.regex(ambiguous.title, /ise-psn2 · Default self-signed server certificate .*fingerprint 77e0b1c2d3e4…/);

  const prefix = await as('UADMIN', 'certs mute 3f2a9c', true);
  t.regex(prefix.title, /names 2 certificates/, 'a prefix two fingerprints share is ambiguous too');
  t.deepEqual(await services.store.certMutes.active('prod', new Date()), []);

  const one = await as('UADMIN', 'certs mute 77E0:B1:C2', true);
  t.is(one.kind, 'cert-mute');
  t.deepEqual(
    (await services.store.certMutes.active('prod', new Date())).map((m) => m.fingerprint),
    [FP_PSN2],
  );
  const refusals = (await services.store.audit.latest(20)).filter(
    (e) => e.action === 'certs.mute' && e.outcome === 'refused',
  );
  t.is(refusals.length, 3, 'each refusal is audited');
});

test('`certs` lists a muted certificate with who muted it and until when; unmute ends it, audited', async (t) => {
  const { services, as } = await bot();
  await as('UADMIN', `certs mute ${FP_PAN}`, true);
  const listing = await as('UVIEW', 'certs');
  const certificates = listing.data?.certificates as Array<{ fingerprint: string; muted?: { by: string } }>;
  t.is(
    certificates.find((c) => c.fingerprint === FP_PAN)?.muted?.by,
    'slack:UADMIN',
    'still listed, marked muted',
  );
  t.regex(listing.lead ?? '', /1 certificate muted/);
  const muted = listing.sections.find((s) => s.id === 'mutes');
  t.truthy(muted, 'a Muted section');
  const line = muted?.blocks[0]?.type === 'list' ? plain(muted.blocks[0].items[0] ?? '') : '';
  t.regex(
    line,
    /^ise-pan1 · Admin and EAP - ise-pan1 · Admin \(system\): muted by @UADMIN until \d{4}-\d\d-\d\d \d\d:\d\d UTC$/,
  );
  const table = listing.sections.flatMap((s) => s.blocks).find((b) => b.type === 'table');
  t.true(
    table?.type === 'table' && table.rows.some((r) => r.join(' ').includes('Admin and EAP - ise-pan1')),
    'the muted certificate keeps its row in the table',
  );

  const notMuted = await as('UADMIN', 'certs unmute 77e0b1c2');
  t.is(notMuted.status, 'error');
  t.regex(notMuted.title, /No active mute in prod matches "77e0b1c2"/);
  t.regex(notMuted.lead ?? '', /Muted now: ise-pan1 · Admin and EAP - ise-pan1/);

  const unmuted = await as('UADMIN', 'certs unmute Admin and EAP - ise-pan1');
  t.is(unmuted.kind, 'cert-mute', texts(unmuted));
  t.regex(unmuted.title, /^Unmuted: ise-pan1 · Admin and EAP - ise-pan1/);
  t.deepEqual(await services.store.certMutes.active('prod', new Date()), []);
  const audit = (await services.store.audit.latest(20)).find(
    (e) => e.action === 'certs.unmute' && e.outcome === 'ok',
  );
  t.is(audit?.actor, 'slack:UADMIN');
  t.regex(audit?.detail ?? '', /muted by slack:UADMIN until/);
  const after = await as('UVIEW', 'certs');
  t.falsy(
    after.sections.find((s) => s.id === 'mutes'),
    'no Muted section once none is active',
  );
});

test('muting when the certificates cannot be read is refused with the reason, and nothing is muted', async (t) => {
  const { services, as } = await bot(() => ({
    state: 'error',
    error: 'REST login failed (401)',
    source: 'test',
  }));
  const answer = await as('UADMIN', `certs mute ${FP_PAN}`, true);
  t.is(answer.status, 'error');
  t.regex(answer.title, /could not be read/);
  t.regex(answer.lead ?? '', /401/);
  t.deepEqual(await services.store.certMutes.active('prod', new Date()), []);
});

test('`certs 30 --days 5` is refused: --days belongs to mute', async (t) => {
  const { as } = await bot();
  const answer = await as('UVIEW', 'certs 30 --days 5');
  t.is(answer.status, 'error');
  t.regex(answer.title, /--days and --reason belong to `certs mute`/);
});
