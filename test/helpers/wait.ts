/**
 * The one way tests wait for something: poll `predicate` until it returns a truthy value, which is
 * returned. After `timeout` ms it fails with `message` and the last error the predicate threw, so a
 * red run says what never happened. The deadline is generous on purpose (a loaded 2-core machine);
 * it bounds a hang, it does not measure speed.
 */
export async function waitFor<T>(
  predicate: () => T | Promise<T>,
  options: {
    /** What never happened, for the failure; a function is read at failure time (current state). */
    message: string | (() => string);
    timeout?: number;
    interval?: number;
  },
): Promise<NonNullable<T>> {
  const { message, timeout = 30_000, interval = 10 } = options;
  const deadline = Date.now() + timeout;
  let last: unknown;
  for (;;) {
    try {
      const value = await predicate();
      if (value) return value as NonNullable<T>;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      const why = last === undefined ? '' : ` (last error: ${(last as Error)?.message ?? String(last)})`;
      const what = typeof message === 'string' ? message : message();
      throw new Error(`timed out after ${timeout} ms waiting for: ${what}${why}`);
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}
