import type { Command } from './types.js';

/** The README's command table, generated from the definitions (a test keeps the README in step). */
export function commandTable(commands: readonly Command[]): string {
  // A `|` inside a cell (`backup config|operational`) would end the cell in Markdown.
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  const rows = commands.map(
    (c) =>
      `| \`${cell(c.usage)}\` | ${cell(c.summary)} | ${c.role} | ${c.examples.map((e) => `\`${cell(e)}\``).join(', ')} |`,
  );
  return ['| command | what it does | role | examples |', '|---|---|---|---|', ...rows].join('\n');
}
