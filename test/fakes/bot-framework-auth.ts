import { createSign, generateKeyPairSync, type KeyObject, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ChannelAuth } from '../../adapters/teams/sdk.js';

/** The token issuer of Bot Framework channels (botframework-connector's AuthenticationConstants). */
export const CHANNEL_ISSUER = 'https://api.botframework.com';
/** What the bot's outbound calls carry: the fake connector can tell they were signed. */
export const OUTBOUND_TOKEN = 'fake-aad-token-for-the-connector';

interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  endorsements: string[];
}

function signingKey(endorsements: string[]): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid: randomUUID(), privateKey, publicKey, endorsements };
}

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/**
 * The Bot Framework token service as the bot sees it, on 127.0.0.1: an OpenID metadata document and its
 * JWKS (keys endorsed for `msteams`, as login.botframework.com publishes them), and RS256 tokens signed
 * like the ones Teams sends. The bot checks them with botbuilder's own JwtTokenValidation (metadata URL
 * and issuer pointed here); outbound, it signs with a fixed token instead of asking Azure AD.
 */
export class FakeBotFrameworkAuth {
  readonly #server: Server;
  readonly #keys: SigningKey[] = [signingKey(['msteams'])];
  /**
   * In every URL: botbuilder caches OpenID metadata per URL for the whole process (and looks for an
   * unknown key again only after an hour), so a later instance on a reused port must not share it.
   */
  readonly #id = randomUUID();
  /** Requests for metadata and keys, to show the bot really fetched them. */
  readonly fetched: string[] = [];

  constructor() {
    this.#server = createServer((req, res) => {
      const path = (req.url ?? '').replace(`/${this.#id}`, '');
      this.fetched.push(path);
      if (path === '/v1/.well-known/openidconfiguration') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            issuer: CHANNEL_ISSUER,
            authorization_endpoint: `${this.url}/v1/authorize`,
            jwks_uri: `${this.url}/${this.#id}/v1/.well-known/keys`,
            id_token_signing_alg_values_supported: ['RS256'],
            token_endpoint_auth_methods_supported: ['private_key_jwt'],
          }),
        );
        return;
      }
      if (path === '/v1/.well-known/keys') {
        const keys = this.#keys.map((k) => ({
          ...(k.publicKey.export({ format: 'jwk' }) as Record<string, string>),
          kid: k.kid,
          kty: 'RSA',
          use: 'sig',
          endorsements: k.endorsements,
        }));
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys }));
        return;
      }
      res.writeHead(404).end();
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  /** What the Teams adapter needs to check tokens against this service. */
  channelAuth(appId: string): ChannelAuth {
    return {
      openIdMetadataUrl: `${this.url}/${this.#id}/v1/.well-known/openidconfiguration`,
      tokenIssuer: CHANNEL_ISSUER,
      credentialsFactory: {
        isValidAppId: async (candidate: string) => candidate === appId,
        isAuthenticationDisabled: async () => false,
        createCredentials: async () => ({
          signRequest: async <T extends { headers: { set(name: string, value: string): void } }>(
            request: T,
          ) => {
            request.headers.set('authorization', `Bearer ${OUTBOUND_TOKEN}`);
            return request;
          },
        }),
      },
    };
  }

  /**
   * A token as Teams sends it for `serviceUrl`, for the bot `appId`. The options make the bad ones:
   * expired, another audience, an unknown key, a key not endorsed for Teams.
   */
  token(
    appId: string,
    serviceUrl: string,
    options: {
      expiresInS?: number;
      audience?: string;
      issuer?: string;
      key?: 'unknown' | 'not-endorsed';
    } = {},
  ): string {
    let key = this.#keys[0] as SigningKey;
    if (options.key === 'unknown') key = signingKey(['msteams']);
    if (options.key === 'not-endorsed') {
      key = this.#keys.find((k) => !k.endorsements.includes('msteams')) ?? signingKey(['skype']);
      if (!this.#keys.includes(key)) this.#keys.push(key);
    }
    const now = Math.floor(Date.now() / 1000);
    const header = { alg: 'RS256', typ: 'JWT', kid: key.kid };
    const payload = {
      iss: options.issuer ?? CHANNEL_ISSUER,
      aud: options.audience ?? appId,
      serviceurl: serviceUrl,
      nbf: now - 60,
      iat: now - 60,
      exp: now + (options.expiresInS ?? 3600),
    };
    const unsigned = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
    const signature = createSign('RSA-SHA256').update(unsigned).sign(key.privateKey);
    return `${unsigned}.${base64url(signature)}`;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
