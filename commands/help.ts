import { UsageError } from '../src/errors.js';
import { list, reply, section, table, text } from '../src/reply/build.js';
import { sentences } from '../src/reply/text.js';
import { resolveRole, roleAllows } from './roles.js';
import { closest } from './suggest.js';
import { type Command, defineCommand, type Role } from './types.js';

/** Generated from the command definitions: what the caller may run, or one command in full. */
export const help = defineCommand({
  name: 'help',
  summary: 'List the commands you may run, or explain one',
  usage: 'help [COMMAND]',
  examples: ['help', 'help readiness'],
  role: 'viewer',
  sideEffects: 'none',
  args: { min: 0, max: 1, names: 'COMMAND' },
  async run(ctx) {
    const [name] = ctx.args;
    if (name !== undefined) return commandHelp(ctx.commands, name.toLowerCase());
    const role = resolveRole(ctx.services.config.access, ctx.invocation);
    const allowed = ctx.commands.filter((c) => roleAllows(role, c.role));
    return reply('help', 'ISE bot commands', 'info', {
      lead: 'Type them after /ise in Slack, or to the bot in Teams. `help COMMAND` explains one.',
      sections: [
        section(undefined, [
          table(
            ['Command', 'What it does'],
            allowed.map((c) => [c.usage, c.summary]),
          ),
        ]),
      ],
    });
  },
});

function commandHelp(commands: readonly Command[], name: string) {
  const command = commands.find((c) => c.name === name);
  if (!command) {
    const guess = closest(
      name,
      commands.map((c) => c.name),
    );
    throw new UsageError(
      `There is no command \`${name}\`.`,
      guess ? `Did you mean \`${guess}\`?` : undefined,
    );
  }
  const flags = (command.flags ?? []).map(
    (f) => `--${f.name}${f.value ? ` ${f.value}` : ''}: ${f.description}`,
  );
  return reply('help', command.usage, 'info', {
    lead: command.summary,
    sections: [
      section('Examples', [list(command.examples)]),
      ...(flags.length > 0 ? [section('Options', [list(flags)])] : []),
      section(undefined, [text(roleText(command))]),
    ],
  });
}

/** The forms of a command (verb and first argument of its examples) by the role each needs. */
export function formRoles(command: Command): Map<Role, string[]> {
  const byRole = new Map<Role, string[]>();
  for (const example of command.examples) {
    const args = example.split(/\s+/).slice(1);
    const role = command.roleFor?.(args) ?? command.role;
    // Only the verb's sub-command names a form (`backup status`); other arguments are values.
    const form = command.roleFor ? [command.name, ...args.slice(0, 1)].join(' ') : command.name;
    const forms = byRole.get(role) ?? [];
    if (!forms.includes(form)) forms.push(form);
    byRole.set(role, forms);
  }
  return byRole;
}

/**
 * The role each form needs, as the dispatcher decides it (`roleFor` over the examples): `backup status`
 * needs the viewer role, `backup config` the operator role.
 */
function roleText(command: Command): string {
  const byRole = formRoles(command);
  const confirms = (form: string) =>
    command.sideEffects === 'ise' && (command.confirm?.when?.(form.split(' ').slice(1)) ?? true);
  if (byRole.size <= 1) {
    const [role = command.role] = byRole.keys();
    const all = [...byRole.values()].flat();
    return sentences([
      `Needs the ${role} role`,
      all.length > 0 && all.every(confirms) && 'Changes something on ISE; asks for confirmation first',
    ]);
  }
  return sentences(
    [...byRole].map(([role, forms]) => {
      const one = forms.length === 1;
      const names = forms.map((f) => `\`${f}\``).join(', ');
      const change = forms.every(confirms)
        ? `, ${one ? 'changes' : 'change'} something on ISE and ${one ? 'asks' : 'ask'} for confirmation first`
        : '';
      return `${names} ${one ? 'needs' : 'need'} the ${role} role${change}`;
    }),
  );
}
