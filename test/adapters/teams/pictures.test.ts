import test, { type ExecutionContext } from 'ava';
import { IMAGES_PREFIX, ImageShelf } from '../../../adapters/http/images.js';
import { INLINE_IMAGE_BYTES, imageElements } from '../../../adapters/teams/card-image.js';
import type { ReplyImage } from '../../../src/reply/model.js';
import { channelMessage, postActivity } from '../../fakes/teams-activities.js';
import { FakeConnector } from '../../fakes/teams-connector.js';
import { startTestBot } from '../../helpers/bot.js';
import { certsCommand } from '../../helpers/cert-pictures.js';
import { pngHeader } from '../../helpers/png.js';
import { testServices } from '../../helpers/services.js';

type Element = Record<string, unknown>;

/** Teams without Bot Framework auth (local mode) over the real certs command; `publicUrl` as configured. */
async function setup(t: ExecutionContext, publicUrl: 'listener' | 'none') {
  const connector = new FakeConnector();
  const serviceUrl = await connector.start();
  const { services } = await testServices({ access: { viewers: ['*'] } });
  let url = '';
  const bot = await startTestBot({
    services,
    commands: [certsCommand()],
    teams: {
      config: { appId: '', allowUnauthenticated: true },
      retry: { baseMs: 10, maxMs: 50 },
      ...(publicUrl === 'listener' ? { publicUrl: () => url } : {}),
    },
  });
  url = bot.url;
  t.teardown(async () => {
    await bot.stop();
    await connector.close();
  });
  await postActivity(bot.url, channelMessage(serviceUrl, '<at>ISE</at> certs 365', 'alice-aad'));
  await connector.waitFor(() => connector.cards().length > 0);
  const card = connector.cards()[0]?.card as { body: Element[] };
  return { bot, card };
}

test('a certs card shows the timeline as an Image whose URL serves image/png from the bot’s listener', async (t) => {
  const { bot, card } = await setup(t, 'listener');
  const image = card.body.find((e) => e.type === 'Image');
  t.truthy(image, 'the card has an Image element');
  t.regex(String(image?.altText), /Timeline of 8 certificates of prod/);
  const url = String(image?.url);
  t.regex(url, new RegExp(`^${bot.url}${IMAGES_PREFIX}[0-9a-f]{32}\\.png$`));
  const response = await fetch(url);
  t.is(response.status, 200);
  t.is(response.headers.get('content-type'), 'image/png');
  const header = pngHeader(new Uint8Array(await response.arrayBuffer()));
  t.true(header.signature);
  t.true(header.width >= 1000);
  // Another id (or a path that is no id) is not served: the random id is the only key.
  t.is((await fetch(url.replace(/[0-9a-f]{32}/, '0'.repeat(32)))).status, 404);
  t.is((await fetch(`${bot.url}${IMAGES_PREFIX}..%2fhealthz`)).status, 404);
});

test('without http.publicUrl the card names the picture and where to see it instead', async (t) => {
  const { card } = await setup(t, 'none');
  t.false(card.body.some((e) => e.type === 'Image'));
  t.regex(JSON.stringify(card.body), /certificates\.png\) is not shown here.*http\.publicUrl.*--png FILE/);
});

const picture = (bytes: number): ReplyImage => ({
  name: 'p.png',
  title: 'P',
  alt: 'a picture',
  png: new Uint8Array(bytes),
  width: 1,
  height: 1,
});

test('a tiny picture rides in the card as a data: URI; a large one only by URL', (t) => {
  const [small] = imageElements([picture(INLINE_IMAGE_BYTES)]);
  t.regex(String(small?.url), /^data:image\/png;base64,/);
  const [large] = imageElements([picture(INLINE_IMAGE_BYTES + 1)]);
  t.is(large?.type, 'RichTextBlock');
});

test('the shelf keeps pictures for a bounded time and count, oldest out first', (t) => {
  let now = 0;
  const shelf = new ImageShelf({
    publicUrl: 'https://bot.example.com/',
    maxImages: 2,
    ttlMs: 1000,
    now: () => now,
  });
  const first = shelf.publish(picture(10));
  t.regex(String(first), /^https:\/\/bot\.example\.com\/images\/[0-9a-f]{32}\.png$/);
  shelf.publish(picture(10));
  shelf.publish(picture(10));
  t.is(shelf.size, 2, 'the oldest of three went');
  now = 1001;
  shelf.publish(picture(10));
  t.is(shelf.size, 1, 'the expired ones went');
  t.is(new ImageShelf({ publicUrl: undefined }).publish(picture(10)), undefined);
});
