import type { Reply } from './model.js';

/**
 * The neutral way to post without being asked (scheduled digests, certificate warnings): the scheduler
 * knows only this, never a platform SDK. `target` is `slack:<channel>` or `teams:<conversation>`.
 */
export interface Poster {
  post(target: string, reply: Reply): Promise<void>;
}
