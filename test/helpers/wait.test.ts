import test from 'ava';
import { waitFor } from './wait.js';

test('waitFor returns the first truthy value of the predicate', async (t) => {
  let n = 0;
  t.is(
    await waitFor(() => (++n >= 3 ? `after ${n}` : undefined), { message: 'three calls', interval: 1 }),
    'after 3',
  );
});

test('waitFor fails after its deadline with what never happened and the last error', async (t) => {
  let calls = 0;
  const error = await t.throwsAsync(
    waitFor(
      () => {
        calls++;
        throw new Error('not yet');
      },
      { message: () => `the thing, after ${calls} tries`, timeout: 20, interval: 1 },
    ),
  );
  t.regex(
    error.message,
    /^timed out after 20 ms waiting for: the thing, after \d+ tries \(last error: not yet\)$/,
  );
});
