import test from 'ava';
import {
  type Bot,
  buttonsOf,
  clickBody,
  type Posted,
  posted,
  postSigned,
  slashBody,
  startBot,
} from './helpers.js';

const ACCESS = { viewers: ['slack:U_VIEWER'], operators: ['slack:U_OPERATOR'] };

/** An operator asks for a backup: the bot posts a prompt with Confirm and Cancel in the channel. */
async function prompt(bot: Bot) {
  await postSigned(bot.url, slashBody(bot.api, 'backup config', 'U_OPERATOR'));
  await bot.adapter.idle();
  const message: Posted = posted(bot.api.callsOf('chat.postMessage').at(-1));
  const byId = (id: string) => {
    const found = buttonsOf(message).find((b) => b.action_id === `ise:${id}`);
    if (!found) throw new Error(`no ${id} button`);
    return found;
  };
  return { message, confirm: byId('confirm'), cancel: byId('cancel') };
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
  const { message, confirm } = await prompt(bot);
  const promptTs = message.ts;

  const viewerClick = await postSigned(bot.url, clickBody(bot.api, 'U_VIEWER', message, confirm));
  t.is(viewerClick.status, 200);
  await bot.adapter.idle();
  t.is(bot.runs.backup, undefined);
  const refusal = bot.api.responses.at(-1);
  t.is(refusal?.body.response_type, 'ephemeral');
  t.regex(String(refusal?.body.text), /needs the operator role/);
  t.deepEqual(bot.api.callsOf('chat.update'), [], 'the prompt stays for someone allowed');

  const operatorClick = await postSigned(bot.url, clickBody(bot.api, 'U_OPERATOR', message, confirm));
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
  const { message, cancel } = await prompt(bot);
  t.is(cancel.value, 'backup config', 'the button names what it cancels');
  await postSigned(bot.url, clickBody(bot.api, 'U_VIEWER', message, cancel));
  await bot.adapter.idle();
  await bot.api.waitFor(() => bot.api.responses.length > 0);
  const refusal = bot.api.responses.at(-1);
  t.is(refusal?.body.response_type, 'ephemeral');
  t.not(refusal?.body.replace_original, true, 'the prompt stays');
  t.regex(String(refusal?.body.text), /cancel backup.* needs the operator role/);

  await postSigned(bot.url, clickBody(bot.api, 'U_OPERATOR', message, cancel));
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
  const { message, confirm } = await prompt(bot);
  const raw = clickBody(bot.api, 'U_OPERATOR', message, confirm);
  await postSigned(bot.url, raw);
  await postSigned(bot.url, raw, { 'x-slack-retry-num': '1' });
  await bot.adapter.idle();
  t.is(bot.runs.backup, 1);
});
