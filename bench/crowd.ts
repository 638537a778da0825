import type { RemoteLab } from './lab-client.js';
import { slash, withSlackBot } from './slack.js';

export interface CrowdRun {
  users: number;
  /** One `/ise readiness` alone, from the request to its report in Slack. */
  oneMs: number;
  /** `users` people asking at once: from the requests to the last of their reports in Slack. */
  lastMs: number;
  /** Reports that reached their own channel (of `users`). */
  answered: number;
  /** SSH logins per node the lab saw while the crowd's reports were made. */
  logins: Record<string, number>;
  failedAcks: number;
  /** The bot process's peak RSS (VmHWM) over both, when the OS tells it. */
  peakRssMb: number | undefined;
}

const GIVE_UP_MS = 300_000;

/**
 * "20 users at once" (issue 17): the compiled bot in its own process, Slack faked here. First one
 * `/ise readiness` alone, timed to its report; then `users` people each type it in their own channel at
 * the same moment. Their requests share one read of ISE (one login per node), and each report is posted
 * to the channel it was asked in; the figure is the wall time to the last one against the lone run.
 */
export async function crowdRun(
  lab: RemoteLab,
  labConfig: Record<string, unknown>,
  users = 20,
): Promise<CrowdRun> {
  return withSlackBot(lab, labConfig, { storeFile: 'crowd.db' }, async (bot, api) => {
    const reported = (channel: string) =>
      api.calls.some((c) => c.args.channel === channel && /readiness of/i.test(String(c.args.text ?? '')));
    /** Asks in each channel at once; resolves with the ms until every one of them has its report. */
    const ask = async (channels: string[]) => {
      const started = performance.now();
      const acks = await Promise.all(
        channels.map((channel, i) =>
          slash(bot.url, api.responseUrl(channel), 'readiness', channel, `U_${channel}_${i}`),
        ),
      );
      while (!channels.every(reported) && performance.now() - started < GIVE_UP_MS)
        await new Promise((r) => setTimeout(r, 20));
      return { ms: performance.now() - started, failedAcks: acks.filter((a) => a.status !== 200).length };
    };
    await lab.reset();
    const one = await ask(['C_ALONE']);
    await lab.reset();
    const channels = Array.from({ length: users }, (_, i) => `C_CROWD${i}`);
    const crowd = await ask(channels);
    const stats = await lab.stats();
    return {
      users,
      oneMs: one.ms,
      lastMs: crowd.ms,
      answered: channels.filter(reported).length,
      logins: Object.fromEntries(Object.entries(stats.ssh).map(([node, s]) => [node, s.logins])),
      failedAcks: one.failedAcks + crowd.failedAcks,
      peakRssMb: bot.peakRssMb(),
    };
  });
}
