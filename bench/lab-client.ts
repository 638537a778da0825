import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Scenario } from '../src/lab/scenario.js';
import type { LabReply, LabRequest, LabStatsReply } from './lab-protocol.js';

const ENTRY = new URL('./lab-process.ts', import.meta.url);

/** A lab running in a child process (bench/lab-process.ts), with the bot config that points at it. */
export class RemoteLab {
  #next = 0;
  readonly #pending = new Map<number, { resolve: (r: LabReply) => void; reject: (e: Error) => void }>();

  private constructor(
    private readonly child: ChildProcess,
    readonly dir: string,
  ) {
    child.on('message', (message: { id: number; reply?: LabReply; error?: string }) => {
      const waiter = this.#pending.get(message.id);
      this.#pending.delete(message.id);
      if (message.error !== undefined) waiter?.reject(new Error(`lab: ${message.error}`));
      else if (message.reply) waiter?.resolve(message.reply);
    });
    child.on('exit', (code) => {
      for (const waiter of this.#pending.values())
        waiter.reject(new Error(`the lab process exited (${code})`));
      this.#pending.clear();
    });
  }

  /** The child inherits `--import=tsx` from the bench's own execArgv. */
  static async start(
    scenario: string,
    latency: Scenario['latency'],
    nodes?: string[],
  ): Promise<{ lab: RemoteLab; config: Record<string, unknown>; nodes: number }> {
    const dir = mkdtempSync(join(tmpdir(), 'ise-chatops-bench-'));
    const lab = new RemoteLab(fork(ENTRY, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }), dir);
    const reply = await lab.#ask({ type: 'start', scenario, latency, dir, ...(nodes ? { nodes } : {}) });
    if (reply.type !== 'started') throw new Error('lab: unexpected reply to start');
    return { lab, config: reply.config, nodes: reply.nodes };
  }

  async stats(): Promise<LabStatsReply> {
    const reply = await this.#ask({ type: 'stats' });
    if (reply.type !== 'stats') throw new Error('lab: unexpected reply to stats');
    return reply;
  }

  async reset(): Promise<void> {
    await this.#ask({ type: 'reset' });
  }

  async close(): Promise<void> {
    await this.#ask({ type: 'close' }).catch(() => {});
    this.child.disconnect();
  }

  #ask(request: LabRequest): Promise<LabReply> {
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.child.send({ id, request });
    });
  }
}
