import { type CommandEnv, execute } from './commands.js';
import type { CliNodeFacts } from './facts.js';
import { ctime, screenSessionDate } from './format.js';
import { invalidCommand } from './grammar.js';
import { ClosedError, KeyInput } from './input.js';
import { type CliIo, sleep } from './io.js';

/** A `screen` session of one CLI user: what the resume menu lists (ise-cli.md §1.3). */
export interface ScreenSession {
  pid: number;
  user: string;
  started: Date;
}

export interface ShellFaults {
  /** Commands that never answer (until Ctrl-C). */
  hangOn?: RegExp;
  /** Commands during which the connection drops after part of the output. */
  dropOn?: RegExp;
  /**
   * Commands answered with the invalid-command error, as a release without the command or a CLI role
   * without it would (the text is ISE's, ise-cli.md §1.8; that a role limit shows it is INFERRED).
   */
  invalidOn?: RegExp;
}

export interface ShellContext {
  facts: CliNodeFacts;
  /** The name shown in the prompt: the login name, as ISE shows it. */
  user: string;
  now(): Date;
  write(data: string): void;
  loginMs: number;
  commandMs(command: string): number;
  stageMs: number;
  faults(): ShellFaults;
  /** Detached sessions of this user; the menu is shown when it is non-empty. */
  detached: ScreenSession[] | undefined;
  lastLogin: { date: Date; from: string } | undefined;
  /** The account's password has aged out: the login asks for a new one instead of showing the prompt. */
  passwordExpired(): boolean;
  onCommand(command: string): void;
  /** Ends the SSH connection: after `exit`, on a drop fault, on reload. */
  disconnect(reason: 'exit' | 'drop' | 'reload'): void;
}

class PagerQuit extends Error {}
class Dropped extends Error {}

// Emitted by `screen` when the session ends (ise-cli.md §1.4, verbatim bytes).
const SCREEN_TERMINATING = '\x1b>\x1b[24;1H\r\n[screen is terminating]\r\n';
// INFERRED: screen switching to its alternate buffer and clearing it when a new session starts.
const SCREEN_START = '\x1b[?1049h\x1b[H\x1b[2J';

/**
 * The emulated ADE-OS shell on one PTY channel: login lines, the resume menu, the prompt loop with echo,
 * the pager, Ctrl-C, `exit`. `screen` is the session that survives a dropped connection; `exited` tells the
 * server whether to list it in the next login's resume menu.
 */
export class CliShell {
  readonly input = new KeyInput();
  screen: ScreenSession | undefined;
  exited = false;
  #pagerLength = 24;
  #pagerCount = 0;
  readonly #closed = new AbortController();

  constructor(private readonly ctx: ShellContext) {}

  get prompt(): string {
    const f = this.ctx.facts;
    return `${f.hostname}/${f.promptUser ?? this.ctx.user}${f.promptRole === 'user' ? '>' : '#'}`;
  }

  close(): void {
    this.#closed.abort(new ClosedError('channel closed'));
    this.input.close();
  }

  async run(): Promise<void> {
    try {
      await sleep(this.ctx.loginMs, this.#closed.signal);
      if (this.ctx.passwordExpired()) return await this.#passwordChange();
      const { lastLogin, facts } = this.ctx;
      if (lastLogin) this.#writeLine(`Last login: ${ctime(lastLogin.date)} from ${lastLogin.from}`);
      if (facts.banner !== undefined) for (const line of facts.banner.split('\n')) this.#writeLine(line);
      this.screen = await this.#resumeMenu();
      for (;;) {
        this.ctx.write(this.prompt);
        const line = await this.input.line((s) => this.ctx.write(s), this.#closed.signal);
        this.ctx.write('\r\n');
        const command = (line ?? '').trim();
        if (command === '') continue;
        this.ctx.onCommand(command);
        if (/^exit$/i.test(command)) {
          this.exited = true;
          this.ctx.write(SCREEN_TERMINATING);
          return this.ctx.disconnect('exit');
        }
        if (!(await this.#runCommand(command))) return;
      }
    } catch (error) {
      if (!(error instanceof ClosedError) && !this.#closed.signal.aborted) throw error;
    }
  }

  /**
   * An aged password: PAM's and passwd's lines as a RHEL-based login prints them (public capture, code
   * index id 38265449281; INFERRED for ISE, whose ADE-OS logs in through OpenSSH and PAM, ise-cli.md
   * §1.6). The lab never accepts a change: whatever is typed fails, and the connection ends.
   */
  async #passwordChange(): Promise<void> {
    this.#writeLine('You are required to change your password immediately (password aged)');
    const { lastLogin } = this.ctx;
    if (lastLogin) this.#writeLine(`Last login: ${ctime(lastLogin.date)} from ${lastLogin.from}`);
    this.#writeLine('WARNING: Your password has expired.');
    this.#writeLine('You must change your password now and login again!');
    this.#writeLine(`Changing password for user ${this.ctx.user}.`);
    this.#writeLine(`Changing password for ${this.ctx.user}.`);
    this.ctx.write('(current) UNIX password: ');
    await this.input.line(() => {}, this.#closed.signal);
    this.ctx.write('\r\npasswd: Authentication token manipulation error\r\n');
    this.ctx.disconnect('drop');
  }

  async #resumeMenu(): Promise<ScreenSession> {
    const detached = this.ctx.detached;
    const fresh = (): ScreenSession => {
      this.ctx.write(SCREEN_START);
      return { pid: 1000 + Math.floor(Math.random() * 98000), user: this.ctx.user, started: this.ctx.now() };
    };
    if (!detached || detached.length === 0) return fresh();
    this.#writeLine('');
    this.#writeLine('Following disconnected ssh sessions are available to resume.');
    for (const [i, s] of detached.entries())
      this.#writeLine(`[${i + 1}] ${s.pid}.${s.user}-${screenSessionDate(s.started)}`);
    this.#writeLine('');
    for (;;) {
      this.ctx.write('Enter session number to resume or press <Enter> to start a new one:');
      const answer = ((await this.input.line((s) => this.ctx.write(s), this.#closed.signal)) ?? '').trim();
      this.ctx.write('\r\n');
      if (answer === '') return fresh();
      const index = /^\d+$/.test(answer) ? Number(answer) - 1 : -1;
      const chosen = detached[index];
      if (chosen) {
        detached.splice(index, 1);
        return chosen;
      }
      // Anything else, e.g. netmiko's `terminal length 0` (netmiko#2327, paraphrased in ise-cli.md §1.3).
      this.#writeLine('% Error: Invalid session, enter the number of the session');
    }
  }

  /** Runs one command; false when the connection is gone afterwards. */
  async #runCommand(command: string): Promise<boolean> {
    const running = new AbortController();
    const onClose = () => running.abort(new ClosedError('channel closed'));
    this.#closed.signal.addEventListener('abort', onClose, { once: true });
    this.input.interrupt = () => running.abort(new Error('interrupted'));
    this.#pagerCount = 0;
    try {
      await sleep(this.ctx.commandMs(command), running.signal);
      const faults = this.ctx.faults();
      if (faults.hangOn?.test(command)) await sleep(2 ** 31 - 1, running.signal);
      if (faults.invalidOn?.test(command)) {
        await this.#page(invalidCommand(this.prompt.length, 0), running.signal);
        return !this.#closed.signal.aborted;
      }
      await execute(command, this.#env(running.signal, faults.dropOn?.test(command) === true));
      return !this.#closed.signal.aborted;
    } catch (error) {
      if (error instanceof Dropped || this.#closed.signal.aborted) return false;
      if (error instanceof PagerQuit) return true;
      if (running.signal.aborted) {
        // Ctrl-C: the prompt comes back on a fresh line even if a question was pending.
        this.ctx.write('^C\r\n');
        return true;
      }
      throw error;
    } finally {
      this.input.interrupt = undefined;
      this.#closed.signal.removeEventListener('abort', onClose);
    }
  }

  #env(signal: AbortSignal, drop: boolean): CommandEnv {
    const io: CliIo = {
      signal,
      now: () => this.ctx.now(),
      sleep: (ms) => sleep(ms, signal),
      print: async (lines) => {
        if (drop) {
          // Part of the output, then the connection goes away mid-command.
          for (const line of lines.slice(0, Math.ceil(lines.length / 2))) this.#writeLine(line);
          this.ctx.disconnect('drop');
          throw new Dropped();
        }
        await this.#page(lines, signal);
      },
      ask: async (prompt) => {
        this.ctx.write(prompt);
        const line = await this.input.line((s) => this.ctx.write(s), signal);
        this.ctx.write('\r\n');
        if (line === null) throw new Error('interrupted');
        return line;
      },
    };
    return {
      facts: this.ctx.facts,
      io,
      promptLength: this.prompt.length,
      stageMs: this.ctx.stageMs,
      setPagerLength: (n) => {
        this.#pagerLength = n;
      },
      reboot: () => this.ctx.disconnect('reload'),
    };
  }

  /** Writes lines through the `--More--` pager (every `terminal length` lines; 0 turns it off). */
  async #page(lines: string[], signal: AbortSignal): Promise<void> {
    for (const [i, line] of lines.entries()) {
      this.#writeLine(line);
      this.#pagerCount++;
      if (this.#pagerLength === 0 || this.#pagerCount < this.#pagerLength || i === lines.length - 1) continue;
      // INFERRED pager details: the prompt is erased with CR and blanks; space pages, Enter scrolls, q quits.
      this.ctx.write('--More--');
      const key = await this.input.key(signal);
      this.ctx.write(`\r${' '.repeat(8)}\r`);
      if (key === 'q' || key === 'Q') throw new PagerQuit();
      this.#pagerCount = key === '\r' || key === '\n' ? this.#pagerLength - 1 : 0;
    }
  }

  #writeLine(line: string): void {
    this.ctx.write(`${line}\r\n`);
  }
}
