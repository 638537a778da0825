import { webApi } from '@slack/bolt';

/** Why a post to Slack failed, in the terms an admin acts on. */
export type SlackPostErrorCode =
  | 'not_in_channel'
  | 'channel_not_found'
  | 'auth'
  | 'rate_limited'
  | 'rejected'
  | 'unreachable';

const AUTH_ERRORS = new Set([
  'account_inactive',
  'token_revoked',
  'token_expired',
  'invalid_auth',
  'not_authed',
  'missing_scope',
  'no_permission',
]);

/**
 * A failed post, with a message written for the person who set the bot up (STYLE.md §6). It never
 * carries the token: Slack's error codes and the channel id say everything needed.
 */
export class SlackPostError extends Error {
  override readonly name = 'SlackPostError';

  constructor(
    readonly code: SlackPostErrorCode,
    readonly channel: string,
    /** Slack's own error string (`not_in_channel`, `token_revoked`, ...) or the HTTP status. */
    readonly slackError: string,
    message: string,
  ) {
    super(message);
  }

  /** Retrying cannot help: the channel, the membership or the token has to be fixed first. */
  get permanent(): boolean {
    return this.code !== 'rate_limited' && this.code !== 'unreachable';
  }
}

/** Translates what the WebClient threw into a SlackPostError; anything unknown stays `rejected`. */
export function toPostError(error: unknown, channel: string): SlackPostError {
  if (error instanceof SlackPostError) return error;
  if (error instanceof webApi.WebAPIPlatformError) {
    const code = error.data.error;
    if (code === 'not_in_channel') {
      return new SlackPostError(
        'not_in_channel',
        channel,
        code,
        `The bot is not a member of Slack channel ${channel}: invite it there (/invite @ISE bot), or grant chat:write.public for public channels.`,
      );
    }
    if (code === 'channel_not_found' || code === 'is_archived') {
      return new SlackPostError(
        'channel_not_found',
        channel,
        code,
        `Slack channel ${channel} does not exist, is archived, or is private without the bot in it (${code}). Check the channel id in the schedule or subscription.`,
      );
    }
    if (AUTH_ERRORS.has(code)) {
      return new SlackPostError(
        'auth',
        channel,
        code,
        `Slack refused the bot token (${code}): the app was uninstalled, the token revoked or a scope is missing. Reinstall the app and update slack.botToken.`,
      );
    }
    return new SlackPostError(
      'rejected',
      channel,
      code,
      `Slack rejected the message for ${channel} (${code}).`,
    );
  }
  if (error instanceof webApi.WebAPIRateLimitedError) {
    return new SlackPostError(
      'rate_limited',
      channel,
      'ratelimited',
      `Slack kept rate-limiting posts to ${channel} (Retry-After ${error.retryAfter} s); gave up after several tries.`,
    );
  }
  if (error instanceof webApi.WebAPIHTTPError) {
    return new SlackPostError(
      'unreachable',
      channel,
      String(error.statusCode),
      `The Slack API answered HTTP ${error.statusCode} while posting to ${channel}.`,
    );
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new SlackPostError(
    'unreachable',
    channel,
    'request_failed',
    `Could not reach the Slack API: ${detail}`,
  );
}
