import test from 'ava';
import { actionElement, splitActions } from '../../../adapters/teams/card-actions.js';
import type { CardElement } from '../../../adapters/teams/card-text.js';
import { markdownSafe } from '../../../adapters/teams/card-text.js';
import { requiredVersion } from '../../../adapters/teams/card-version.js';
import { type AdaptiveCard, CARD_BUDGET, cardActivity, renderCards } from '../../../adapters/teams/cards.js';
import { button, reply, section } from '../../../src/reply/build.js';
import { at, link, mention } from '../../../src/reply/inline.js';
import { bigReport } from '../../fakes/teams-bot.js';
import { cardProblems } from './card-schema.js';

const hostile = ['<at>x</at>', '<!channel> x', '**bold** [link](https://evil.example) _i_'] as const;

/** Every element of a card, ShowCard cards included, depth first. */
function elements(value: unknown, out: CardElement[] = []): CardElement[] {
  if (Array.isArray(value)) for (const v of value) elements(v, out);
  else if (value && typeof value === 'object') {
    if (typeof (value as CardElement).type === 'string') out.push(value as CardElement);
    for (const v of Object.values(value)) elements(v, out);
  }
  return out;
}
const runs = (card: unknown) => elements(card).filter((e) => e.type === 'TextRun');
const runTexts = (card: unknown) => runs(card).map((r) => String(r.text));
const showCard = (card: AdaptiveCard | undefined, title: string) =>
  card?.actions?.find((a) => a.type === 'Action.ShowCard' && a.title === title) as
    | (CardElement & { card: { body: CardElement[]; actions?: CardElement[] } })
    | undefined;

test('ISE-provided names cannot inject mentions or markup into a card', (t) => {
  const [card] = renderCards(
    reply('readiness', `Sponsor group ${hostile[0]}`, 'warn', {
      lead: hostile[1] as string,
      sections: [
        section(hostile[0], [
          { type: 'text', text: hostile.join('\n') },
          { type: 'list', items: [...hostile] },
          { type: 'fields', fields: hostile.map((h) => ({ label: h, value: h })) },
          { type: 'table', columns: ['a', 'b', 'c'], rows: [[...hostile]] },
        ]),
      ],
    }),
  );
  const json = JSON.stringify(card);
  t.false(json.includes('<at>'), 'no mention tag anywhere');
  t.is(card?.msteams.entities, undefined, 'and no mention entity');
  const facts = card?.body
    .filter((e) => e.type === 'FactSet')
    .flatMap((e) => e.facts as Array<{ title: string; value: string }>);
  t.is(facts?.[2]?.value, '\\*\\*bold\\*\\* \\[link\\](https://evil.example) \\_i\\_', 'facts are markdown');
  t.is(facts?.[0]?.title, '＜at>x＜/at>', 'a tag in markdown becomes look-alike text');
  t.true(
    runTexts(card).some((r) => r.includes('<!channel> x')),
    'TextRuns are plain text: brackets stay',
  );
  t.is(markdownSafe('a_b [c](d) *e*'), 'a\\_b \\[c\\](d) \\*e\\*');
  t.is(markdownSafe('- not a list\n1. nor this'), '\\- not a list\n\n1\\. nor this');
  t.is(markdownSafe('Administration > System'), 'Administration > System', 'a lone > is no markup');
});

test('menu paths and placeholders keep plain < and >, and backtick spans become monospace runs', (t) => {
  const [card] = renderCards(
    reply('check', 'NTP', 'fail', {
      sections: [
        section('NTP', [
          {
            type: 'text',
            text: 'In Administration > System > Settings, or run `ntp server <address>` on each node.',
          },
        ]),
      ],
    }),
  );
  const all = runs(card);
  t.true(all.some((r) => String(r.text).includes('Administration > System > Settings')));
  const code = all.filter((r) => r.fontType === 'Monospace');
  t.deepEqual(
    code.map((r) => r.text),
    ['ntp server <address>'],
  );
  t.false(JSON.stringify(card).includes('`'), 'no literal backticks');
  t.false(/[＜＞]/.test(JSON.stringify(card)), 'no look-alike brackets');
});

test('times render as DATE/TIME for the reader, Teams users as mentions, links as OpenUrl runs', (t) => {
  const when = new Date('2026-12-08T14:05:09.123Z');
  const [card] = renderCards(
    reply('backup-status', 'Backup status', 'ok', {
      sections: [
        section(undefined, [
          {
            type: 'text',
            text: ['Last backup ', at(when), ' by ', mention('teams:00000000-aaaa-4bbb-8ccc-000000000001')],
          },
          {
            type: 'list',
            items: [
              ['Started by ', mention('slack:UADMIN')],
              ['See ', link('the guide', 'https://cisco.example/g')],
            ],
          },
          { type: 'fields', fields: [{ label: 'Due', value: [at(when, 'date')] }] },
        ]),
      ],
    }),
  );
  const blocks = elements(card).filter((e) => e.type === 'TextBlock');
  t.true(
    blocks.some((b) =>
      String(b.text).includes('{{DATE(2026-12-08T14:05:09Z, SHORT)}} {{TIME(2026-12-08T14:05:09Z)}}'),
    ),
    'the time shows in the reader’s zone',
  );
  t.true(blocks.some((b) => String(b.text).includes('{{DATE(2026-12-08T14:05:09Z, SHORT)}}')));
  const mentionText = '<at>00000000-aaaa-4bbb-8ccc-000000000001</at>';
  t.true(blocks.some((b) => String(b.text).includes(mentionText)));
  t.deepEqual(card?.msteams.entities, [
    {
      type: 'mention',
      text: mentionText,
      mentioned: { id: '00000000-aaaa-4bbb-8ccc-000000000001', name: '00000000-aaaa-4bbb-8ccc-000000000001' },
    },
  ]);
  t.true(
    runTexts(card).some((r) => r.includes('Started by @UADMIN')),
    'another platform’s user is plain text',
  );
  const linkRun = runs(card).find((r) => r.text === 'the guide');
  t.deepEqual(linkRun?.selectAction, { type: 'Action.OpenUrl', url: 'https://cisco.example/g' });
  t.deepEqual(cardProblems(card), []);
});

test('one card: title, lead, counts in severity order, main sections, context; details behind Show details', (t) => {
  const cards = renderCards(
    reply('readiness', 'Readiness', 'fail', {
      lead: '1 item blocks the upgrade',
      counts: { pass: 19, warn: 3, fail: 1, error: 0, manual: 7, info: 3 },
      sections: [
        section('A fail', [], { status: 'fail' }),
        section('A pass', [], { status: 'pass' }),
        section('A fail: details', [{ type: 'list', items: ['node a', 'node b'] }], { detail: true }),
      ],
      actions: [button('rerun', 'Run again', 'readiness', { style: 'primary' })],
      context: { deployment: 'prod', correlationId: 'abcd1234' },
    }),
  );
  t.is(cards.length, 1);
  const card = cards[0] as AdaptiveCard;
  t.deepEqual(runTexts(card.body), [
    '❌ Readiness',
    '1 item blocks the upgrade',
    '❌ 1 blocking',
    ' · ',
    '⚠️ 3 warnings',
    ' · ',
    '📝 7 to confirm by hand',
    ' · ',
    'ℹ️ 3 for information',
    ' · ',
    '✅ 19 passed',
    '❌ A fail',
    '✅ A pass',
    'deployment prod · ref abcd1234',
  ]);
  t.is(
    card.fallbackText,
    'Readiness. 1 blocking, 3 warnings, 7 to confirm by hand, 3 for information, 19 passed. 1 item blocks the upgrade.',
  );
  const data = { ise: { command: 'readiness', action: 'rerun' } };
  t.deepEqual(card.actions?.[0], {
    type: 'Action.Execute',
    title: 'Run again',
    verb: 'run',
    style: 'positive',
    data,
    fallback: { type: 'Action.Submit', title: 'Run again', style: 'positive', data },
  });
  t.deepEqual(runTexts(showCard(card, 'Show details')?.card.body), ['A fail: details', '• node a\n• node b']);
  t.is(card.version, '1.4', 'Action.Execute needs 1.4');
  t.deepEqual(cardProblems(card), []);
});

test('at most five buttons show; secondary ones and families of per-item buttons go behind More', (t) => {
  const acks = Array.from({ length: 15 }, (_, i) =>
    button(`ack:c${i}`, `Acknowledge c${i}`, `ack c${i}`, { style: 'primary' }),
  );
  const [card] = renderCards(
    reply('readiness', 'R', 'warn', {
      sections: [section('d', [{ type: 'text', text: 'x' }], { detail: true })],
      actions: [
        ...acks,
        button('rerun', 'Run again', 'readiness'),
        button('help', 'Help', 'help', { secondary: true }),
      ],
    }),
  );
  const titles = (card?.actions ?? []).map((a) => a.title);
  t.deepEqual(titles, ['Run again', 'Show details', 'More']);
  const moreCard = showCard(card, 'More')?.card;
  t.true(
    moreCard?.body.every((e) => e.type === 'ActionSet' && (e.actions as unknown[]).length <= 2),
    'in rows of two',
  );
  const more = elements(moreCard?.body).filter((e) => e.type === 'Action.Submit');
  t.deepEqual(
    more.map((a) => a.title),
    [...acks.map((a) => a.label), 'Help'],
  );
  t.deepEqual(cardProblems(card), []);
  // Without families, the first ones stay and the rest go behind More.
  const many = Array.from({ length: 8 }, (_, i) => button(`b${i}`, `B${i}`, `b${i}`));
  const split = splitActions(many, 5);
  t.deepEqual(
    split.shown.map((a) => a.id),
    ['b0', 'b1', 'b2', 'b3'],
  );
  t.is(split.more.length, 4);
  t.deepEqual(splitActions(many.slice(0, 5), 5).more, [], 'five fit without More');
  t.is(actionElement(button('x', 'Delete', 'x', { style: 'danger' })).style, 'destructive');
});

test('a long report: the channel card fits the budget, the rest goes in order to thread cards', (t) => {
  const big = { ...bigReport(100), actions: [button('rerun', 'Run again', 'readiness')] };
  const cards = renderCards(big);
  t.true(cards.length > 2);
  for (const card of cards) {
    t.true(Buffer.byteLength(JSON.stringify(cardActivity(card, big.title))) <= CARD_BUDGET);
    t.deepEqual(cardProblems(card), []);
    t.truthy(card.fallbackText);
  }
  t.deepEqual(
    cards.map((c) => (c.actions ?? []).length),
    [1, ...cards.slice(1).map(() => 0)],
    'buttons on the channel card only',
  );
  t.true(runTexts(cards[0]).some((r) => /^\d+ more items in the replies to this message\.$/.test(r)));
  const all = runTexts(cards).join('\n');
  let last = -1;
  for (let i = 1; i <= 100; i++) {
    const found = new RegExp(`⚠️ Finding ${i}(?!\\d)`).exec(all)?.index ?? -1;
    t.true(found > last, `Finding ${i} shown, in order`);
    last = found;
  }
});

test('one huge text block still splits: no element outgrows a card and no character is lost', (t) => {
  const cards = renderCards(
    reply('x', 'Huge', 'info', { sections: [section('s', [{ type: 'text', text: 'z'.repeat(100_000) }])] }),
  );
  t.true(cards.length >= 4);
  for (const card of cards)
    t.true(Buffer.byteLength(JSON.stringify(cardActivity(card, 'Huge'))) <= CARD_BUDGET);
  const total = runTexts(cards)
    .map((r) => r.replace(/[^z]/g, '').length)
    .reduce((a, b) => a + b, 0);
  t.is(total, 100_000);
});

test('cards declare the lowest version they need', (t) => {
  const base = { type: 'AdaptiveCard', body: [{ type: 'TextBlock', text: 'x' }] };
  t.is(requiredVersion(base), '1.0');
  t.is(requiredVersion({ ...base, body: [{ type: 'RichTextBlock', inlines: [] }] }), '1.2');
  t.is(
    requiredVersion({ ...base, actions: [{ type: 'Action.ToggleVisibility', targetElements: [] }] }),
    '1.2',
  );
  t.is(
    requiredVersion({
      ...base,
      actions: [{ type: 'Action.ShowCard', card: { actions: [{ type: 'Action.Execute' }] } }],
    }),
    '1.4',
    'an Execute inside a ShowCard counts',
  );
});

test('a card with Universal Actions declares 1.4 and is checked against the 1.4 schema, which the 1.2 one refuses', (t) => {
  const [rendered] = renderCards(reply('confirm', 'Start a backup?', 'confirm', { sections: [] }));
  const card = {
    ...rendered,
    actions: [
      { type: 'Action.Execute', title: 'Confirm', verb: 'confirm', data: { ise: { command: 'backup' } } },
    ],
  };
  const version = requiredVersion(card);
  t.is(version, '1.4');
  t.deepEqual(cardProblems({ ...card, version }), []);
  t.true(cardProblems({ ...card, version: '1.2' }).length > 0);
});
