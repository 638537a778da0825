import test, { type ExecutionContext } from 'ava';
import { createSlackAdapter, type SlackAdapterOptions } from '../../../adapters/slack/adapter.js';
import { createDispatcher } from '../../../commands/dispatcher.js';
import { closeServices } from '../../../src/runtime.js';
import { FakeSlackApi } from '../../fakes/slack-api.js';
import { FakeSlackSocket } from '../../fakes/slack-socket.js';
import { APP_TOKEN, BOT_TOKEN, fakeCommands, makeServices, type Runs, SIGNING_SECRET } from './helpers.js';

/** The Slack adapter in Socket Mode over a fake Web API and socket (no reconnects); all closed at teardown. */
async function socketAdapter(
  t: ExecutionContext,
  options: { slack?: Record<string, unknown>; adapter?: Partial<SlackAdapterOptions> } = {},
) {
  const api = await new FakeSlackApi().listen();
  const socket = new FakeSlackSocket(api);
  const { services, log, slack } = await makeServices(api, {
    appToken: APP_TOKEN,
    ...(options.slack ? { slack: options.slack } : {}),
  });
  const adapter = createSlackAdapter({
    config: slack,
    log: services.log,
    botId: 'B_BOT',
    botUserId: 'U_BOT',
    postIntervalMs: 0,
    socket: { autoReconnectEnabled: false },
    ...options.adapter,
  });
  t.teardown(async () => {
    await adapter.stop();
    await socket.close();
    await api.close();
    await closeServices(services);
  });
  return { api, socket, services, log, adapter };
}

test('Socket Mode: /ise over the WebSocket is acked on the socket and the report posted', async (t) => {
  const runs: Runs = {};
  let release = () => {};
  const hold = new Promise<void>((resolve) => {
    release = resolve;
  });
  const { api, socket, services, log, adapter } = await socketAdapter(t, {
    adapter: { defaultDeployment: 'prod', progressIntervalMs: 20 },
  });
  t.is(adapter.mode, 'socket');
  await adapter.start(createDispatcher(fakeCommands(runs, 5, hold), services));
  await socket.connected();
  const [open] = api.callsOf('apps.connections.open');
  t.is(open?.token, APP_TOKEN, 'the app-level token opens the socket');

  // The ack must not wait for the job, which here runs until released.
  const ack = await socket.send({
    envelope_id: 'env-1',
    type: 'slash_commands',
    payload: {
      command: '/ise',
      text: 'readiness',
      user_id: 'U_ALICE',
      channel_id: 'C_OPS',
      team_id: 'T1',
      trigger_id: 'sock-trigger-1',
      response_url: api.responseUrl('sock1'),
      api_app_id: 'A1',
    },
  });
  t.is(ack.payload?.response_type, 'ephemeral');
  t.regex(String(ack.payload?.text), /^Running readiness on prod…/);
  t.notRegex(JSON.stringify(api.calls), /Readiness of prod/, 'no report yet: the ack came first');
  release();

  await adapter.idle();
  t.is(runs.readiness, 1);
  const summary = api.callsOf('chat.update').at(-1);
  t.is(summary?.token, BOT_TOKEN);
  t.regex(JSON.stringify(summary?.args.blocks), /Readiness of prod for 3.0/);
  for (const secret of [BOT_TOKEN, APP_TOKEN, SIGNING_SECRET]) t.false(log.text().includes(secret));
});

test('Socket Mode: with slack.teamIds set, a command from another workspace is acked on the socket and runs nothing', async (t) => {
  const runs: Runs = {};
  const { api, socket, services, adapter } = await socketAdapter(t, { slack: { teamIds: ['T1'] } });
  await adapter.start(createDispatcher(fakeCommands(runs, 5), services));
  await socket.connected();
  const command = (team: string, n: number) => ({
    envelope_id: `env-${team}`,
    type: 'slash_commands',
    payload: {
      command: '/ise',
      text: 'echo hi',
      user_id: 'U_ALICE',
      channel_id: 'C_OPS',
      team_id: team,
      trigger_id: `sock-ws-${n}`,
      response_url: api.responseUrl(`ws${n}`),
      api_app_id: 'A1',
    },
  });
  const foreign = await socket.send(command('T2', 1));
  t.is(foreign.envelope_id, 'env-T2', 'acked, so Slack does not redeliver it');
  await adapter.idle();
  t.deepEqual(runs, {});
  await socket.send(command('T1', 2));
  await adapter.idle();
  t.deepEqual(runs, { echo: 1 });
});
