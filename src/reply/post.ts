import type { Reply } from './model.js';

/** Where in a target a post goes: a thread id a previous post returned (Slack `ts`, Teams activity id). */
export interface PostOptions {
  thread?: string;
}

/** What a post may report back: the thread it started or joined, so a follow-up can answer in it. */
export interface PostResult {
  thread?: string;
}

/**
 * The neutral way to post without being asked (scheduled digests, certificate warnings): the scheduler
 * knows only this, never a platform SDK. `target` is `slack:<channel>` or `teams:<conversation>`.
 * `options` and the result are optional for adapters: one that ignores them posts a new message.
 */
export interface Poster {
  // biome-ignore lint/suspicious/noConfusingVoidType: adapters written as `async post() {}` return Promise<void>; `undefined` would refuse them.
  post(target: string, reply: Reply, options?: PostOptions): Promise<void | PostResult>;
}
