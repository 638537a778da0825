import type { types } from '@slack/bolt';
import test, { type ExecutionContext } from 'ava';
import { renderReply, type SlackMessage } from '../../../adapters/slack/blocks.js';
import { reply, section, table, text } from '../../../src/reply/build.js';
import {
  buttonsOf,
  clickBody,
  findingsReply,
  posted,
  postSigned,
  slashBody,
  startBot,
  wideCertsReply,
} from './helpers.js';

type KnownBlock = types.KnownBlock;

/** Slack's numbers (chat-platforms.md §0), checked on every message that leaves the bot. */
function assertWithinLimits(t: ExecutionContext, message: { text?: unknown; blocks?: unknown }) {
  const blocks = message.blocks as KnownBlock[];
  t.true(blocks.length >= 1 && blocks.length <= 50, `${blocks.length} blocks`);
  t.true(typeof message.text === 'string' && message.text.length > 0 && message.text.length <= 4000);
  let total = 0;
  for (const b of blocks) {
    if (b.type === 'header') {
      t.true(b.text.text.length <= 150);
      total += b.text.text.length;
    }
    if (b.type === 'section') {
      const len = b.text?.text.length ?? 0;
      t.true(len <= 3000, `section text of ${len}`);
      t.true((b.fields ?? []).length <= 10);
      for (const f of b.fields ?? []) t.true(f.text.length <= 2000);
      t.true(len > 0 || (b.fields ?? []).length > 0, 'no empty section');
      total += len + (b.fields ?? []).reduce((n, f) => n + f.text.length, 0);
    }
    if (b.type === 'actions') t.true(b.elements.length <= 25);
  }
  // Below the undocumented ~12k cumulative limit (bolt-js#2509, #2867).
  t.true(total <= 12_000, `cumulative block text ${total}`);
}

test('a report with 120 findings arrives complete across several messages, its details on "Show details", each within the limits', async (t) => {
  const bot = await startBot({ sections: 120 });
  t.teardown(() => bot.close());
  await postSigned(bot.url, slashBody(bot.api, 'readiness'));
  await bot.adapter.idle();
  const summary = bot.api.callsOf('chat.update').at(-1);
  const report = posted(summary);
  const inThread = () => bot.api.callsOf('chat.postMessage').filter((c) => c.args.thread_ts === report.ts);
  const before = inThread().length;
  t.false(JSON.stringify(inThread()).includes('Check 4: finding-4*'), 'details wait for the button');

  const details = buttonsOf(report).find((b) => b.action_id === 'ise:details');
  if (!details) return t.fail('no Show details button');
  await postSigned(bot.url, clickBody(bot.api, 'U_ALICE', report, details));
  await bot.adapter.idle();
  t.true(inThread().length > before, 'the details were posted in the thread');

  const messages = [summary?.args ?? {}, ...inThread().map((c) => c.args)];
  t.true(messages.length >= 3, `${messages.length} messages`);
  for (const m of messages) assertWithinLimits(t, m);
  const all = JSON.stringify(messages.map((m) => m.blocks));
  for (let i = 1; i <= 120; i++) {
    t.true(all.includes(`Check ${i}: finding-${i}*`), `finding ${i} missing`);
    t.true(all.includes(`evidence C of ${i}`), `evidence of ${i} missing`);
  }
  t.deepEqual(bot.api.callsOf('files.getUploadURLExternal'), []);
});

test('the summary keeps the order the reply gives, and counts come from the reply in the severity order', (t) => {
  const counts = { pass: 4, info: 1, manual: 1, warn: 2, error: 0, fail: 2 };
  const rendering = renderReply({ ...findingsReply(12), counts });
  const titles = rendering.main.blocks
    .flatMap((b) => (b.type === 'section' ? [b.text?.text ?? ''] : []))
    .map((s) => /Check (\d+):/.exec(s)?.[1])
    .filter(Boolean);
  // Detail ones (4, 8, 12) wait for "Show details"; the failing 3 and 9 are not moved.
  t.deepEqual(titles, ['1', '2', '3', '5', '6', '7', '9', '10', '11']);
  const header = rendering.main.blocks[0]?.type === 'header' ? rendering.main.blocks[0].text.text : '';
  t.regex(header, / · 2 blocking · 2 warnings · 1 to confirm by hand · 1 for information · 4 passed$/);
  t.notRegex(header, /error/, 'a status nobody has is not counted');
  t.regex(rendering.main.text, /2 blocking, 2 warnings, 1 to confirm by hand, 1 for information, 4 passed\./);
  const withoutCounts = renderReply(findingsReply(12));
  t.notRegex(withoutCounts.main.text, /\d+ (blocking|warning)/, 'no counts guessed from the sections');
});

test('a very long report goes up as a file and says so, instead of a thread of dozens of parts', (t) => {
  const long = findingsReply(1500);
  long.context.correlationId = 'abcd1234';
  const rendering = renderReply(long);
  t.truthy(rendering.file);
  t.is(rendering.file?.filename, 'ise-readiness-abcd1234.txt');
  t.true(rendering.file?.content.includes('Check 1500: finding-1500'));
  t.true(rendering.thread.length + rendering.details.length <= 8);
  const messages: SlackMessage[] = [rendering.main, ...rendering.thread, ...rendering.details];
  for (const m of messages) assertWithinLimits(t, m);
  t.regex(
    JSON.stringify(rendering.main.blocks),
    /Full report attached in the thread as ise-readiness-abcd1234.txt/,
  );
  t.regex(JSON.stringify(messages.at(-1)?.blocks), /the full report is in the attached file/);
});

test('the file of a very long report is uploaded into the thread', async (t) => {
  const bot = await startBot({ sections: 1500 });
  t.teardown(() => bot.close());
  await postSigned(bot.url, slashBody(bot.api, 'readiness'));
  await bot.adapter.idle();
  const summary = bot.api.callsOf('chat.update').at(-1);
  const [complete] = bot.api.callsOf('files.completeUploadExternal');
  t.is(complete?.args.channel_id, 'C_OPS');
  t.is(complete?.args.thread_ts, summary?.args.ts);
  t.true((bot.api.uploads[0]?.bytes ?? 0) > 100_000);
});

test('a long section is split at 3,000 characters rather than cut', (t) => {
  const body = Array.from({ length: 400 }, (_, i) => `line ${i} ${'x'.repeat(40)}`).join('\n');
  const rendering = renderReply(reply('t', 'Long', 'info', { sections: [section('Big', [text(body)])] }));
  const messages = [rendering.main, ...rendering.thread];
  for (const m of messages) assertWithinLimits(t, m);
  const joined = messages
    .flatMap((m) => m.blocks)
    .flatMap((b) => (b.type === 'section' ? [b.text?.text ?? ''] : []))
    .join('\n');
  t.true(joined.includes('line 0 ') && joined.includes('line 399 '));
});

test('a node table renders as one section with fields per node, a long narrow one as a code block', (t) => {
  const nodes = table(
    ['hostname', 'personas', 'version', 'status'],
    [
      ['ise-pan1', 'PAN, MnT', '3.0.0.458', 'Connected'],
      ['ise-psn1', 'PSN', '3.0.0.458', 'Connected'],
    ],
  );
  const small = renderReply(reply('nodes', '2 nodes', 'ok', { sections: [section(undefined, [nodes])] }));
  const perNode = small.main.blocks.filter((b) => b.type === 'section' && b.fields);
  t.is(perNode.length, 2);
  const first = perNode[0];
  t.true(first?.type === 'section' && first.text?.text === '*ise-pan1*');
  t.true(first?.type === 'section' && first.fields?.length === 3);

  const rows = Array.from({ length: 30 }, (_, i) => [`ise-psn${i}`, 'PSN', '3.0', 'Connected']);
  const big = renderReply(
    reply('nodes', '30 nodes', 'ok', { sections: [section(undefined, [table(['h', 'p', 'v', 's'], rows)])] }),
  );
  t.regex(JSON.stringify(big.main.blocks), /```\\nh +p +v +s/);
  t.is(big.file, undefined);
});

test('a table too wide for a phone is not printed: the message points to the attached file, which holds it', (t) => {
  const rendering = renderReply(wideCertsReply(40));
  const all = JSON.stringify([rendering.main, ...rendering.thread]);
  t.notRegex(all, /```/, 'no code block');
  t.notRegex(all, /ise-psn17/, 'no row printed');
  t.regex(
    all,
    /The table \(40 rows, \d+ characters wide\) is too wide to read here: it is in the attached file ise-certs-c0ffee12.txt/,
  );
  t.is(rendering.file?.filename, 'ise-certs-c0ffee12.txt');
  t.true(
    rendering.file?.content.includes(
      'Default self-signed saml server certificate - CN=SAML_ise-psn17.example.org',
    ),
  );
});

test('`certs 400` with a wide table: the channel gets no code block, and the table arrives as a file in the thread', async (t) => {
  const bot = await startBot();
  t.teardown(() => bot.close());
  await postSigned(bot.url, slashBody(bot.api, 'certs 400'));
  await bot.adapter.idle();
  const summary = posted(bot.api.callsOf('chat.postMessage').find((c) => c.args.thread_ts === undefined));
  t.notRegex(JSON.stringify(bot.api.calls.map((c) => c.args.blocks)), /```/);
  t.regex(JSON.stringify(summary.blocks), /too wide to read here: it is in the attached file ise-certs-/);
  t.is(JSON.stringify(summary.blocks).match(/ise-certs-/g)?.length, 1, 'the file named once');
  const [complete] = bot.api.callsOf('files.completeUploadExternal');
  t.is(complete?.args.thread_ts, summary.ts, 'in the report’s thread');
  const [upload] = bot.api.callsOf('files.getUploadURLExternal');
  t.regex(String(upload?.args.filename), /^ise-certs-.*\.txt$/);
  t.true((bot.api.uploads[0]?.bytes ?? 0) > 40 * 150, 'the file holds every row');
});

test('buttons carry their command, and a confirm button its Slack dialog within the limits', (t) => {
  const rendering = renderReply(
    reply('confirm', 'Start a configuration backup of prod?', 'confirm', {
      actions: [
        {
          id: 'confirm',
          label: 'Confirm',
          command: 'backup config --yes',
          style: 'primary',
          confirm: { title: 'Are you sure?', text: 'x'.repeat(500), confirm: 'Yes, run it', deny: 'No' },
        },
        { id: 'cancel', label: 'Cancel', command: 'cancel' },
      ],
    }),
  );
  const actions = rendering.main.blocks.find((b) => b.type === 'actions');
  t.true(actions?.type === 'actions');
  const [confirm, cancel] = actions?.type === 'actions' ? (actions.elements as types.Button[]) : [];
  t.is(confirm?.action_id, 'ise:confirm');
  t.is(confirm?.value, 'backup config --yes');
  t.is(confirm?.confirm?.text.text.length, 300);
  t.is(cancel?.action_id, 'ise:cancel');
});

test('Show details on a report the bot no longer holds (it restarted) makes the report again and posts only its details', async (t) => {
  const bot = await startBot({ sections: 12 });
  t.teardown(() => bot.close());
  // A report posted before a restart: Slack still shows its button, the bot has forgotten its details.
  const report = { ts: '1690000000.000100', text: 'Readiness of prod for 3.0', blocks: [] };
  const button = {
    type: 'button' as const,
    action_id: 'ise:details',
    text: { type: 'plain_text' as const, text: 'Show details' },
    value: 'readiness --deployment prod',
  };
  await postSigned(bot.url, clickBody(bot.api, 'U_ALICE', report, button));
  await bot.adapter.idle();
  t.is(bot.runs.readiness, 1);
  const thread = bot.api.callsOf('chat.postMessage').filter((c) => c.args.thread_ts === report.ts);
  const text = JSON.stringify(thread.map((c) => c.args.blocks));
  t.true(thread.length >= 1);
  t.regex(text, /Check 4: finding-4\*/, 'a detail finding');
  t.notRegex(text, /Check 1: finding-1\*/, 'not the summary again');
  t.is(
    bot.api.callsOf('chat.postMessage').filter((c) => c.args.thread_ts === undefined).length,
    0,
    'nothing new in the channel',
  );
});
