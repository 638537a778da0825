import { isUserError } from '../../errors.js';
import type { Sourced } from '../snapshot/types.js';

/**
 * Runs one read and records its outcome as a part of the snapshot: the value with where it came from,
 * or the cause as a sentence for an ISE admin. Only an abort escapes.
 */
export async function sourced<T>(
  source: string,
  signal: AbortSignal | undefined,
  read: () => Promise<T>,
): Promise<Sourced<T>> {
  try {
    return { state: 'ok', value: await read(), source };
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    return { state: 'error', error: describeError(error), source };
  }
}

/** A read that got only part of its value: what was read, what was not (and why), what was taken as absent. */
export class PartialRead<T> {
  constructor(
    readonly value: T,
    readonly gaps: readonly string[],
    readonly notes: readonly string[] = [],
  ) {}
}

/** Like {@link sourced}, for reads of several independent pieces, any of which may fail on its own. */
export async function sourcedPartial<T>(
  source: string,
  signal: AbortSignal | undefined,
  read: () => Promise<PartialRead<T>>,
): Promise<Sourced<T>> {
  const result = await sourced(source, signal, read);
  if (result.state !== 'ok') return result;
  const { value, gaps, notes } = result.value;
  return {
    state: 'ok',
    value,
    source,
    ...(gaps.length > 0 ? { gaps: [...gaps] } : {}),
    ...(notes.length > 0 ? { notes: [...notes] } : {}),
  };
}

export function unavailable<T>(reason: string): Sourced<T> {
  return { state: 'unavailable', reason };
}

/** A UserError's message and hint as one line; anything else as an unexpected error with its message. */
export function describeError(error: unknown): string {
  if (isUserError(error)) {
    const message = error.message.replace(/\.$/, '');
    return error.hint ? `${message}. ${error.hint}` : `${message}.`;
  }
  return `Unexpected error: ${error instanceof Error ? error.message : String(error)}`;
}
