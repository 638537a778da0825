import { releaseKey } from '../src/checks/acks.js';
import { CATALOGUE } from '../src/checks/catalogue.js';
import { defaultCollect } from '../src/checks/collector.js';
import type { CollectSnapshot } from '../src/checks/engine.js';
import { UserError } from '../src/errors.js';
import { button, list, reply, section, text } from '../src/reply/build.js';
import { at, person } from '../src/reply/inline.js';
import type { Rich } from '../src/reply/model.js';
import { type Command, DEPLOYMENT_FLAG, defineCommand, flag } from './types.js';

/**
 * The items a person has to confirm, and who confirmed each and when. They are the catalogue's manual
 * items plus any check the last readiness run could only report as manual (no API on this release).
 * The release bounds the acks: it is read from ISE, else taken from the last run.
 */
export function createChecklistCommand(collect: CollectSnapshot): Command {
  return defineCommand({
    name: 'checklist',
    summary: 'Manual pre-upgrade items, with who confirmed each and when',
    usage: 'checklist [--deployment NAME]',
    examples: ['checklist', 'checklist --deployment prod'],
    role: 'viewer',
    sideEffects: 'none',
    flags: [DEPLOYMENT_FLAG],
    async run(ctx) {
      const access = ctx.services.deployments.get(flag(ctx, 'deployment'));
      const { store, clock } = ctx.services;
      const last = await store.runs.latest(access.name, new Date(clock().getTime() + 1));
      // Nothing but the release is needed: the collector reads it first, from REST or `show version`.
      const { release } = await collect(access, new Set(), { signal: ctx.signal, log: ctx.log, clock });
      const key = release.state === 'ok' ? releaseKey(release.value) : last?.release;
      const keyFrom =
        release.state === 'ok'
          ? 'ISE'
          : `the last readiness run; ISE did not say: ${release.state === 'error' ? release.error : release.reason}`;
      if (key === undefined) {
        throw new UserError(
          'checklist-release',
          `Cannot tell which release ${access.name} runs, so confirmations cannot be matched.`,
          {
            hint: 'Check the bot reaches the PAN (`nodes`), then try again.',
          },
        );
      }
      const acks = await store.acks.current(access.name, key);
      const manualLast = new Set(last?.findings.filter((f) => f.status === 'manual').map((f) => f.id) ?? []);
      const items = CATALOGUE.filter((c) => c.kind === 'manual' || manualLast.has(c.id));
      // A line per item (not a table): who confirmed it and when are a mention and a time in the
      // reader's zone, which table cells cannot carry.
      const lines = items.map((c): Rich => {
        const ack = acks.get(c.id);
        const item = `\`${c.id}\` ${c.title}`;
        return ack ? [`✔ ${item}: confirmed by `, person(ack.actor), ', ', at(ack.at)] : `☐ ${item}: not yet`;
      });
      const open = items.filter((c) => !acks.has(c.id));
      return reply('checklist', `Manual checklist for ${access.name}`, open.length > 0 ? 'info' : 'ok', {
        lead:
          open.length === 0
            ? `All ${items.length} items are confirmed for ISE ${key}.`
            : `${items.length - open.length} of ${items.length} items confirmed for ISE ${key}; ${open.length} to go.`,
        sections: [
          section(undefined, [
            list(lines),
            text(
              `Confirmations hold while ISE runs ${key} (from ${keyFrom}); an upgrade or patch clears them. \`check <id>\` says what each item asks.`,
            ),
          ]),
        ],
        actions: open.map((c) =>
          button(`ack:${c.id}`, `Acknowledge ${c.id}`, `ack ${c.id} --deployment ${access.name}`),
        ),
        context: { deployment: access.name },
        data: {
          deployment: access.name,
          release: key,
          items: items.map((c) => {
            const ack = acks.get(c.id);
            return {
              id: c.id,
              title: c.title,
              confirmed: ack !== undefined,
              ...(ack ? { by: ack.actor, at: ack.at.toISOString() } : {}),
            };
          }),
        },
      });
    },
  });
}

export const checklist = createChecklistCommand(defaultCollect);
