import type { Dispatcher } from '../commands/dispatcher.js';
import type { Poster } from '../src/reply/post.js';

/** Every platform adapter is a factory's product behind this one small interface (STYLE.md §7). */
export interface ChatAdapter extends Poster {
  readonly name: string;
  /** Something the operator must know at every start and on /healthz (e.g. Teams auth switched off). */
  readonly warning?: string;
  start(dispatcher: Dispatcher): Promise<void>;
  stop(): Promise<void>;
}
