import type { App, RespondFn, SlashCommand } from '@slack/bolt';
import { newCorrelationId } from '../../commands/dispatcher.js';
import type { Invocation } from '../../commands/types.js';
import { escapeMrkdwn } from './mrkdwn.js';
import { deliverReply, type Runtime, startProgress } from './runtime.js';

/**
 * `/ise <text>`: ack within Slack's 3 s with a short ephemeral line, then run the command as a job and
 * post its reply in the channel. The ack never waits for the dispatcher, whatever the command.
 */
export function registerSlashCommand(app: App, rt: Runtime): void {
  app.command('/ise', async ({ command, ack, respond, context }) => {
    if (command.trigger_id && rt.dedupe.repeat(`command:${command.trigger_id}`)) {
      rt.log.info(
        { retryNum: context.retryNum, user: command.user_id },
        'duplicate slash command delivery ignored',
      );
      await ack();
      return;
    }
    const correlationId = newCorrelationId();
    // ack() writes the HTTP response synchronously; the job is tracked in the same tick, so nobody who
    // has seen the 200 can find the adapter idle before the job exists.
    const acked = ack({ response_type: 'ephemeral', text: ackText(rt, command.text, correlationId) });
    rt.track(acked.then(() => runCommand(rt, command, respond, correlationId)));
    await acked;
  });
}

async function runCommand(rt: Runtime, command: SlashCommand, respond: RespondFn, correlationId: string) {
  const channel = command.channel_id;
  const invocation: Invocation = {
    platform: 'slack',
    user: `slack:${command.user_id}`,
    channel: `slack:${channel}`,
    text: command.text,
  };
  const heading = `<@${command.user_id}> ran \`/ise ${escapeMrkdwn(command.text.trim())}\``;
  const progress = startProgress(rt, channel, heading);
  try {
    const reply = await rt.dispatcher().dispatch(invocation, {
      progress: (line) => progress.push(line),
      correlationId,
    });
    const replaceTs = await progress.close();
    await deliverReply(rt, reply, { channel, replaceTs, respond });
  } catch (error) {
    await progress.close();
    rt.log.error({ err: error, correlationId }, 'slash command delivery failed');
  }
}

/** "Running readiness on prod… (ref 1a2b3c4d)": what the person sees within a second of pressing enter. */
function ackText(rt: Runtime, text: string, correlationId: string): string {
  const command = rt.dispatcher().resolve(text);
  if (!command) return `Working on \`${escapeMrkdwn(text.trim() || 'help')}\`…`;
  const takesDeployment = (command.flags ?? []).some((f) => f.name === 'deployment');
  const deployment = takesDeployment ? (deploymentFlag(text) ?? rt.defaultDeployment) : undefined;
  const on = deployment ? ` on ${escapeMrkdwn(deployment)}` : '';
  return `Running ${command.name}${on}… (ref ${correlationId})`;
}

function deploymentFlag(text: string): string | undefined {
  return /--deployment(?:=|\s+)(\S+)/.exec(text)?.[1];
}
