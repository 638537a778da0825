import { connect, type PeerCertificate } from 'node:tls';
import { IseAuthError, IseConnectionError, IseHttpError, IseTlsError } from '../errors.js';
import { type ApiFamily, describe, type RestEndpoint } from './endpoint.js';

/** Turns what ISE answered into an error whose hint tells an admin what to change. */
export function httpError(
  family: ApiFamily,
  endpoint: RestEndpoint,
  method: string,
  path: string,
  status: number,
  body: string,
  contentType: string,
): IseHttpError {
  if (status === 401) {
    return new IseAuthError(
      status,
      method,
      path,
      undefined,
      `ISE rejected the REST credentials (rest.username / rest.password). The account must be an internal admin in the ERS Admin or ERS Operator group (Administration > System > Admin Access).`,
    );
  }
  if (status === 403 && /CSRF/i.test(body)) {
    return new IseAuthError(
      status,
      method,
      path,
      'CSRF nonce validation failed',
      'ISE wants a CSRF token for ERS writes.',
    );
  }
  if (status === 403) {
    return new IseAuthError(
      status,
      method,
      path,
      undefined,
      'The REST account lacks the rights for this API.',
    );
  }
  if (status === 404 && family === 'openapi') {
    return new IseHttpError(
      status,
      method,
      path,
      undefined,
      'This ISE release has no such OpenAPI resource (the /api/v1 APIs start at 3.1), or Open API is disabled: Administration > System > Settings > API Settings.',
    );
  }
  if (status === 415) {
    return new IseHttpError(status, method, path, 'media type not supported', undefined);
  }
  if (family === 'ers' && /text\/html/i.test(contentType) && status < 400) {
    return new IseHttpError(
      status,
      method,
      path,
      'HTML instead of JSON',
      `The ERS API looks disabled at ${describe(endpoint)}: enable it under Administration > System > Settings > API Settings, and use port 9060 before ISE 3.1, 443 from 3.1.`,
    );
  }
  if (status === 502) {
    return new IseHttpError(
      status,
      method,
      path,
      'application server down behind the API gateway',
      'Check `show application status ise` on the node.',
    );
  }
  return new IseHttpError(status, method, path, errorDetail(body));
}

interface ErrorBody {
  ERSResponse?: { messages?: Array<{ title?: unknown }> };
  error?: { message?: unknown };
  response?: { message?: unknown };
  message?: unknown;
}

/** The message inside ISE's error envelopes (ERSResponse, OpenAPI `error.message`, `message`). */
function errorDetail(body: string): string | undefined {
  try {
    const json = JSON.parse(body) as ErrorBody;
    const detail =
      json.ERSResponse?.messages?.[0]?.title ?? json.error?.message ?? json.response?.message ?? json.message;
    return typeof detail === 'string' ? detail.slice(0, 200) : undefined;
  } catch {
    return undefined;
  }
}

const TLS_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_UNTRUSTED',
]);

export function isTlsFailure(error: unknown): boolean {
  return TLS_CODES.has((error as NodeJS.ErrnoException).code ?? '');
}

/**
 * An untrusted certificate: connect once more without verification only to read its fingerprint, so
 * the message can say exactly which certificate to trust (rest.caFile) or to check with the ISE team.
 */
export async function tlsError(endpoint: RestEndpoint, error: NodeJS.ErrnoException): Promise<IseTlsError> {
  const peer = await peerCertificate(endpoint).catch(() => undefined);
  const what = peer
    ? ` Its certificate is "${peer.subject?.CN ?? '?'}" issued by "${peer.issuer?.CN ?? '?'}", SHA-256 fingerprint ${peer.fingerprint256}.`
    : '';
  return new IseTlsError(
    `The HTTPS certificate of ${describe(endpoint)} is not trusted (${error.code}).${what}`,
    'Put the CA that issued the ISE admin certificate in rest.caFile (PEM), or check that the address reaches the right node.',
    error,
  );
}

function peerCertificate(endpoint: RestEndpoint): Promise<PeerCertificate> {
  return new Promise((resolve, reject) => {
    const socket = connect({
      host: endpoint.address,
      port: endpoint.port,
      servername: endpoint.host,
      rejectUnauthorized: false,
      timeout: 5000,
    });
    socket.once('secureConnect', () => {
      resolve(socket.getPeerCertificate());
      socket.destroy();
    });
    socket.once('error', reject);
    socket.once('timeout', () => socket.destroy(new Error('timeout')));
  });
}

export function connectionError(
  family: ApiFamily,
  endpoint: RestEndpoint,
  error: NodeJS.ErrnoException,
): IseConnectionError {
  const where = describe(endpoint);
  if (error.code === 'ECONNREFUSED') {
    const hint =
      family === 'ers'
        ? 'ERS may be disabled (Administration > System > Settings > API Settings) or on another port: 9060 before ISE 3.1, 443 from 3.1 (rest.ersPort).'
        : 'Check the PAN address and rest.openApiPort, and that the node is up.';
    return new IseConnectionError(`Nothing answers at ${where} (connection refused).`, hint, error);
  }
  if (error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN') {
    return new IseConnectionError(
      `${endpoint.host} does not resolve in DNS.`,
      'Set the address under nodes: in the config.',
      error,
    );
  }
  return new IseConnectionError(
    `The connection to ${where} failed (${error.code ?? error.message}).`,
    undefined,
    error,
  );
}
