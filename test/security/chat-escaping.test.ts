import test from 'ava';
import { renderReply } from '../../adapters/slack/blocks.js';
import { renderCards } from '../../adapters/teams/cards.js';
import { ADMIN, labBot } from './helpers.js';

/** Names an ISE admin (or someone with sponsor-portal rights) could give a sponsor group. */
const HOSTILE = [
  '<!channel> x',
  '<!here> Gäste',
  '<at>x</at> Empfang ü',
  '*bold* Réception',
  '<https://evil.example|click> é',
  '[click](https://evil.example) ñ',
  '<@U_ADMIN> ö',
];

/** Every string in a rendered message that Slack reads as mrkdwn. */
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) strings(v, out);
  return out;
}

/** Slack's special mentions, user mentions and links; the bot's own "<@U…> ran" heading is the one allowed. */
/** Links the bot makes itself (Cisco's guide, the PAN's admin pages) are markup by design; none other. */
const BOT_LINK_TARGETS =
  /https:\/\/(www\.cisco\.com\/c\/en\/us\/td\/docs\/security\/ise\/|ise-pan1\.corp\.example\.com:\d+\/admin\/)/;
const BOT_LINKS = new RegExp(`<${BOT_LINK_TARGETS.source}[^>|]*\\|[^>]*>`, 'g');
const slackMarkup = (s: string) =>
  /<!channel>|<!here>|<!everyone>|<@U_ADMIN>|<https?:[^>]*>|<at>/.test(
    s.replace(/<@U_ADMIN> (ran|clicked)/g, '').replace(BOT_LINKS, ''),
  );

/**
 * Card strings Teams could read as markup: `<at>` mentions anywhere; in the places Teams renders as
 * markdown (TextBlock text, FactSet titles and values) also tags, autolinks, an unescaped
 * `[text](url)` link or `*`. TextRuns are plain text, so brackets and stars are harmless there (and
 * Slack's `<!channel>` means nothing to Teams).
 */
function cardMarkup(card: unknown): string[] {
  const found: string[] = [];
  const botLinks = new RegExp(`\\[[^\\]]*\\]\\((${BOT_LINK_TARGETS.source})[^)]*\\)`, 'g');
  const markdownLink = /(?<!\\)\[[^\]]*(?<!\\)\]\(/;
  const walk = (value: unknown, markdown: boolean): void => {
    if (typeof value === 'string') {
      if (/<at>|<\/at>/.test(value)) found.push(value);
      else if (markdown && /<!channel>|<!here>|<https?:/.test(value)) found.push(value);
      else if (markdown && (markdownLink.test(value.replace(botLinks, '')) || /(?<!\\)\*bold/.test(value)))
        found.push(value);
    } else if (Array.isArray(value)) {
      for (const v of value) walk(v, markdown);
    } else if (value && typeof value === 'object') {
      const element = value as Record<string, unknown>;
      const md = element.type === 'TextBlock' || element.type === 'FactSet' || markdown;
      for (const v of Object.values(element)) walk(v, md);
    }
  };
  walk(card, false);
  return found;
}

async function hostileBot(t: import('ava').ExecutionContext) {
  return labBot(t, {
    plant: (scenario) => {
      scenario.sponsorGroups.push(...HOSTILE);
    },
  });
}

test('sponsor group names with Slack and Teams markup render as plain text in Block Kit and Adaptive Cards', async (t) => {
  const bot = await hostileBot(t);
  const reply = await bot.dispatcher.dispatch({
    platform: 'cli',
    user: 'cli',
    channel: 'cli',
    text: 'check sponsor-group-ascii',
  });
  t.is(reply.status, 'fail');
  const raw = JSON.stringify(reply);
  t.true(raw.includes('<!channel> x') || raw.includes('<!here> Gäste'), 'the names are in the neutral reply');

  const slack = renderReply(reply);
  const slackText = strings([slack.main, ...slack.thread, ...slack.details]);
  t.true(
    slackText.some((s) => s.includes('&lt;!here&gt; Gäste')),
    'shown, escaped',
  );
  t.deepEqual(slackText.filter(slackMarkup), []);

  const cards = renderCards(reply);
  t.true(
    strings(cards).some((s) => s.includes('Gäste')),
    'shown',
  );
  t.deepEqual(cardMarkup(cards), []);
});

test('posting a sponsor group named <!channel> x through the Slack and Teams adapters pings nobody', async (t) => {
  const bot = await hostileBot(t);
  const slack = await bot.slash('readiness', ADMIN);
  const sent = JSON.parse(slack.slice(slack.indexOf('\n') + 1)) as { calls: unknown[]; responses: unknown[] };
  const slackText = strings(sent);
  t.true(
    slackText.some((s) => s.includes('Gäste')),
    'the readiness report names the groups',
  );
  t.deepEqual(slackText.filter(slackMarkup), []);

  const teams = await bot.teams('check sponsor-group-ascii', 'viewer-aad');
  const posted = JSON.parse(teams) as unknown[];
  t.true(strings(posted).some((s) => s.includes('Gäste')));
  t.deepEqual(cardMarkup(posted), []);
});
