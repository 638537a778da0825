import test from 'ava';
import { FakeSlackApi } from '../../fakes/slack-api.js';
import { startTestBot } from '../../helpers/bot.js';
import { certsCommand } from '../../helpers/cert-pictures.js';
import { pngHeader } from '../../helpers/png.js';
import { makeServices, postSigned, slashBody } from './helpers.js';

test('`/ise certs 365` uploads the timeline PNG with files.uploadV2 into the thread of the certs reply', async (t) => {
  const api = await new FakeSlackApi().listen();
  const { services } = await makeServices(api);
  const bot = await startTestBot({
    services,
    commands: [certsCommand()],
    slack: { botId: 'B_BOT', botUserId: 'U_BOT', postIntervalMs: 0, progressIntervalMs: 20 },
  });
  t.teardown(async () => {
    await bot.stop();
    await api.close();
  });
  await postSigned(`${bot.url}/slack/events`, slashBody(api, 'certs 365'));
  await bot.slack?.idle();

  // The reply replaced its progress line (or was posted): its ts is the thread the picture goes into.
  const updated = api.callsOf('chat.update').at(-1);
  const posted = api.callsOf('chat.postMessage').find((c) => c.args.thread_ts === undefined);
  const summary = updated?.args ?? posted?.args;
  const ts = updated?.args.ts ?? posted?.result?.ts;
  t.regex(String(summary?.text), /8 certificates in prod expire within 365 days/);
  const [asked] = api.callsOf('files.getUploadURLExternal');
  t.is(asked?.args.filename, 'certificates.png');
  t.regex(String(asked?.args.alt_text), /Timeline of 8 certificates of prod/);
  const [complete] = api.callsOf('files.completeUploadExternal');
  t.is(complete?.args.channel_id, 'C_OPS');
  t.truthy(ts);
  t.is(complete?.args.thread_ts, ts, 'in the thread of the certs reply');
  const upload = api.uploads.find((u) => u.filename === 'certificates.png');
  t.truthy(upload, 'the bytes went to the upload URL');
  const header = pngHeader(upload?.data ?? Buffer.alloc(24));
  t.true(header.signature, 'the uploaded file is a PNG');
  t.true(header.width >= 1000 && header.height >= 150);
  t.is(Number(asked?.args.length), upload?.data.length ?? -1);
});
