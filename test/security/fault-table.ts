import type { LabBot } from './helpers.js';

export interface FaultRow {
  fault: string;
  command: string;
  /** What the user was told while the fault was on (first line). */
  during: string;
  /** What the same command answered once the fault was cleared. */
  after: string;
  state: string;
}

/**
 * The faults one suite tried and what came of each, printed when the suite ends; plus a watch on the
 * process for rejections and exceptions nobody handled (a fault must never crash the bot).
 */
export class FaultTable {
  readonly rows: FaultRow[] = [];
  readonly crashes: string[] = [];
  readonly #onRejection = (reason: unknown) => this.crashes.push(`unhandledRejection: ${String(reason)}`);
  readonly #onException = (error: Error) => this.crashes.push(`uncaughtException: ${error.message}`);

  constructor(readonly title: string) {
    process.on('unhandledRejection', this.#onRejection);
    process.on('uncaughtException', this.#onException);
  }

  add(row: FaultRow): void {
    this.rows.push(row);
  }

  print(): void {
    process.off('unhandledRejection', this.#onRejection);
    process.off('uncaughtException', this.#onException);
    const columns: Array<keyof FaultRow> = ['fault', 'command', 'during', 'after', 'state'];
    const cell = (s: string) => s.replace(/\s+/g, ' ').slice(0, 90);
    const widths = columns.map((c) => Math.max(c.length, ...this.rows.map((r) => cell(r[c]).length)));
    const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
    console.log(
      [
        `\n${this.title} (${this.rows.length} faults; process crashes: ${this.crashes.length})`,
        line(columns),
        line(widths.map((w) => '-'.repeat(w))),
        ...this.rows.map((r) => line(columns.map((c) => cell(r[c])))),
      ].join('\n'),
    );
  }
}

/** The text of the last message Slack got for a command (the reply, replacing the progress line). */
export function lastSlackText(said: string): string {
  const json = JSON.parse(said.slice(said.indexOf('\n') + 1)) as {
    calls: Array<{ method: string; args: { text?: string } }>;
    responses: Array<{ text?: string }>;
  };
  const texts = [
    ...json.calls.filter((c) => /^chat\.(postMessage|update)$/.test(c.method)).map((c) => c.args.text ?? ''),
    ...json.responses.map((r) => r.text ?? ''),
  ].filter((text) => !/^<@\w+> ran /.test(text));
  return texts.at(-1) ?? '(nothing)';
}

/** Subscriptions, backups and audit size: what a fault must neither lose nor double. */
export async function stateOf(bot: LabBot): Promise<string> {
  const store = bot.services.store;
  const subs = await store.subscriptions.list();
  const backups = await store.backups.latest(bot.services.config.deployments[0]?.name ?? '', 50);
  return JSON.stringify({
    subscriptions: subs.map((s) => s.id).sort(),
    backups: backups.map((b) => `${b.id}:${b.status}`),
    running: (await store.backups.running()).length,
  });
}
