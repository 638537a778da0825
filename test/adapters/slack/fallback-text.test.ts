import test from 'ava';
import { renderReply } from '../../../adapters/slack/blocks.js';
import { SLACK_LIMITS } from '../../../adapters/slack/limits.js';
import { clipEscaped } from '../../../adapters/slack/mrkdwn.js';
import { findingsReply } from './helpers.js';

const TITLE = 'Certs <!channel> & <@U_ADMIN> <https://evil.example|click> a>b';
const ESCAPED = 'Certs &lt;!channel&gt; &amp; &lt;@U_ADMIN&gt; &lt;https://evil.example|click&gt; a&gt;b';

test('the fallback text of the summary and of every thread part is escaped like the blocks', (t) => {
  const rendering = renderReply({ ...findingsReply(120), title: TITLE, lead: 'lead <!here> & more' });
  t.true(rendering.thread.length > 0, 'the report has thread parts');
  t.true(rendering.details.length > 0, 'the report has details');
  for (const message of [rendering.main, ...rendering.thread, ...rendering.details]) {
    t.false(/[<>]/.test(message.text), `no raw < or > in "${message.text}"`);
    t.false(/&(?!amp;|lt;|gt;)/.test(message.text), 'every & is an entity');
  }
  // The one notification wording (`fallbackText`): title, counts and lead as sentences.
  t.true(rendering.main.text.startsWith(`${ESCAPED}.`));
  t.true(rendering.main.text.includes('lead &lt;!here&gt; &amp; more.'));
  for (const [i, part] of rendering.thread.entries())
    t.is(part.text, `${ESCAPED} · continued ${i + 1}/${rendering.thread.length}`);
  for (const [i, part] of rendering.details.entries())
    t.is(part.text, `${ESCAPED} · details ${i + 1}/${rendering.details.length}`);
});

test('the notification text never reads ".:" or "?:": a title that ends a sentence is followed by the lead', (t) => {
  const prompt = renderReply({
    ...findingsReply(0),
    title: 'Start a config backup of prod?',
    lead: 'It takes minutes.',
  });
  t.is(prompt.main.text, 'Start a config backup of prod? It takes minutes.');
  const done = renderReply({ ...findingsReply(0), title: 'Backup finished.', lead: 'written to SFTP' });
  t.is(done.main.text, 'Backup finished. written to SFTP.');
  const plain = renderReply({ ...findingsReply(0), title: 'Readiness of prod', lead: '3 warnings' });
  t.is(plain.main.text, 'Readiness of prod. 3 warnings.');
});

test('clipping escaped text never cuts an entity in half', (t) => {
  for (let max = 2; max < 30; max++) {
    const clipped = clipEscaped('ab<<<<<&&&&&>>>>>cd', max);
    t.true(clipped.length <= max, `${clipped} fits ${max}`);
    t.regex(clipped, /^(?:[abcd]|&lt;|&gt;|&amp;)*…?$/, `whole entities only: ${clipped}`);
  }
  t.is(clipEscaped('a<b', SLACK_LIMITS.fallbackText), 'a&lt;b');
});
