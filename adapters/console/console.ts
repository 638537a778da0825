import { createInterface } from 'node:readline';
import type { Invocation } from '../../commands/types.js';
import type { Reply } from '../../src/reply/model.js';
import { renderText } from '../../src/reply/text.js';
import type { ChatAdapter } from '../types.js';

export interface ConsoleOptions {
  input: NodeJS.ReadableStream & { isTTY?: boolean };
  output: NodeJS.WritableStream & { isTTY?: boolean };
  /** Who the person at the terminal is (`console`): they act as operator unless access says more. */
  user?: string;
  /** The zone times are shown in (`display.timezone`). */
  zone?: string;
}

/**
 * The terminal as a chat platform (STYLE.md §8). On a terminal: a prompt, commands run as jobs and
 * print when done. On a pipe: each line runs in order, and `finished` resolves when input ends and
 * every job is done, so `echo "/ise nodes" | npm start` prints and exits.
 */
export function createConsoleAdapter(options: ConsoleOptions): ChatAdapter & { finished: Promise<void> } {
  const interactive = options.input.isTTY === true;
  const color = options.output.isTTY === true;
  const print = (reply: Reply) =>
    options.output.write(
      `${renderText(reply, { color, ...(options.zone === undefined ? {} : { zone: options.zone }) })}\n`,
    );
  let resolveFinished: () => void = () => {};
  const finished = new Promise<void>((resolve) => {
    resolveFinished = resolve;
  });
  let rl: ReturnType<typeof createInterface> | undefined;

  return {
    name: 'console',
    finished,
    async start(dispatcher) {
      rl = createInterface({
        input: options.input,
        output: options.output,
        terminal: interactive,
        prompt: 'ise> ',
      });
      const invocation = (text: string): Invocation => ({
        platform: 'console',
        user: options.user ?? 'console',
        channel: 'console',
        text,
      });
      const progress = (line: string) => {
        if (interactive) options.output.write(`  … ${line}\n`);
      };
      let queue = Promise.resolve();
      rl.on('line', (line) => {
        const text = line.trim();
        if (text === '') return interactive ? rl?.prompt() : undefined;
        if (/^(exit|quit)$/i.test(text)) return rl?.close();
        if (interactive) {
          // Jobs run side by side at a terminal; each prints when it is done.
          void dispatcher.dispatch(invocation(text), { progress }).then((r) => {
            print(r);
            rl?.prompt();
          });
        } else {
          // Piped input runs in order, so output lines up with input.
          queue = queue.then(async () => {
            print(await dispatcher.dispatch(invocation(text), { progress }));
          });
        }
      });
      rl.on('close', () => {
        // A terminal's stdin stays referenced after readline lets go; the process could never exit.
        (options.input as { unref?: () => void }).unref?.();
        if (interactive) options.output.write('\n');
        void queue.then(() => dispatcher.idle()).then(resolveFinished);
      });
      if (interactive) rl.prompt();
    },
    async post(target, reply) {
      options.output.write(`[${target}]\n`);
      print(reply);
    },
    async stop() {
      rl?.close();
    },
  };
}
