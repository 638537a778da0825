import type { BackupEvent } from '../ise/cli/parsers/index.js';
import type { Clock } from '../util/time.js';

export interface ProgressOptions {
  /** Fewest milliseconds between two updates: chat platforms rate-limit message edits (default 3 s). */
  minIntervalMs: number;
  /** A "still running" line this often when nothing else changed (default 60 s). */
  heartbeatMs: number;
}

export const DEFAULT_PROGRESS: ProgressOptions = { minIntervalMs: 3_000, heartbeatMs: 60_000 };

/**
 * Turns backup events into the few lines `ctx.progress` shows: one per stage, no faster than
 * `minIntervalMs` (the newest state wins), and a heartbeat so an hour-long backup visibly lives.
 */
export class BackupProgress {
  readonly #started: number;
  #stage = 'starting';
  #percent: number | undefined;
  #lastSent = 0;
  #pending: NodeJS.Timeout | undefined;
  readonly #heartbeat: NodeJS.Timeout;
  /** Every line sent, for the final reply's stage list. */
  readonly stages: string[] = [];

  constructor(
    private readonly label: string,
    private readonly report: (text: string) => void,
    private readonly clock: Clock,
    private readonly options: ProgressOptions = DEFAULT_PROGRESS,
  ) {
    this.#started = clock().getTime();
    this.#heartbeat = setInterval(() => this.#beat(), options.heartbeatMs);
    this.#heartbeat.unref();
  }

  /** A sentence about the run, outside the stage flow (started, reconnecting, following ISE). */
  note(text: string): void {
    this.#send(`${this.label}: ${text}`);
  }

  event(event: BackupEvent): void {
    if (event.kind === 'started') this.#update('file', `creating ${event.file}`, undefined);
    else if (event.kind === 'progress') this.#update('stage', event.stage || this.#stage, event.percent);
  }

  /** The state as ISE reported it when polled (`show backup status`). */
  polled(stage: string | undefined, percent: number | undefined): void {
    this.#update('stage', stage ?? this.#stage, percent);
  }

  stop(): void {
    clearInterval(this.#heartbeat);
    clearTimeout(this.#pending);
  }

  #update(what: 'file' | 'stage', stage: string, percent: number | undefined): void {
    const changed = stage !== this.#stage || percent !== this.#percent;
    this.#stage = stage;
    if (percent !== undefined) this.#percent = percent;
    if (what === 'stage' && changed) this.stages.push(this.#line());
    if (!changed) return;
    const wait = this.#lastSent + this.options.minIntervalMs - this.clock().getTime();
    if (wait <= 0) {
      this.#send(this.#line());
      return;
    }
    // Too soon after the last update: send the newest state when the interval is over.
    this.#pending ??= setTimeout(() => {
      this.#pending = undefined;
      this.#send(this.#line());
    }, wait);
  }

  #line(): string {
    const percent = this.#percent === undefined ? '' : ` (${this.#percent} %)`;
    return `${this.label}: ${this.#stage}${percent}`;
  }

  #beat(): void {
    const minutes = Math.round((this.clock().getTime() - this.#started) / 60_000);
    const percent = this.#percent === undefined ? '' : `, ${this.#percent} %`;
    this.#send(`${this.label} still running, ${minutes} min: ${this.#stage}${percent}`);
  }

  #send(text: string): void {
    clearTimeout(this.#pending);
    this.#pending = undefined;
    this.#lastSent = this.clock().getTime();
    this.report(text);
  }
}
