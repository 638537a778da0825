import { createHmac } from 'node:crypto';

/**
 * The one Slack request signer for tests: the `x-slack-signature` / `x-slack-request-timestamp`
 * headers Slack sends (v0 HMAC-SHA256 of `v0:timestamp:body`), as the adapter checks them.
 */
export function slackSignature(
  raw: string,
  secret: string,
  timestamp = Math.floor(Date.now() / 1000),
): Record<string, string> {
  const signature = createHmac('sha256', secret).update(`v0:${timestamp}:${raw}`).digest('hex');
  return { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': `v0=${signature}` };
}

/** POSTs a form-encoded body to a Slack endpoint of the bot, signed with `secret`. */
export function postSlack(
  url: string,
  raw: string,
  secret: string,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    body: raw,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...slackSignature(raw, secret),
      ...headers,
    },
  });
}
