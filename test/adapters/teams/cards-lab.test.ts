import test from 'ava';
import type { CardElement } from '../../../adapters/teams/card-text.js';
import { type AdaptiveCard, cardActivity, renderCards } from '../../../adapters/teams/cards.js';
import { outcomeReply } from '../../../src/backup/replies.js';
import { errorReply } from '../../../src/reply/build.js';
import type { Reply } from '../../../src/reply/model.js';
import { teamsLabBot } from './card-replies.js';
import { cardProblems } from './card-schema.js';

const KB28 = 28 * 1024;

const activityBytes = (card: AdaptiveCard, reply: Reply) =>
  Buffer.byteLength(JSON.stringify(cardActivity(card, reply.title)), 'utf8');

/** The strings of every TextRun and TextBlock in a value. */
function texts(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) texts(v, out);
  else if (value && typeof value === 'object') {
    const e = value as CardElement;
    if ((e.type === 'TextRun' || e.type === 'TextBlock') && typeof e.text === 'string') out.push(e.text);
    for (const v of Object.values(e)) texts(v, out);
  }
  return out;
}

/** The titles of every Submit button in a value (the More card's rows included). */
function buttonTitles(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) buttonTitles(v, out);
  else if (value && typeof value === 'object') {
    const e = value as CardElement;
    if (e.type === 'Action.Submit') out.push(String(e.title));
    for (const v of Object.values(e)) buttonTitles(v, out);
  }
  return out;
}

function assertValid(t: import('ava').ExecutionContext, name: string, reply: Reply): AdaptiveCard[] {
  const cards = renderCards(reply);
  t.true(cards.length >= 1, name);
  for (const [i, card] of cards.entries()) {
    t.deepEqual(cardProblems(card), [], `${name}: card ${i + 1} against the ${card.version} schema`);
    t.true(card.fallbackText.length > 0, `${name}: fallback text`);
    t.true(activityBytes(card, reply) <= KB28, `${name}: card ${i + 1} within 28 KB`);
    t.true((card.actions ?? []).length <= 5, `${name}: at most five visible buttons`);
  }
  return cards;
}

test('every card kind the bot sends on the demo lab is valid against the schema of the version it declares', async (t) => {
  const bot = await teamsLabBot(t, 'demo');
  const started = new Date('2026-12-08T01:00:00Z');
  const job = {
    id: 'j1',
    deployment: 'demo',
    kind: 'config' as const,
    repository: 'backup-sftp',
    name: 'chatops',
    actor: 'teams:aad-admin',
    status: 'success' as const,
    startedAt: started,
  };
  const kinds: Array<[string, Reply]> = [
    ['readiness', await bot.ask('readiness')],
    ['check', await bot.ask('check version-parity')],
    ['certs', await bot.ask('certs 400')],
    ['nodes', await bot.ask('nodes')],
    ['help', await bot.ask('help')],
    ['help backup', await bot.ask('help backup')],
    ['unknown command', await bot.ask('frobnicate')],
    [
      'error',
      errorReply('Something went wrong running `nodes` (ref abcd1234).', { correlationId: 'abcd1234' }),
    ],
    ['backup confirm prompt', await bot.ask('backup config')],
    ['backup status', await bot.ask('backup status')],
    [
      'backup result',
      outcomeReply(
        job,
        { status: 'success', file: 'chatops-CFG10.tar.gpg', inRepository: true, message: 'Done.' },
        61_000,
        ['started', 'database export 40%', 'done'],
      ),
    ],
    [
      'backup failed',
      outcomeReply(
        job,
        {
          status: 'failed',
          message: 'ISE said: % Invalid encryption key',
          advice: 'Fix `backup.encryptionKey`.',
        },
        5_000,
        [],
      ),
    ],
    ['subscribe', await bot.ask('subscribe readiness "0 8 * * 1-5" Europe/Berlin')],
    ['subscriptions', await bot.ask('subscriptions')],
    ['digest', await bot.digest()],
  ];
  for (const [name, reply] of kinds) assertValid(t, name, reply);
  const [prompt] = renderCards(kinds.find(([n]) => n === 'backup confirm prompt')?.[1] as Reply);
  t.deepEqual(
    prompt?.actions?.map((a) => a.title),
    ['Confirm', 'Cancel'],
    'the backup prompt shows both buttons',
  );
  const [digest] = renderCards(kinds.find(([n]) => n === 'digest')?.[1] as Reply);
  t.true(
    texts(digest?.body).some((s) => s.includes('Blocking the upgrade')),
    'the digest names what blocks in the channel card',
  );
});

test('readiness on the 58-node lab: one channel card of at most 28 KB, five buttons at most, Run again visible, details behind Show details', async (t) => {
  const bot = await teamsLabBot(t, 'large');
  const reply = await bot.ask('readiness');
  t.is(reply.kind, 'readiness');
  const cards = assertValid(t, 'readiness large', reply);
  const [card] = cards as [AdaptiveCard];
  t.true(activityBytes(card, reply) <= KB28);
  const visible = (card.actions ?? []).map((a) => String(a.title));
  t.true(visible.length <= 5);
  t.true(visible.includes('Run again'), `visible: ${visible.join(', ')}`);
  // Every button the reply has is on the card: visible, or behind More.
  const more = card.actions?.find((a) => a.title === 'More');
  const all = [...visible, ...buttonTitles(more)];
  for (const action of reply.actions) t.true(all.includes(action.label), action.label);
  // Details are reachable: those that fit behind Show details, the rest in thread cards.
  const details = card.actions?.find((a) => a.title === 'Show details') as
    | { card: { body: CardElement[] } }
    | undefined;
  t.truthy(details, 'a Show details button');
  const detailTitles = reply.sections.filter((s) => s.detail).map((s) => s.title ?? '');
  const shown = texts(details?.card.body);
  const thread = texts(cards.slice(1).map((c) => c.body));
  t.true(detailTitles.length > 0);
  t.true(
    detailTitles.some((title) => shown.some((s) => s.includes(title))),
    'some details behind Show details',
  );
  for (const title of detailTitles)
    t.true(
      [...shown, ...thread].some((s) => s.includes(title)),
      `detail "${title}" reachable`,
    );
  // The blocking items and the main sections are on the channel card or in its thread, in order.
  const mainTitles = reply.sections.filter((s) => !s.detail).map((s) => s.title ?? '');
  const onCard = texts(card.body);
  t.true(mainTitles.filter((title) => onCard.some((s) => s.endsWith(title))).length >= mainTitles.length / 2);
});
