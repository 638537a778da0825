import { inspect } from 'node:util';

const REDACTED = '[redacted]';

/**
 * A value that must never be shown: config marks every credential as a `Secret`. Printing, logging or
 * JSON-encoding one yields `[redacted]`; only `reveal()` gives the value, at the point of use.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  get isEmpty(): boolean {
    return this.#value.length === 0;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}

/**
 * The one redaction mechanism: every secret value known to the process is registered here, and logs,
 * replies, errors and audit rows pass their text through `redact` before it leaves the process. This
 * catches secrets that escaped their `Secret` wrapper, e.g. when ISE echoes a command line back.
 */
export class Redactor {
  readonly #values = new Set<string>();
  #pattern: RegExp | undefined;

  add(value: Secret | string | undefined): this {
    const raw = value instanceof Secret ? value.reveal() : value;
    // Very short values would redact ordinary words; config validation asks for longer secrets anyway.
    if (raw !== undefined && raw.length >= 4 && !this.#values.has(raw)) {
      this.#values.add(raw);
      this.#pattern = undefined;
    }
    return this;
  }

  redact(text: string): string {
    if (this.#values.size === 0) return text;
    this.#pattern ??= new RegExp(
      [...this.#values]
        .sort((a, b) => b.length - a.length)
        .map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('|'),
      'g',
    );
    return text.replace(this.#pattern, REDACTED);
  }

  /**
   * Deep copy of a JSON-like value with every string redacted. It walks the value rather than the JSON
   * text, so a secret holding `"` or `\` (escaped in JSON) is still found.
   */
  redactDeep<T>(value: T): T {
    const walk = (v: unknown): unknown => {
      if (typeof v === 'string') return this.redact(v);
      if (Array.isArray(v)) return v.map(walk);
      if (v instanceof Date || v === null || typeof v !== 'object') return v;
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    };
    return walk(value) as T;
  }
}
