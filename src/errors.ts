/**
 * Two kinds of errors (STYLE.md §6). A `UserError` is written for an ISE admin and goes to chat as is;
 * anything else is logged with the job's correlation id and the user sees one short line.
 */
export class UserError extends Error {
  override readonly name: string = 'UserError';
  /** A stable, machine-readable code, e.g. `unknown-deployment`, `denied`, `usage`. */
  readonly code: string;
  /** Optional hint on what to do next, shown under the message. */
  readonly hint: string | undefined;

  constructor(code: string, message: string, options?: { hint?: string; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.hint = options?.hint;
  }
}

/** Bad command-line or chat input: the dispatcher answers with the command's usage. */
export class UsageError extends UserError {
  override readonly name = 'UsageError';
  constructor(message: string, hint?: string) {
    super('usage', message, hint === undefined ? undefined : { hint });
  }
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}
