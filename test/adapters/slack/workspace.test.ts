import test from 'ava';
import { workspaceRefusal } from '../../../adapters/slack/workspace.js';
import { type Bot, postSigned, slashBody, startBot } from './helpers.js';

const RULE = { teamIds: ['T1'], appId: 'A1' };

/** A correctly signed click on a button, from `team` through app `appId`. */
function click(bot: Bot, team: string, appId = 'A1') {
  const payload = {
    type: 'block_actions',
    team: { id: team, domain: 'elsewhere' },
    user: { id: 'U_ALICE', username: 'alice', team_id: team },
    api_app_id: appId,
    trigger_id: `click-${team}-${appId}`,
    response_url: bot.api.responseUrl(`click-${team}`),
    container: { type: 'message', message_ts: '1700000000.000100', channel_id: 'C_OPS' },
    channel: { id: 'C_OPS', name: 'ise-ops' },
    message: { type: 'message', ts: '1700000000.000100', text: 'x' },
    actions: [
      { type: 'button', action_id: 'ise:rerun', block_id: 'b', value: 'echo clicked', action_ts: '1' },
    ],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

test('with slack.teamIds and slack.appId set, a signed command or click from another workspace or app is acked and ignored', async (t) => {
  const bot = await startBot({ slack: RULE });
  t.teardown(() => bot.close());
  const foreign = [
    slashBody(bot.api, 'echo other-team', 'U_ALICE', { team_id: 'T2' }),
    slashBody(bot.api, 'echo other-app', 'U_ALICE', { api_app_id: 'A9' }),
    slashBody(bot.api, 'echo no-team', 'U_ALICE', { team_id: '' }),
    click(bot, 'T2'),
    click(bot, 'T1', 'A9'),
  ];
  for (const raw of foreign)
    t.is((await postSigned(bot.url, raw)).status, 200, 'acked, so Slack does not retry');
  await bot.adapter.idle();
  t.deepEqual(bot.runs, {}, 'nothing ran');
  t.deepEqual(bot.api.calls, [], 'nothing was posted');
  t.deepEqual(bot.api.responses, [], 'nothing was answered');
  t.is(
    bot.log.lines.filter((l) => l.includes('slack request from another workspace or app ignored')).length,
    5,
  );

  t.is((await postSigned(bot.url, slashBody(bot.api, 'echo home'))).status, 200);
  await postSigned(bot.url, click(bot, 'T1'));
  await bot.adapter.idle();
  t.deepEqual(bot.runs, { echo: 2 }, 'the allowed workspace still works, typed and clicked');
});

test('the workspace rule reads every shape Slack sends, and without a list any team passes', (t) => {
  t.is(workspaceRefusal({ team_id: 'T1', api_app_id: 'A1' }, RULE), undefined, 'slash command');
  t.is(workspaceRefusal({ team: { id: 'T1' }, api_app_id: 'A1' }, RULE), undefined, 'interactivity');
  t.is(
    workspaceRefusal({ type: 'event_callback', team_id: 'T2', api_app_id: 'A1' }, RULE),
    'team T2',
    'event',
  );
  t.is(
    workspaceRefusal({ team: null, enterprise: { id: 'E1' }, api_app_id: 'A1' }, { teamIds: ['E1'] }),
    undefined,
    'an org-wide install is allowed by its Enterprise Grid id',
  );
  t.is(workspaceRefusal({ api_app_id: 'A1' }, RULE), 'team (none)', 'no team named: refused');
  t.is(workspaceRefusal({ team_id: 'T9' }, {}), undefined, 'no rule: any workspace');
  t.is(workspaceRefusal({ team_id: 'T1' }, { appId: 'A1' }), 'api_app_id (none)');
});
