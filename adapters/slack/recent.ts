/**
 * What the bot remembers about the messages it posted lately, by `channel:ts`: the details a "Show
 * details" click posts, and the blocks as last written (so two acknowledgements in a row both stay).
 * In memory and bounded: the oldest entries go first, and a restart forgets (the click handlers then
 * fall back to what Slack sends with the click).
 */
export class Recent<V> {
  readonly #entries = new Map<string, V>();

  constructor(private readonly max = 500) {}

  get(key: string): V | undefined {
    return this.#entries.get(key);
  }

  set(key: string, value: V): void {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size <= this.max) break;
      this.#entries.delete(oldest);
    }
  }
}

export const messageKey = (channel: string, ts: string): string => `${channel}:${ts}`;
