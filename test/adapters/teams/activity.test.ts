import test from 'ava';
import {
  type ConversationRef,
  commandText,
  executeOf,
  lifecycleOf,
  storedReference,
  submitOf,
  type TeamsActivity,
  targetOf,
  threadOf,
} from '../../../adapters/teams/activity.js';
import { sealConfirmation } from '../../../adapters/teams/card-actions.js';
import { requiredVersion } from '../../../adapters/teams/card-version.js';
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

test('a card click (invoke adaptiveCard/action) is read from its namespaced data; other invokes are not clicks', (t) => {
  const data = { ise: { command: 'backup config --yes', action: 'confirm', nonce: 'n-1' } };
  const invoke = (name: string, value: unknown): TeamsActivity => ({ type: 'invoke', name, value });
  t.deepEqual(
    executeOf(invoke('adaptiveCard/action', { action: { type: 'Action.Execute', verb: 'confirm', data } })),
    {
      command: 'backup config --yes',
      action: 'confirm',
      nonce: 'n-1',
      verb: 'confirm',
    },
  );
  t.is(executeOf(invoke('adaptiveCard/action', { action: { verb: 'x', data: { other: 1 } } })), undefined);
  t.is(executeOf(invoke('signin/verifyState', { action: { data } })), undefined);
});

test("the rest of a reply goes into the first post's thread in a channel, and stays put in a thread or a chat", (t) => {
  const channel: ConversationRef = {
    channelId: 'msteams',
    serviceUrl: 'https://smba.example/',
    conversation: { id: '19:c@thread.tacv2', conversationType: 'channel' },
    bot,
  };
  t.is(threadOf(channel, 'root-1').conversation.id, '19:c@thread.tacv2;messageid=root-1');
  const inThread = {
    ...channel,
    conversation: { ...channel.conversation, id: '19:c@thread.tacv2;messageid=9' },
  };
  t.is(threadOf(inThread, 'root-1').conversation.id, '19:c@thread.tacv2;messageid=9');
  const chat = { ...channel, conversation: { id: 'a:1', conversationType: 'personal' } };
  t.is(threadOf(chat, 'root-1').conversation.id, 'a:1');
});

test('a card with an Action.Execute anywhere declares at least 1.4; Confirm and Cancel get the prompt id', (t) => {
  const execute = {
    type: 'Action.Execute',
    title: 'Confirm',
    data: { ise: { command: 'x --yes', action: 'confirm' } },
  };
  const card = { version: '1.2', body: [{ type: 'ActionSet', actions: [execute] }] };
  t.is(requiredVersion(card), '1.4');
  t.is(requiredVersion({ version: '1.2', body: [] }), '1.0');
  const sealed = sealConfirmation([card], 'n-7')[0];
  t.deepEqual(sealed?.body[0]?.actions[0]?.data, {
    ise: { command: 'x --yes', action: 'confirm', nonce: 'n-7' },
  });
  t.is(JSON.stringify(card).includes('nonce') ? 'stamped' : undefined, undefined, 'the input is not changed');
});
