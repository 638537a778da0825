import type { webApi } from '@slack/bolt';
import type { ReplyImage } from '../../src/reply/model.js';
import type { SlackMessage, SlackRendering } from './blocks.js';
import type { ChannelQueue } from './queue.js';

/**
 * Puts a rendered reply into a channel: the summary (new, or replacing a message such as the progress
 * line or a confirmation prompt), its details as thread replies, the full report file, then its pictures.
 */
export class Delivery {
  constructor(
    private readonly client: webApi.WebClient,
    private readonly queue: ChannelQueue,
  ) {}

  /**
   * Returns the summary's ts. With `threadTs` the whole reply goes into that existing thread.
   * `onPosted` learns the ts of the summary, then of each thread part, as each is posted (a click on
   * the summary can come before the last part is out).
   */
  async send(
    channel: string,
    rendering: SlackRendering,
    replaceTs?: string,
    threadTs?: string,
    onPosted?: (ts: string, message: SlackMessage) => void,
  ): Promise<string> {
    const ts = replaceTs
      ? await this.update(channel, replaceTs, rendering.main)
      : await this.message(channel, rendering.main, threadTs);
    onPosted?.(ts, rendering.main);
    for (const part of rendering.thread) onPosted?.(await this.message(channel, part, threadTs ?? ts), part);
    const file = rendering.file;
    if (file) {
      await this.queue.run(channel, () =>
        this.client.filesUploadV2({
          channel_id: channel,
          thread_ts: threadTs ?? ts,
          filename: file.filename,
          title: file.title,
          content: file.content,
        }),
      );
    }
    for (const image of rendering.images ?? []) await this.picture(channel, threadTs ?? ts, image);
    return ts;
  }

  /** A picture as an image file in the thread (files.uploadV2: get an upload URL, send, complete). */
  async picture(channel: string, threadTs: string, image: ReplyImage): Promise<void> {
    await this.queue.run(channel, () =>
      this.client.filesUploadV2({
        channel_id: channel,
        thread_ts: threadTs,
        filename: image.name,
        title: image.title,
        alt_text: image.alt.slice(0, 1000),
        file: Buffer.from(image.png),
      }),
    );
  }

  async message(channel: string, message: SlackMessage, threadTs?: string): Promise<string> {
    const result = await this.queue.run(channel, () =>
      this.client.chat.postMessage({
        channel,
        text: message.text,
        blocks: message.blocks,
        ...(threadTs ? { thread_ts: threadTs } : {}),
      }),
    );
    return result.ts ?? '';
  }

  async update(channel: string, ts: string, message: SlackMessage): Promise<string> {
    await this.queue.run(channel, () =>
      this.client.chat.update({ channel, ts, text: message.text, blocks: message.blocks }),
    );
    return ts;
  }
}

/**
 * A job's progress as one message edited in place (ISSUE: "rather than posting many"): the first line
 * posts it, later lines update it at most every `intervalMs` (chat.update is rate-limited too), and the
 * finished reply replaces it.
 */
export class ProgressMessage {
  #ts: Promise<string> | undefined;
  #pending: string | undefined;
  #timer: NodeJS.Timeout | undefined;
  #lastUpdate = 0;
  #chain: Promise<unknown> = Promise.resolve();
  #closed = false;

  constructor(
    private readonly delivery: Delivery,
    private readonly channel: string,
    private readonly render: (line: string) => SlackMessage,
    private readonly intervalMs: number,
    private readonly onError: (error: unknown) => void,
    /** A message to edit instead of posting one (the confirmation prompt whose button was clicked). */
    existingTs?: string,
  ) {
    if (existingTs) this.#ts = Promise.resolve(existingTs);
  }

  push(line: string): void {
    if (this.#closed) return;
    if (!this.#ts) {
      this.#ts = this.delivery.message(this.channel, this.render(line));
      this.#ts.catch(this.onError);
      this.#lastUpdate = Date.now();
      return;
    }
    this.#pending = line;
    if (this.#timer) return;
    const wait = Math.max(0, this.#lastUpdate + this.intervalMs - Date.now());
    this.#timer = setTimeout(() => this.#flush(), wait);
  }

  #flush(): void {
    this.#timer = undefined;
    const line = this.#pending;
    const ts = this.#ts;
    this.#pending = undefined;
    if (line === undefined || !ts || this.#closed) return;
    this.#lastUpdate = Date.now();
    this.#chain = this.#chain
      .then(async () => this.delivery.update(this.channel, await ts, this.render(line)))
      .catch(this.onError);
  }

  /** Stops updating; resolves to the progress message's ts (for the reply to replace), if one was posted. */
  async close(): Promise<string | undefined> {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#chain;
    if (!this.#ts) return undefined;
    try {
      return (await this.#ts) || undefined;
    } catch {
      return undefined;
    }
  }
}
