import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { types } from '@slack/bolt';
import test, { type ExecutionContext } from 'ava';
import { COMMANDS } from '../../../commands/index.js';
import { parseConfig } from '../../../src/config/load.js';
import { createServices } from '../../../src/runtime.js';
import { FakeSlackApi } from '../../fakes/slack-api.js';
import { startTestBot } from '../../helpers/bot.js';
import { silentLogger } from '../../helpers/services.js';
import { startLab } from '../../lab/helpers.js';
import {
  BOT_TOKEN,
  buttonsOf,
  clickBody,
  menuOf,
  type Posted,
  posted,
  postSigned,
  SIGNING_SECRET,
  slashBody,
} from './helpers.js';

const OPERATOR = 'U0OPS1';

/** The real bot (all commands, real services) on the demo lab, with Slack pointed at the fake API. */
async function demoBot(t: ExecutionContext) {
  const lab = await startLab(t, 'demo');
  const api = await new FakeSlackApi().listen();
  const dir = mkdtempSync(join(tmpdir(), 'slack-demo-'));
  const raw = {
    ...lab.configFor(dir),
    store: { url: 'sqlite::memory:' },
    slack: { botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, apiUrl: api.apiUrl },
    access: { operators: [`slack:${OPERATOR}`], viewers: ['*'] },
    limits: { perUserPerMinute: 1000, perChannelPerMinute: 1000 },
  };
  const services = await createServices(parseConfig(raw, {}, undefined, dir), { log: silentLogger() });
  const bot = await startTestBot({
    services,
    commands: COMMANDS,
    slack: { botId: 'B_BOT', botUserId: 'U_BOT', postIntervalMs: 0, progressIntervalMs: 50 },
  });
  const adapter = bot.slack;
  if (!adapter) throw new Error('no slack adapter');
  t.teardown(async () => {
    await bot.stop();
    await api.close();
  });
  const url = `${bot.url}/slack/events`;
  /** `/ise readiness` by the operator: the report, as the message that replaced the progress line. */
  const report = async (): Promise<Posted> => {
    await postSigned(url, slashBody(api, 'readiness', OPERATOR));
    await adapter.idle();
    return posted(api.callsOf('chat.update').at(-1));
  };
  const click = async (
    message: Posted,
    element: types.Button | types.Overflow | types.StaticSelect,
    option?: types.PlainTextOption,
  ) => {
    const response = await postSigned(url, clickBody(api, OPERATOR, message, element, option));
    t.is(response.status, 200);
    await adapter.idle();
  };
  const inThread = (ts: string) => api.callsOf('chat.postMessage').filter((c) => c.args.thread_ts === ts);
  return { api, report, click, inThread };
}

test('a readiness report on the demo has exactly one primary button and its Acknowledge actions in one menu', async (t) => {
  const { report } = await demoBot(t);
  const message = await report();
  const buttons = buttonsOf(message);
  t.is(buttons.filter((b) => b.style === 'primary').length, 1, 'one primary');
  t.false(
    buttons.some((b) => /Acknowledge/.test(b.text.text)),
    'no Acknowledge button',
  );
  const menus = message.blocks.flatMap((b) =>
    b.type === 'actions' ? b.elements.filter((e) => e.type === 'overflow' || e.type === 'static_select') : [],
  );
  t.is(menus.length, 1, 'one menu');
  const options = menuOf(message)?.options ?? [];
  t.true(options.length >= 2);
  t.true(
    options.every(
      (o) => /^Acknowledge /.test(o.text.text) && /^ack:\S+ ack \S+ --deployment demo$/.test(o.value ?? ''),
    ),
  );
  t.true(
    options.length > 5 ? menuOf(message)?.type === 'static_select' : menuOf(message)?.type === 'overflow',
    'an overflow up to five options, a select beyond',
  );
  t.notRegex(JSON.stringify(message.blocks), /```/);
});

test('choosing Acknowledge in the menu runs `ack`, answers in the thread and updates the report’s item in place', async (t) => {
  const { api, report, click, inThread } = await demoBot(t);
  const message = await report();
  const menu = menuOf(message);
  const option = menu?.options?.find((o) => o.value?.startsWith('ack:certificate-export '));
  if (!menu || !option) return t.fail('no Acknowledge certificate-export in the menu');
  const updatesBefore = api.callsOf('chat.update').length;

  await click(message, menu, option);

  const answer = inThread(message.ts).at(-1);
  t.regex(JSON.stringify(answer?.args.blocks), /Confirmed: /, 'the ack’s own reply is in the thread');
  const updates = api.callsOf('chat.update').slice(updatesBefore).map(posted);
  // The item may sit in the summary or, on a long report, in a thread part: that message is updated.
  const holder = updates.find((m) => m.blocks.some((b) => b.block_id === 'finding:certificate-export'));
  if (!holder) return t.fail('the message holding the item was not updated');
  t.true([message.ts, ...inThread(message.ts).map((c) => String(c.result?.ts))].includes(holder.ts));
  const line = holder.blocks.find((b) => b.block_id === 'finding:certificate-export#confirmed');
  const text = line?.type === 'context' ? JSON.stringify(line.elements) : '';
  t.regex(
    text,
    new RegExp(
      `Confirmed by <@${OPERATOR}> at <!date\\^\\d+\\^\\{date_short_pretty\\} \\{time\\}\\|\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC>`,
    ),
  );
  const item = holder.blocks.findIndex((b) => b.block_id === 'finding:certificate-export');
  t.true(holder.blocks.indexOf(line as types.KnownBlock) > item, 'the line is under its item');
  const summary = updates.find((m) => m.ts === message.ts);
  if (!summary) return t.fail('the summary was not updated');
  const after = menuOf(summary)?.options ?? [];
  t.false(
    after.some((o) => o.value?.startsWith('ack:certificate-export ')),
    'its option left the menu',
  );
  t.is(after.length, (menu.options?.length ?? 0) - 1, 'the other options stay');

  // A second acknowledgement, clicked on the summary as Slack now shows it, keeps the first one.
  const second = menu.options?.find((o) => o.value?.startsWith('ack:load-balancer '));
  if (!second) return t.fail('no Acknowledge load-balancer in the menu');
  const mark = api.callsOf('chat.update').length;
  await click(summary, menu, second);
  const latest = api.callsOf('chat.update').slice(mark).map(posted);
  const all = JSON.stringify(latest.map((m) => m.blocks));
  t.true(all.includes('finding:load-balancer#confirmed'));
  const latestSummary = latest.find((m) => m.ts === message.ts);
  t.is(menuOf(latestSummary ?? summary)?.options?.length, (menu.options?.length ?? 0) - 2);
  const holderNow = posted(
    api
      .callsOf('chat.update')
      .filter((c) => c.args.ts === holder.ts)
      .at(-1),
  );
  t.truthy(
    holderNow.blocks.find((b) => b.block_id === 'finding:certificate-export#confirmed'),
    'the first confirmation stays',
  );
});

test('Show details posts the details in the report’s thread once; a second click says where they are', async (t) => {
  const { api, report, click, inThread } = await demoBot(t);
  const message = await report();
  const details = buttonsOf(message).find((b) => b.action_id === 'ise:details');
  if (!details) return t.fail('no Show details button');
  t.is(details.text.text, 'Show details');
  const before = inThread(message.ts).length;
  t.notRegex(JSON.stringify(inThread(message.ts)), /\*Passed\*/, 'the passed checks are a detail');

  await click(message, details);
  const posts = inThread(message.ts).slice(before);
  t.true(posts.length >= 1);
  t.regex(JSON.stringify(posts.map((p) => p.args.blocks)), /\*Passed\*/);

  const responses = api.responses.length;
  await click(message, details);
  t.is(inThread(message.ts).length, before + posts.length, 'nothing posted twice');
  await api.waitFor(() => api.responses.length > responses);
  t.like(api.responses.at(-1)?.body, {
    response_type: 'ephemeral',
    text: 'The details are in the thread under this report.',
  });
});
