import { connect, type PeerCertificate } from 'node:tls';
import { apiSince, gateForPath } from '../api-gates.js';
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
  if (family === 'openapi' && (status === 404 || (/text\/html/i.test(contentType) && status < 400))) {
    // The gate table says from which release and patch ISE serves the path; past that, a 404 or an
    // HTML page means Open API is off on this node (API Settings has one switch for the PAN and one
    // for all other nodes).
    const gate = gateForPath(family, path);
    const since = gate ? apiSince(gate.api) : '3.1';
    return new IseHttpError(
      status,
      method,
      path,
      status === 404 ? undefined : 'HTML instead of JSON',
      `ISE serves this API from ${since} on; if ${endpoint.hostname} runs that, Open API is disabled on it: enable it under Administration > System > Settings > API Settings (the PAN and "All Other Nodes" are separate switches).`,
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
  const names = peer ? certificateNames(peer) : [];
  if (error.code === 'ERR_TLS_CERT_ALTNAME_INVALID' && isIp(endpoint.host)) {
    // The CA is trusted (the name check comes after the chain check): only the name is wrong. ISE
    // certificates name the node's FQDN, so an address as `pan` fails here (issue 14 item 10).
    const fqdn = names.find((n) => !isIp(n) && n.includes('.'));
    return new IseTlsError(
      `${describe(endpoint)} is an IP address, but ISE's certificate names ${names.length > 0 ? names.join(', ') : 'a host name'}, not the address.${what}`,
      `Use the node's FQDN${fqdn ? ` (${fqdn})` : ''} as pan (keep the address under nodes.<hostname>.address if DNS does not resolve it); the CA in rest.caFile is fine.`,
      error,
    );
  }
  if (error.code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return new IseTlsError(
      `The HTTPS certificate of ${describe(endpoint)} does not name ${endpoint.host} (it names ${names.join(', ') || '?'}).${what}`,
      'Address the node by a name its certificate carries, or check that the address reaches the right node; the CA is trusted.',
      error,
    );
  }
  return new IseTlsError(
    `The HTTPS certificate of ${describe(endpoint)} is not trusted (${error.code}).${what}`,
    'Put the CA that issued the ISE admin certificate in rest.caFile (PEM), or check that the address reaches the right node.',
    error,
  );
}

const isIp = (host: string) => /^\d+\.\d+\.\d+\.\d+$/.test(host) || host.includes(':');

/** DNS and IP names from subjectAltName, else the CN. */
function certificateNames(peer: PeerCertificate): string[] {
  const alt = (peer.subjectaltname ?? '')
    .split(',')
    .map((s) => s.trim().replace(/^(DNS|IP Address):/, ''))
    .filter(Boolean);
  const cn = peer.subject?.CN;
  const first = Array.isArray(cn) ? cn[0] : cn;
  return alt.length > 0 ? alt : first ? [first] : [];
}

function peerCertificate(endpoint: RestEndpoint): Promise<PeerCertificate> {
  return new Promise((resolve, reject) => {
    const socket = connect({
      host: endpoint.address,
      port: endpoint.port,
      ...(isIp(endpoint.host) ? {} : { servername: endpoint.host }),
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
