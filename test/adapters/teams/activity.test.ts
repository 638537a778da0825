import test from 'ava';
import {
  commandText,
  lifecycleOf,
  storedReference,
  submitOf,
  type TeamsActivity,
  targetOf,
} from '../../../adapters/teams/activity.js';
import { parseRetryAfter } from '../../../adapters/teams/sdk.js';

const bot = { id: '28:bot', name: 'ISE' };
const mention = { type: 'mention', text: '<at>ISE</at>', mentioned: { id: '28:bot' } };
const message = (text: string, extra: Partial<TeamsActivity> = {}): TeamsActivity => ({
  type: 'message',
  text,
  recipient: bot,
  entities: [mention],
  ...extra,
});

test('the bot mention is stripped and the /ise prefix left to the dispatcher', (t) => {
  t.is(commandText(message('<at>ISE</at> readiness')), 'readiness');
  t.is(commandText(message('<at>ISE</at>&nbsp;ise readiness --target 3.0\n')), 'ise readiness --target 3.0');
  t.is(commandText(message('/ise readiness', { entities: [] })), '/ise readiness');
  t.is(commandText(message('<at>Old Name</at> nodes', { entities: [] })), 'nodes');
  t.is(
    commandText(
      message('ack x <at>Bob</at>', {
        entities: [{ type: 'mention', text: '<at>Bob</at>', mentioned: { id: '29:bob' } }],
      }),
    ),
    'ack x <at>Bob</at>',
    "another person's mention is not the bot's",
  );
});

test('a channel is one target whatever thread a message came from', (t) => {
  t.is(
    targetOf({ type: 'message', conversation: { id: '19:c@thread.tacv2;messageid=17' } }),
    'teams:19:c@thread.tacv2',
  );
  t.is(targetOf({ type: 'message', conversation: { id: 'a:1personal' } }), 'teams:a:1personal');
  const stored = storedReference({
    channelId: 'msteams',
    serviceUrl: 'https://smba.example/',
    conversation: { id: '19:c@thread.tacv2;messageid=17' },
    bot,
    user: { id: '29:u' },
    activityId: '17',
  });
  t.deepEqual(stored, {
    channelId: 'msteams',
    serviceUrl: 'https://smba.example/',
    conversation: { id: '19:c@thread.tacv2' },
    bot,
  });
});

test('card submits are read from their namespaced value only', (t) => {
  t.deepEqual(
    submitOf(message('', { value: { ise: { command: 'backup config --yes', action: 'confirm' } } })),
    {
      command: 'backup config --yes',
      action: 'confirm',
    },
  );
  t.is(submitOf(message('', { value: { command: 'backup' } })), undefined);
  t.is(submitOf(message('readiness')), undefined);
});

test('installs and removals are recognised for the bot only', (t) => {
  t.is(lifecycleOf({ type: 'installationUpdate', action: 'add', recipient: bot }), 'added');
  t.is(lifecycleOf({ type: 'installationUpdate', action: 'remove', recipient: bot }), 'removed');
  t.is(
    lifecycleOf({ type: 'conversationUpdate', recipient: bot, membersAdded: [{ id: '29:someone' }] }),
    undefined,
  );
  t.is(lifecycleOf({ type: 'conversationUpdate', recipient: bot, membersRemoved: [bot] }), 'removed');
  t.is(
    lifecycleOf({ type: 'conversationUpdate', recipient: bot, channelData: { eventType: 'teamDeleted' } }),
    'removed',
  );
});

test('Retry-After is read as seconds or as a date', (t) => {
  t.is(parseRetryAfter('2'), 2000);
  t.is(parseRetryAfter(new Date(10_000).toUTCString(), 4000), 6000);
  t.is(parseRetryAfter(undefined), undefined);
});
