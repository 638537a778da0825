import test from 'ava';
import { createDispatcher } from '../../commands/dispatcher.js';
import { COMMANDS } from '../../commands/index.js';
import { labCertsBot } from './lab-bot.js';

const SCENARIO = {
  name: 'cert-mute',
  version: '3.2.0.542',
  patch: 7,
  nodes: [
    {
      hostname: 'ise-pan1',
      roles: ['PrimaryAdmin'],
      certificates: [
        { friendlyName: 'Admin', usedBy: 'Admin', expiresInDays: 400 },
        {
          friendlyName: 'EAP',
          usedBy: 'EAP Authentication',
          issuedTo: 'eap.lab.example.com',
          expiresInDays: 6,
        },
      ],
    },
  ],
};

test('from the lab: the mute button of a warning, clicked and confirmed by an admin, mutes that certificate and `certs` shows it', async (t) => {
  const { services, deployment, channel, poster, fire } = await labCertsBot(t, SCENARIO, {
    access: { admins: ['slack:UADMIN'], viewers: ['*'] },
  });
  await fire();

  const [warning, ...others] = poster.posts;
  t.is(others.length, 0, 'only EAP is within the ladder');
  const fingerprint = String(warning?.reply.data?.fingerprint);
  const mute = warning?.reply.actions.find((a) => a.id === 'mute');
  t.is(mute?.command, `certs mute ${fingerprint} --days 30 --deployment ${deployment}`);

  const dispatcher = createDispatcher(COMMANDS, services);
  const click = (text: string, confirmed: boolean) =>
    dispatcher.dispatch({
      platform: 'slack',
      user: 'slack:UADMIN',
      channel,
      text,
      ...(confirmed ? { confirmed: true } : {}),
    });
  const prompt = await click(mute?.command ?? '', false);
  t.is(prompt.kind, 'confirm');
  t.regex(
    prompt.title,
    new RegExp(`the certificate ${fingerprint.slice(0, 12)}… in ${deployment} for 30 days`),
  );
  const confirm = prompt.actions.find((a) => a.id === 'confirm');
  const done = await click(confirm?.command ?? '', true);
  t.is(done.kind, 'cert-mute', done.title);
  t.regex(done.title, /^Muted for 30 days: ise-pan1 · EAP · EAP Authentication \(system\)$/);

  const listing = await click(`certs --deployment ${deployment}`, false);
  const eap = (
    (listing.data?.certificates ?? []) as Array<{ friendlyName: string; muted?: { by: string } }>
  ).find((c) => c.friendlyName === 'EAP');
  t.is(eap?.muted?.by, 'slack:UADMIN', 'still listed, with who muted it');
  t.truthy(listing.sections.find((s) => s.id === 'mutes'));
});
