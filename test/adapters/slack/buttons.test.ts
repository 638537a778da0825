import type { types } from '@slack/bolt';
import test from 'ava';
import type { FakeSlackApi } from '../../fakes/slack-api.js';
import { type Bot, postSigned, slashBody, startBot } from './helpers.js';

const ACCESS = { viewers: ['slack:U_VIEWER'], operators: ['slack:U_OPERATOR'] };

let clicks = 0;

/** A block_actions payload as Slack sends it for a click on one of the prompt's buttons. */
function clickBody(api: FakeSlackApi, user: string, messageTs: string, button: types.Button) {
  clicks += 1;
  const payload = {
    type: 'block_actions',
    team: { id: 'T1', domain: 'example' },
    user: { id: user, username: user.toLowerCase(), team_id: 'T1' },
    api_app_id: 'A1',
    token: 'legacy-verification-token',
    trigger_id: `click-${clicks}`,
    response_url: api.responseUrl(`click${clicks}`),
    container: { type: 'message', message_ts: messageTs, channel_id: 'C_OPS', is_ephemeral: false },
    channel: { id: 'C_OPS', name: 'ise-ops' },
    message: { type: 'message', ts: messageTs, text: 'prompt' },
    actions: [
      {
        type: 'button',
        action_id: button.action_id,
        block_id: 'b1',
        value: button.value,
        text: button.text,
        action_ts: '1700000000.1',
      },
    ],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** An operator asks for a backup: the bot posts a prompt with Confirm and Cancel in the channel. */
async function prompt(bot: Bot) {
  await postSigned(bot.url, slashBody(bot.api, 'backup config', 'U_OPERATOR'));
  await bot.adapter.idle();
  const post = bot.api.callsOf('chat.postMessage').at(-1);
  const actions = ((post?.args.blocks ?? []) as types.KnownBlock[]).find((b) => b.type === 'actions');
  const buttons = actions?.type === 'actions' ? (actions.elements as types.Button[]) : [];
  const byId = (id: string) => {
    const found = buttons.find((b) => b.action_id === `ise:${id}`);
    if (!found) throw new Error(`no ${id} button`);
    return found;
  };
  return {
    ts: String(post?.args.ts ?? '1700000000.000100'),
    confirm: byId('confirm'),
    cancel: byId('cancel'),
  };
}

test('a confirmation prompt carries Confirm with a Slack dialog and Cancel', async (t) => {
  const bot = await startBot({ access: ACCESS });
  t.teardown(() => bot.close());
  const { confirm } = await prompt(bot);
  t.is(confirm.value, 'backup config --yes');
  t.is(confirm.confirm?.title?.text, 'Are you sure?');
  t.is(bot.runs.backup, undefined, 'nothing runs before the click');
});

test('a backup confirmation clicked by a viewer is refused, by an operator it runs', async (t) => {
  const bot = await startBot({ access: ACCESS });
  t.teardown(() => bot.close());
  const { confirm } = await prompt(bot);
  const promptTs = String(bot.api.callsOf('chat.postMessage').at(-1)?.args.ts);

  const viewerClick = await postSigned(bot.url, clickBody(bot.api, 'U_VIEWER', promptTs, confirm));
  t.is(viewerClick.status, 200);
  await bot.adapter.idle();
  t.is(bot.runs.backup, undefined);
  const refusal = bot.api.responses.at(-1);
  t.is(refusal?.body.response_type, 'ephemeral');
  t.regex(String(refusal?.body.text), /needs the operator role/);
  t.deepEqual(bot.api.callsOf('chat.update'), [], 'the prompt stays for someone allowed');

  const operatorClick = await postSigned(bot.url, clickBody(bot.api, 'U_OPERATOR', promptTs, confirm));
  t.is(operatorClick.status, 200);
  await bot.adapter.idle();
  t.is(bot.runs.backup, 1);
  const result = bot.api.callsOf('chat.update').at(-1);
  t.is(result?.args.ts, promptTs, 'the result replaces the prompt');
  t.regex(JSON.stringify(result?.args.blocks), /Backup finished/);
  t.notRegex(JSON.stringify(result?.args.blocks), /"actions"/);
});

test('Cancel by someone without the role of the command is refused to them alone; by an operator it only updates the prompt, audited', async (t) => {
  const bot = await startBot({ access: ACCESS });
  t.teardown(() => bot.close());
  const { ts, cancel } = await prompt(bot);
  t.is(cancel.value, 'backup config', 'the button names what it cancels');
  await postSigned(bot.url, clickBody(bot.api, 'U_VIEWER', ts, cancel));
  await bot.adapter.idle();
  await bot.api.waitFor(() => bot.api.responses.length > 0);
  const refusal = bot.api.responses.at(-1);
  t.is(refusal?.body.response_type, 'ephemeral');
  t.not(refusal?.body.replace_original, true, 'the prompt stays');
  t.regex(String(refusal?.body.text), /cancel backup.* needs the operator role/);

  await postSigned(bot.url, clickBody(bot.api, 'U_OPERATOR', ts, cancel));
  await bot.adapter.idle();
  await bot.api.waitFor(() => bot.api.responses.length > 1);
  const answer = bot.api.responses.at(-1);
  t.is(answer?.body.replace_original, true);
  t.regex(String(answer?.body.text), /Cancelled by <@U_OPERATOR>/);
  t.is(bot.runs.backup, undefined);
  const audit = await bot.services.store.audit.latest(10);
  t.like(
    audit.find((e) => e.actor === 'slack:U_VIEWER'),
    { action: 'refused', target: 'cancel backup in slack:C_OPS' },
  );
  t.like(
    audit.find((e) => e.action === 'cancel'),
    { actor: 'slack:U_OPERATOR', outcome: 'ok' },
  );
});

test('the same click delivered twice runs once', async (t) => {
  const bot = await startBot({ access: ACCESS });
  t.teardown(() => bot.close());
  const { ts, confirm } = await prompt(bot);
  const raw = clickBody(bot.api, 'U_OPERATOR', ts, confirm);
  await postSigned(bot.url, raw);
  await postSigned(bot.url, raw, { 'x-slack-retry-num': '1' });
  await bot.adapter.idle();
  t.is(bot.runs.backup, 1);
});
