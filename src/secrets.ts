import { inspect } from 'node:util';

const REDACTED = '[redacted]';

/**
 * Shortest password or key the config accepts. Redaction replaces every occurrence of a secret, so a
 * short one would also blank ordinary words in logs and replies. 8 is NIST SP 800-63B's minimum for a
 * memorised secret, and no token or client secret Slack or Microsoft issues is shorter.
 */
export const MIN_SECRET_LENGTH = 8;

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
    // Any length: config refuses passwords and keys under MIN_SECRET_LENGTH, so a short value here is
    // one the bot really holds, and showing it would be worse than redacting a word that matches it.
    if (raw !== undefined && raw.length > 0 && !this.#values.has(raw)) {
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
      // Bytes (a reply's PNG) are kept as they are: a picture has no text to redact.
      if (v instanceof Date || v === null || typeof v !== 'object' || ArrayBuffer.isView(v)) return v;
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    };
    return walk(value) as T;
  }

  /**
   * A copy of what is about to be logged with every string redacted, before it is serialised. Errors
   * stay errors (same prototype, so the logger still names their type) with message, stack, cause and
   * their own fields redacted; plain objects and arrays are walked; other objects are left as they are.
   */
  redactValue<T>(value: T): T {
    if (this.#values.size === 0) return value;
    const seen = new WeakMap<object, unknown>();
    const walk = (v: unknown): unknown => {
      if (typeof v === 'string') return this.redact(v);
      if (v === null || typeof v !== 'object' || v instanceof Secret) return v;
      const done = seen.get(v);
      if (done !== undefined) return done;
      if (Array.isArray(v)) {
        const copy: unknown[] = [];
        seen.set(v, copy);
        for (const x of v) copy.push(walk(x));
        return copy;
      }
      if (v instanceof Error) {
        const copy = Object.create(Object.getPrototypeOf(v) as object) as Record<string, unknown>;
        seen.set(v, copy);
        for (const key of Object.getOwnPropertyNames(v)) {
          const descriptor = Object.getOwnPropertyDescriptor(v, key);
          if (descriptor && 'value' in descriptor) {
            Object.defineProperty(copy, key, { ...descriptor, value: walk(descriptor.value) });
          }
        }
        return copy;
      }
      const proto = Object.getPrototypeOf(v) as object | null;
      if (proto !== Object.prototype && proto !== null) return v;
      const copy: Record<string, unknown> = {};
      seen.set(v, copy);
      for (const [k, x] of Object.entries(v)) copy[k] = walk(x);
      return copy;
    };
    return walk(value) as T;
  }
}
