import { UsageError, UserError } from '../src/errors.js';
import { hostnameOf } from '../src/ise/access.js';
import { list, reply, section, text } from '../src/reply/build.js';
import { at, person } from '../src/reply/inline.js';
import { type Command, type CommandContext, DEPLOYMENT_FLAG, defineCommand, flag } from './types.js';

const isForget = (args: readonly string[]) => args[0]?.toLowerCase() === 'forget';

/**
 * `hostkeys` lists each node's SSH host key the bot holds (pinned in the config or trusted on first use);
 * `hostkeys forget <node>` drops a key trusted on first use so that the node's next connection trusts
 * the key it then presents: how an admin accepts a node's genuinely new key after a refusal.
 */
export const hostkeys: Command = defineCommand({
  name: 'hostkeys',
  summary:
    "SSH host keys the bot trusts per node; `forget <node>` (admin) drops one trusted on first use so the node's new key is accepted",
  usage: 'hostkeys [forget <node>] [--deployment NAME]',
  examples: ['hostkeys', 'hostkeys forget ise-pan1', 'hostkeys forget ise-psn2 --deployment prod'],
  role: 'viewer',
  roleFor: (args) => (isForget(args) ? 'admin' : 'viewer'),
  sideEffects: 'store',
  confirm: {
    when: isForget,
    prompt: (ctx) =>
      `Forget the stored SSH host key of ${ctx.args[1] ?? 'that node'}? Its next connection trusts whatever key it presents, so first check the new key on the node's console.`,
  },
  args: { min: 0, max: 2, names: '[forget NODE]' },
  flags: [DEPLOYMENT_FLAG],
  async run(ctx) {
    const [form, node] = ctx.args;
    if (form === undefined) return listKeys(ctx);
    if (!isForget(ctx.args)) {
      throw new UsageError(
        `\`hostkeys ${form}\` is not a form of the command.`,
        'Usage: hostkeys [forget <node>]',
      );
    }
    if (node === undefined) throw new UsageError('Name the node: `hostkeys forget <node>`.');
    return forgetKey(ctx, hostnameOf(node));
  },
});

async function listKeys(ctx: CommandContext) {
  const access = ctx.services.deployments.get(flag(ctx, 'deployment'));
  const pinned = Object.entries(access.config.ssh?.hostKeys ?? {});
  const stored = await ctx.services.store.hostKeys.list(access.name);
  /** `since` is when a key was trusted on first use; a pinned key has none. */
  const keys: Array<{ node: string; fingerprint: string; since?: Date }> = [
    ...pinned.map(([node, fingerprint]) => ({ node, fingerprint })),
    ...stored
      .filter((k) => !pinned.some(([node]) => hostnameOf(node) === k.hostname))
      .map((k) => ({ node: k.hostname, fingerprint: k.fingerprint, since: k.at })),
  ].sort((a, b) => a.node.localeCompare(b.node));
  const tofu = access.config.ssh?.acceptUnknownHostKeys === true;
  return reply(
    'hostkeys',
    `${keys.length} SSH host key${keys.length === 1 ? '' : 's'} for ${access.name}`,
    'info',
    {
      lead: tofu
        ? 'Unknown nodes are trusted on first use (ssh.acceptUnknownHostKeys) and their key is stored here; a changed key is refused.'
        : 'Only these keys are accepted (ssh.acceptUnknownHostKeys is off); a node without one is refused.',
      sections:
        keys.length === 0
          ? []
          : [
              // A line per key: "since" is a time in the reader's zone, which a table cell cannot carry.
              section(undefined, [
                list(
                  keys.map((k) =>
                    k.since === undefined
                      ? `${k.node} · \`${k.fingerprint}\` · pinned in the config`
                      : [`${k.node} · \`${k.fingerprint}\` · trusted on first use, `, at(k.since)],
                  ),
                ),
              ]),
            ],
      context: { deployment: access.name },
      data: {
        hostKeys: keys.map((k) => ({
          node: k.node,
          fingerprint: k.fingerprint,
          source: k.since === undefined ? 'config' : 'first-use',
          since: k.since?.toISOString() ?? null,
        })),
      },
    },
  );
}

async function forgetKey(ctx: CommandContext, node: string) {
  const access = ctx.services.deployments.get(flag(ctx, 'deployment'));
  const { store, clock } = ctx.services;
  const audit = (outcome: 'ok' | 'refused', detail: string) =>
    store.audit.append({
      at: clock(),
      actor: ctx.invocation.user,
      action: 'hostkeys.forget',
      target: `${access.name}/${node}`,
      outcome,
      detail,
      correlationId: ctx.correlationId,
    });
  const pins = access.config.ssh?.hostKeys ?? {};
  if (Object.keys(pins).some((pinned) => hostnameOf(pinned) === node)) {
    await audit('refused', 'pinned in the config');
    throw new UserError('hostkey-pinned', `The SSH host key of ${node} is pinned in the bot's config.`, {
      hint: `Change ssh.hostKeys.${node} for deployment ${access.name} there and restart the bot; chat cannot change the config.`,
    });
  }
  const forgotten = await store.hostKeys.forget(access.name, node);
  if (forgotten === undefined) {
    await audit('refused', 'no stored key');
    throw new UserError('hostkey-unknown', `No SSH host key is stored for ${node} in ${access.name}.`, {
      hint: '`hostkeys` lists the stored keys.',
    });
  }
  await audit('ok', `forgot ${forgotten}`);
  ctx.log.warn({ deployment: access.name, node, fingerprint: forgotten }, 'SSH host key forgotten');
  return reply('hostkeys', `Forgot the SSH host key of ${node}`, 'ok', {
    lead:
      access.config.ssh?.acceptUnknownHostKeys === true
        ? `Removed ${forgotten} for ${node} (${access.name}). The next connection to ${node} trusts the key it presents and stores it.`
        : `Removed ${forgotten} for ${node} (${access.name}). With ssh.acceptUnknownHostKeys off, ${node} is refused until its key is pinned under ssh.hostKeys.`,
    sections: [section(undefined, [text(['Forgotten by ', person(ctx.invocation.user), '.'])])],
    context: { deployment: access.name },
    data: { forgotten: { deployment: access.name, node, fingerprint: forgotten } },
  });
}
