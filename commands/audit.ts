import { UsageError } from '../src/errors.js';
import { list, reply, section, text } from '../src/reply/build.js';
import { at, person } from '../src/reply/inline.js';
import { defineCommand } from './types.js';

export const audit = defineCommand({
  name: 'audit',
  summary: 'The latest audit log entries: side effects and refusals',
  usage: 'audit [N]',
  examples: ['audit', 'audit 50'],
  role: 'admin',
  sideEffects: 'none',
  args: { min: 0, max: 1, names: 'N' },
  async run(ctx) {
    const raw = ctx.args[0] ?? '20';
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || n < 1 || n > 200)
      throw new UsageError('N must be a number from 1 to 200.', 'Usage: audit [N]');
    const entries = await ctx.services.store.audit.latest(n);
    return reply(
      'audit',
      entries.length === 1 ? 'The latest audit entry' : `Latest ${entries.length} audit entries`,
      'info',
      {
        sections: [
          // One line per entry rather than a table: its time and person are for each reader's platform
          // to render (their zone, a mention), which table cells cannot carry.
          section(undefined, [
            entries.length === 0
              ? text('No entries yet.')
              : list(
                  entries.map((e) => [
                    at(e.at),
                    ' · ',
                    person(e.actor),
                    ` · ${e.action}${e.target ? ` ${e.target}` : ''} · ${e.outcome}${e.detail ? `: ${e.detail}` : ''}`,
                  ]),
                ),
          ]),
        ],
        data: { entries },
      },
    );
  },
});
