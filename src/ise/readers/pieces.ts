import { IseHttpError } from '../errors.js';
import { describeError, PartialRead } from './sourced.js';

/** One independently readable piece of a part (one policy kind, one policy set). */
export interface Piece<T> {
  /** What it is, for the admin: `device-admin policy sets`, `authorization rules of policy set "Wired"`. */
  what: string;
  read: () => Promise<T[]>;
  /**
   * A whole policy kind that answers 404 is taken as not in use rather than as a gap: ISE answers 404 on
   * the device-admin policy API when Device Administration is not enabled (INFERRED from issue 14's
   * report; not in ISE's documentation).
   */
  absentOn404?: boolean;
}

/**
 * Reads every piece on its own, so one that fails costs only itself: the failure becomes a gap (or a note
 * for an absent kind) next to what was read. Only when nothing at all could be read does it throw, so the
 * part is an error as before.
 */
export async function readPieces<T>(
  pieces: ReadonlyArray<Piece<T>>,
  signal: AbortSignal | undefined,
): Promise<PartialRead<T[]>> {
  const settled = await Promise.allSettled(pieces.map((p) => p.read()));
  const items: T[] = [];
  const gaps: string[] = [];
  const notes: string[] = [];
  let firstError: unknown;
  let anyRead = false;
  settled.forEach((result, i) => {
    const piece = pieces[i];
    if (piece === undefined) return;
    if (result.status === 'fulfilled') {
      anyRead = true;
      items.push(...result.value);
      return;
    }
    if (signal?.aborted) return;
    firstError ??= result.reason;
    if (piece.absentOn404 && result.reason instanceof IseHttpError && result.reason.status === 404) {
      notes.push(`${piece.what}: ISE answered 404, taken as not in use (Device Administration not enabled)`);
      anyRead = true;
    } else gaps.push(`${piece.what}: ${describeError(result.reason)}`);
  });
  signal?.throwIfAborted();
  if (!anyRead && firstError !== undefined) throw firstError;
  return new PartialRead(items, gaps, notes);
}
