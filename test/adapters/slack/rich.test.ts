import type { types } from '@slack/bolt';
import test from 'ava';
import { renderReply } from '../../../adapters/slack/blocks.js';
import { actionBlocks } from '../../../adapters/slack/buttons.js';
import { SLACK_LIMITS } from '../../../adapters/slack/limits.js';
import { reply, section } from '../../../src/reply/build.js';
import { at, link, mention } from '../../../src/reply/inline.js';
import type { Action, Rich } from '../../../src/reply/model.js';

const WHEN = new Date('2026-12-08T14:05:00Z');
const EPOCH = WHEN.getTime() / 1000;

/** One reply with `rich` as its text, a list item and a field value: every place Rich appears. */
function rendered(rich: Rich) {
  const r = reply('t', 'Rich', 'info', {
    lead: 'plain lead',
    sections: [
      section('S', [
        { type: 'text', text: rich },
        { type: 'list', items: [rich] },
        { type: 'fields', fields: [{ label: 'When', value: rich }] },
      ]),
    ],
  });
  const rendering = renderReply(r);
  const section0 = rendering.main.blocks.find((b) => b.type === 'section' && b.fields);
  return {
    text: section0?.type === 'section' ? (section0.text?.text ?? '') : '',
    field: section0?.type === 'section' ? (section0.fields?.[0]?.text ?? '') : '',
    fallback: rendering.main.text,
  };
}

test('a time renders as a Slack date token in the reader’s zone, with plain UTC as its fallback', (t) => {
  const { text, field } = rendered(['Last backup ', at(WHEN), ', next on ', at(WHEN, 'date')]);
  t.true(
    text.includes(
      `Last backup <!date^${EPOCH}^{date_short_pretty} {time}|2026-12-08 14:05 UTC>, next on <!date^${EPOCH}^{date_short_pretty}|2026-12-08>`,
    ),
    text,
  );
  t.true(text.includes(`• Last backup <!date^${EPOCH}^`), 'in list items too');
  t.regex(field, new RegExp(`^\\*When\\*\\nLast backup <!date\\^${EPOCH}\\^`), 'and in field values');
});

test('a Slack user is a mention; a user of another platform is plain, escaped text', (t) => {
  const { text } = rendered(['by ', mention('slack:U0ADMIN1'), ' and ', mention('teams:<at>x</at>')]);
  t.true(text.includes('by <@U0ADMIN1> and @&lt;at&gt;x&lt;/at&gt;'), text);
  t.notRegex(text, /slack:U0ADMIN1/);
});

test('a web link is a Slack link with its label escaped; other schemes stay plain text', (t) => {
  const { text } = rendered([
    link('Guide <!here> & co', 'https://www.cisco.com/c/en/us/td/docs/x.html#a?b=1&c=2'),
    ' ',
    link('run me', 'javascript:alert(1)'),
  ]);
  t.true(
    text.includes(
      '<https://www.cisco.com/c/en/us/td/docs/x.html#a?b=1&amp;c=2|Guide &lt;!here&gt; &amp; co>',
    ),
    text,
  );
  t.true(text.includes('run me (javascript:alert(1))'));
  t.notRegex(text, /<javascript:/);
});

test('strings stay escaped: text from ISE cannot ping, link or mention', (t) => {
  const { text } = rendered('<!channel> <@U_ADMIN> <https://evil.example|click> `code` & more');
  t.true(
    text.includes('&lt;!channel&gt; &lt;@U_ADMIN&gt; &lt;https://evil.example|click&gt; `code` &amp; more'),
  );
});

test('the notification fallback is plain text: no date tokens, mentions or link syntax', (t) => {
  const r = reply('t', 'Backup by', 'info', {
    sections: [section(undefined, [{ type: 'text', text: ['by ', mention('slack:U1'), ' at ', at(WHEN)] }])],
  });
  r.lead = 'finished';
  const { main } = renderReply(r);
  t.is(main.text, 'Backup by. finished.');
  const { fallback } = rendered(['x ', at(WHEN)]);
  t.notRegex(fallback, /<!date|<@|<http/);
});

const ack = (id: string): Action => ({
  id: `ack:${id}`,
  label: `Acknowledge ${id}`,
  command: `ack ${id} --deployment prod`,
  style: 'primary',
  secondary: true,
});

function elements(actions: Action[]): types.ActionsBlockElement[] {
  return actionBlocks(actions, SLACK_LIMITS).flatMap((b) => (b.type === 'actions' ? b.elements : []));
}

test('one primary button a message: the first primary action keeps the style, later ones lose it', (t) => {
  const els = elements([
    { id: 'confirm', label: 'Confirm', command: 'backup config --yes', style: 'primary' },
    { id: 'again', label: 'Again', command: 'readiness', style: 'primary' },
    { id: 'stop', label: 'Stop', command: 'x', style: 'danger' },
  ]) as types.Button[];
  t.deepEqual(
    els.map((b) => b.style),
    ['primary', undefined, 'danger'],
  );
});

test('secondary actions go into one overflow menu of at most five, a More… select beyond', (t) => {
  const few = elements([ack('ntp'), ack('urt'), { id: 'rerun', label: 'Run again', command: 'readiness' }]);
  t.deepEqual(
    few.map((e) => e.type),
    ['button', 'overflow'],
  );
  const overflow = few[1] as types.Overflow;
  t.is(overflow.action_id, 'ise:more');
  t.deepEqual(
    overflow.options.map((o) => o.value),
    ['ack:ntp ack ntp --deployment prod', 'ack:urt ack urt --deployment prod'],
  );
  t.false(
    few.some((e) => e.type === 'button' && e.style === 'primary'),
    'a secondary action is not the primary',
  );

  const many = elements(Array.from({ length: 15 }, (_, i) => ack(`check-${i}`)));
  t.is(many.length, 1);
  const select = many[0] as types.StaticSelect;
  t.is(select.type, 'static_select');
  t.is(select.placeholder?.text, 'More…');
  t.is(select.options?.length, 15);

  const [tooLong] = elements([ack('x'.repeat(200))]) as types.Button[];
  t.is(tooLong?.type, 'button', 'a command too long for an option value stays a button, never cut');
  t.is(tooLong?.value, `ack ${'x'.repeat(200)} --deployment prod`);
  t.is(tooLong?.style, undefined, 'and is not the primary');
});
