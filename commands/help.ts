import { UsageError } from '../src/errors.js';
import { list, reply, section, table, text } from '../src/reply/build.js';
import { resolveRole, roleAllows } from './roles.js';
import { closest } from './suggest.js';
import { type Command, defineCommand } from './types.js';

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
            ['command', 'what it does'],
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
      section(undefined, [
        text(
          `Needs the ${command.role} role.${command.sideEffects === 'ise' ? ' Changes something on ISE; asks for confirmation.' : ''}`,
        ),
      ]),
    ],
  });
}
