import { UserError } from '../errors.js';

/** SQLSTATE classes and socket codes that mean "the database is not there", not "the SQL is wrong". */
const UNAVAILABLE =
  /^(08|57P0[123]|53)|^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EHOSTUNREACH|SQLITE_BUSY|SQLITE_CANTOPEN)$/;
const UNAVAILABLE_MESSAGE =
  /Connection terminated|connection timeout|database connection is not open|Client has encountered a connection error/i;

/**
 * A store error as users see it: when the database is down or locked, every command that needs it
 * answers "state store unavailable" instead of a crash line; other errors stay as they are.
 */
export function mapStoreError(error: unknown): unknown {
  const code = String((error as { code?: unknown }).code ?? '');
  const message = (error as Error)?.message ?? '';
  if (UNAVAILABLE.test(code) || UNAVAILABLE_MESSAGE.test(message)) {
    return new UserError(
      'store-unavailable',
      'The state store is unavailable right now, so this command cannot run.',
      {
        hint: 'The bot keeps trying and recovers by itself when the database is back; /healthz shows the store state.',
        cause: error,
      },
    );
  }
  return error;
}

export async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw mapStoreError(error);
  }
}
