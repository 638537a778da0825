import { formRoles } from './help.js';
import type { Command } from './types.js';

/** The role column: one role, or each form's where they differ (`backup status` reads, `backup config` runs). */
function roleCell(command: Command): string {
  const byRole = formRoles(command);
  if (byRole.size <= 1) return command.role;
  return [...byRole]
    .map(([role, forms]) => `${role} (${forms.map((f) => `\`${f}\``).join(', ')})`)
    .join(', ');
}

/** The README's command table, generated from the definitions (a test keeps the README in step). */
export function commandTable(commands: readonly Command[]): string {
  // A `|` inside a cell (`backup config|operational`) would end the cell in Markdown.
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  const rows = commands.map(
    (c) =>
      `| \`${cell(c.usage)}\` | ${cell(c.summary)} | ${cell(roleCell(c))} | ${c.examples.map((e) => `\`${cell(e)}\``).join(', ')} |`,
  );
  return ['| command | what it does | role | examples |', '|---|---|---|---|', ...rows].join('\n');
}
