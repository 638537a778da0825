import type { Command } from './types.js';

/** The README's command table, generated from the definitions (a test keeps the README in step). */
export function commandTable(commands: readonly Command[]): string {
  const rows = commands.map(
    (c) => `| \`${c.usage}\` | ${c.summary} | ${c.role} | ${c.examples.map((e) => `\`${e}\``).join(', ')} |`,
  );
  return ['| command | what it does | role | examples |', '|---|---|---|---|', ...rows].join('\n');
}
