import type { DigestReadiness } from '../../scheduler/digest.js';
import { runReadiness } from '../../src/checks/run.js';
import { parseConfig } from '../../src/config/load.js';
import type { Snapshot } from '../../src/ise/snapshot/types.js';
import type { Reply } from '../../src/reply/model.js';
import type { Poster, PostOptions, PostResult } from '../../src/reply/post.js';
import { closeServices, createServices } from '../../src/runtime.js';
import type { Services } from '../../src/services.js';
import { capturingLogger } from '../helpers/services.js';
import { freshStoreUrl } from '../helpers/stores.js';

/** A clock the test moves by hand; nothing in the scheduler reads the real one. */
export class FakeClock {
  #now: Date;
  constructor(iso: string) {
    this.#now = new Date(iso);
  }
  readonly now = (): Date => new Date(this.#now);
  set(at: Date | string): void {
    this.#now = new Date(at);
  }
  advance(ms: number): void {
    this.#now = new Date(this.#now.getTime() + ms);
  }
}

export interface Posted {
  target: string;
  reply: Reply;
  options: PostOptions;
  /** The clock when it was posted. */
  at: Date;
  thread: string;
}

/** Records every post; targets in `failing` throw the way an archived channel does. */
export class RecordingPoster implements Poster {
  readonly posts: Posted[] = [];
  readonly failing = new Set<string>();
  #n = 0;
  constructor(private readonly clock: () => Date) {}

  async post(target: string, reply: Reply, options: PostOptions = {}): Promise<PostResult> {
    if (this.failing.has(target)) throw new Error(`channel_not_found: ${target}`);
    const thread = options.thread ?? `ts-${++this.#n}`;
    this.posts.push({ target, reply, options, at: this.clock(), thread });
    return { thread };
  }

  to(target: string): Posted[] {
    return this.posts.filter((p) => p.target === target);
  }
}

export interface Harness {
  services: Services;
  logs: string[];
}

/** Services over a real store (a SQLite file unless `storeUrl` names another), the fake clock and captured logs. */
export async function harness(
  clock: FakeClock,
  options: { storeUrl?: string; schedules?: unknown[]; config?: Record<string, unknown> } = {},
): Promise<Harness & { storeUrl: string }> {
  const storeUrl = options.storeUrl ?? (await freshStoreUrl('sqlite'));
  const loaded = parseConfig(
    {
      deployments: [
        {
          name: 'prod',
          pan: 'ise-pan1.example.com',
          rest: { username: 'reader', password: 'Rest-Secret-1' },
        },
      ],
      store: { url: storeUrl },
      schedules: options.schedules ?? [],
      ...options.config,
    },
    {},
    undefined,
    process.cwd(),
  );
  const { log, lines: logs } = capturingLogger(loaded.redactor);
  const services = await createServices(loaded, { log, clock: clock.now });
  return { services, logs, storeUrl };
}

export const close = (h: Harness) => closeServices(h.services);

/** The real readiness service over a snapshot the test controls (no ISE). */
export function readinessOver(services: Services, snapshot: () => Snapshot): DigestReadiness {
  return (deployment, signal) =>
    runReadiness({
      services,
      collect: async () => snapshot(),
      deployment,
      actor: 'scheduler',
      trigger: 'schedule',
      record: true,
      signal,
    });
}

/** A subscription: the readiness digest of prod at 08:00 Berlin time on weekdays, in slack:C1. */
export const weekdayDigest = {
  kind: 'readiness' as const,
  deployment: 'prod',
  cron: '0 8 * * 1-5',
  timezone: 'Europe/Berlin',
  channel: 'slack:C1',
};

export const DAY = 86_400_000;
export const HOUR = 3_600_000;

/** The local wall-clock time of an instant in a zone, `2026-03-29 08:00`. */
export function localTime(at: Date, timezone: string): string {
  const f = new Intl.DateTimeFormat('sv-SE', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  return f.format(at);
}
