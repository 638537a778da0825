import { UserError } from '../errors.js';

/**
 * The small typed family of ISE access errors (STYLE.md §6). Each is a `UserError`: its message states
 * facts and tells an ISE admin what to fix, so it can go to chat as is. None ever carries a secret.
 */
export abstract class IseError extends UserError {}

/** Request failed with a status ISE answered: `Request failed with 500: GET /ers/config/node`. */
export class IseHttpError extends IseError {
  override readonly name: string = 'IseHttpError';
  constructor(
    readonly status: number,
    readonly method: string,
    readonly path: string,
    detail?: string,
    hint?: string,
  ) {
    super(
      'ise-http',
      `Request failed with ${status}: ${method} ${path}${detail ? ` (${detail})` : ''}`,
      hint === undefined ? undefined : { hint },
    );
  }
}

/** 401/403 from ISE: wrong credentials or an account without the API role. */
export class IseAuthError extends IseHttpError {
  override readonly name = 'IseAuthError';
}

/** A request or CLI command that did not answer within its timeout. */
export class IseTimeoutError extends IseError {
  override readonly name = 'IseTimeoutError';
  constructor(
    readonly operation: string,
    readonly timeoutMs: number,
    hint?: string,
  ) {
    super(
      'ise-timeout',
      `${operation} did not answer within ${Math.round(timeoutMs / 1000)} s`,
      hint === undefined ? undefined : { hint },
    );
  }
}

/** TLS trust failures: untrusted or changed certificate, with its fingerprint so the admin can pin it. */
export class IseTlsError extends IseError {
  override readonly name = 'IseTlsError';
  constructor(message: string, hint?: string, cause?: unknown) {
    super('ise-tls', message, { ...(hint === undefined ? {} : { hint }), cause });
  }
}

/** Anything that went wrong on the SSH CLI path: connection, auth, host key, prompt, dropped session. */
export class IseSshError extends IseError {
  override readonly name = 'IseSshError';
  constructor(
    readonly host: string,
    message: string,
    hint?: string,
    cause?: unknown,
  ) {
    super('ise-ssh', `${host}: ${message}`, { ...(hint === undefined ? {} : { hint }), cause });
  }
}

/** Network failures below HTTP: refused, reset, unresolvable. */
export class IseConnectionError extends IseError {
  override readonly name = 'IseConnectionError';
  constructor(message: string, hint?: string, cause?: unknown) {
    super('ise-connection', message, { ...(hint === undefined ? {} : { hint }), cause });
  }
}

/** An ISE answer larger than `rest.maxResponseBytes`: reading stopped there, so it cannot fill memory. */
export class IseResponseTooLargeError extends IseError {
  override readonly name = 'IseResponseTooLargeError';
  constructor(
    readonly operation: string,
    readonly limit: number,
  ) {
    super(
      'ise-too-large',
      `${operation} answered more than ${formatBytes(limit)}; the bot stopped reading at rest.maxResponseBytes`,
      {
        hint: "If ISE really holds this much, raise rest.maxResponseBytes in the deployment's config; otherwise check what sends so large an answer (a proxy, a misrouted port).",
      },
    );
  }
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KB`;
  return `${n} bytes`;
}
