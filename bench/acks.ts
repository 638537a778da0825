import type { RemoteLab } from './lab-client.js';
import { slash, withSlackBot } from './slack.js';
import { percentile } from './stats.js';

export interface AckRun {
  samples: number;
  failed: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** From the `/ise readiness` request to its report in Slack (includes Slack's 1 msg/s pacing). */
  readinessMs: number;
  /** The bot process's peak RSS (VmHWM), when the OS tells it. */
  peakRssMb: number | undefined;
}

const READINESS_CHANNEL = 'C_READY';

/**
 * The bot as users run it (`ise-chatops start`, compiled, its own process) with Slack's Web API faked
 * in this process. One `/ise readiness` starts, then a signed `/ise nodes` every `intervalMs` (open
 * loop: a slow ack never delays the next request) until the readiness report is posted. Each `nodes`
 * job joins the readiness read in flight (one read per deployment at a time) and posts its reply to Slack.
 */
export async function ackRun(lab: RemoteLab, labConfig: Record<string, unknown>, intervalMs: number) {
  // Requests come from a few users faster than the chat limits allow; the bench measures acks.
  const limits = { perUserPerMinute: 100_000, perChannelPerMinute: 100_000 };
  return withSlackBot(lab, labConfig, { storeFile: 'bot.db', extra: { limits } }, async (bot, api) => {
    const reported = () =>
      api.calls.some(
        (c) => c.args.channel === READINESS_CHANNEL && /readiness of/i.test(String(c.args.text ?? '')),
      );
    const started = performance.now();
    const first = await slash(bot.url, api.responseUrl('ready'), 'readiness', READINESS_CHANNEL, 'U_ADMIN0');
    const pending: Array<Promise<{ status: number; ms: number }>> = [];
    // Channels differ so the nodes replies do not queue behind each other in Slack's per-channel pacing.
    for (let i = 0; !reported() && performance.now() - started < 120_000; i++) {
      pending.push(slash(bot.url, api.responseUrl(`n${i}`), 'nodes', `C_ACK${i}`, `U_ADMIN${i % 5}`));
      await new Promise((r) => setTimeout(r, intervalMs));
    }
    const readinessMs = performance.now() - started;
    const results = [first, ...(await Promise.all(pending))];
    const ok = results.filter((r) => r.status === 200).map((r) => r.ms);
    return {
      samples: results.length,
      failed: results.length - ok.length,
      p50Ms: percentile(ok, 50),
      p99Ms: percentile(ok, 99),
      maxMs: Math.max(...ok),
      readinessMs,
      peakRssMb: bot.peakRssMb(),
    } satisfies AckRun;
  });
}
