import test from 'ava';
import { markdownSafe } from '../../../adapters/teams/card-text.js';
import { CARD_BUDGET, cardActivity, renderCards } from '../../../adapters/teams/cards.js';
import { button, reply, section } from '../../../src/reply/build.js';
import { bigReport } from '../../fakes/teams-bot.js';

const hostile = ['<at>x</at>', '<!channel> x', '**bold** [link](https://evil.example) _i_'] as const;

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
  t.false(json.includes('<at>'));
  t.false(json.includes('<!channel>'));
  const facts = card?.body
    .filter((e) => e.type === 'FactSet')
    .flatMap((e) => e.facts as Array<{ value: string }>);
  t.is(facts?.[2]?.value, '\\*\\*bold\\*\\* \\[link\\](https://evil.example) \\_i\\_', 'facts are markdown');
  t.true(json.includes('＜at＞x＜/at＞'), 'still readable as text');
  t.is(markdownSafe('a_b [c](d) *e*'), 'a\\_b \\[c\\](d) \\*e\\*');
  t.is(markdownSafe('- not a list\n1. nor this'), '\\- not a list\n\n1\\. nor this');
});

test('a card keeps the reply order with blocking findings first, and ends with context and buttons', (t) => {
  const cards = renderCards(
    reply('readiness', 'Readiness', 'fail', {
      sections: [
        section('Summary', [{ type: 'text', text: 'overview' }]),
        section('A pass', [], { status: 'pass' }),
        section('A fail', [], { status: 'fail' }),
      ],
      actions: [button('rerun', 'Run again', 'readiness', { style: 'primary' })],
      context: { deployment: 'prod', correlationId: 'abcd1234' },
    }),
  );
  t.is(cards.length, 1);
  const card = cards[0];
  const runs = JSON.stringify(card?.body).match(/"text":"[^"]*"/g) ?? [];
  t.deepEqual(runs, [
    '"text":"❌ Readiness"',
    '"text":"Summary"',
    '"text":"overview"',
    '"text":"❌ A fail"',
    '"text":"✅ A pass"',
    '"text":"deployment prod · ref abcd1234"',
  ]);
  const data = { ise: { command: 'readiness', action: 'rerun' } };
  t.deepEqual(card?.actions, [
    {
      type: 'Action.Execute',
      title: 'Run again',
      verb: 'run',
      style: 'positive',
      data,
      fallback: { type: 'Action.Submit', title: 'Run again', style: 'positive', data },
    },
  ]);
  t.is(card?.version, '1.5');
});

test('a long report is split into cards that each fit the budget, buttons on the last only', (t) => {
  const big = { ...bigReport(100), actions: [button('rerun', 'Run again', 'readiness')] };
  const cards = renderCards(big);
  t.true(cards.length > 2);
  for (const card of cards) {
    t.true(Buffer.byteLength(JSON.stringify(cardActivity(card, big.title))) <= CARD_BUDGET);
  }
  t.deepEqual(
    cards.map((c) => (c.actions ?? []).length),
    [...cards.slice(1).map(() => 0), 1],
  );
  const all = JSON.stringify(cards);
  for (let i = 1; i <= 100; i++) t.true(all.includes(`"⚠️ Finding ${i}"`));
});

test('one huge text block still splits: lines are cut so no element outgrows a card', (t) => {
  const cards = renderCards(
    reply('x', 'Huge', 'info', { sections: [section('s', [{ type: 'text', text: 'z'.repeat(100_000) }])] }),
  );
  t.true(cards.length >= 4);
  for (const card of cards)
    t.true(Buffer.byteLength(JSON.stringify(cardActivity(card, 'Huge'))) <= CARD_BUDGET);
  const total = cards
    .flatMap((c) => c.body)
    .map((e) => JSON.stringify(e).match(/z{10,}/)?.[0].length ?? 0)
    .reduce((a, b) => a + b, 0);
  t.is(total, 100_000);
});
