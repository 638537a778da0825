import { UserError } from '../../src/errors.js';

/**
 * One failed Bot Connector call, reduced to the facts that decide what happens next. The SDK's own
 * error carries the request (with its bearer token), so it never travels past sdk.ts or into a log.
 */
export class ConnectorError extends Error {
  override readonly name = 'ConnectorError';
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly code: string | undefined,
    readonly retryAfterMs: number | undefined,
  ) {
    super(message);
  }
}

/** The bot was removed from the conversation (or it never existed): posting again is pointless. */
export class TeamsConversationGoneError extends UserError {
  override readonly name = 'TeamsConversationGoneError';
  constructor(
    readonly target: string,
    readonly reason: string,
    readonly since: Date,
  ) {
    super(
      'teams-conversation-gone',
      `The bot can no longer post to ${target}: ${reason} (since ${since.toISOString()}).`,
      { hint: 'Add the ISE app to that team or chat again, or remove the subscriptions that post there.' },
    );
  }
}

/** No reference stored: the bot was never installed there, or not since the store was created. */
export class TeamsConversationUnknownError extends UserError {
  override readonly name = 'TeamsConversationUnknownError';
  constructor(readonly target: string) {
    super(
      'teams-conversation-unknown',
      `The bot has never been added to ${target}, so it cannot post there.`,
      {
        hint: 'Add the ISE app to that team or chat (or message the bot there once), then try again.',
      },
    );
  }
}

/** A post that still failed after the retries (throttling, connector outages) or cannot be retried. */
export class TeamsDeliveryError extends UserError {
  override readonly name = 'TeamsDeliveryError';
  constructor(
    readonly target: string,
    readonly status: number | undefined,
    detail: string,
    readonly attempts: number,
  ) {
    super('teams-delivery-failed', `Posting to ${target} failed after ${attempts} attempt(s): ${detail}.`);
  }
}
