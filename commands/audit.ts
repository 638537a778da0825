import { UsageError } from '../src/errors.js';
import { reply, section, table } from '../src/reply/build.js';
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
          section(undefined, [
            table(
              ['When', 'Who', 'What', 'Target', 'Outcome', 'Detail'],
              entries.map((e) => [
                `${e.at.toISOString().replace('T', ' ').slice(0, 19)} UTC`,
                e.actor,
                e.action,
                e.target ?? '',
                e.outcome,
                e.detail ?? '',
              ]),
            ),
          ]),
        ],
        data: { entries },
      },
    );
  },
});
