import { type LabCertificate, systemCertificates, trustedCertificates } from '../certificates.js';
import { nodeZone, panOf } from '../scenario.js';
import { javaDate } from './java-date.js';
import { json, type LabRequest, type LabResponse, type LabRoute, selfLink } from './types.js';

/** The certificates module's error body: `{ message, status }` (ise-rest-api.md §10). */
const certError = (status: number, message: string): LabResponse =>
  json({ message, status: String(status) }, status);

/**
 * OpenAPI certificate lists page with `page`/`size` and put `nextPage`/`previousPage` beside `response`
 * (ise-rest-api.md §10). The default size of 20 and the cap of 100 are INFERENCE (ERS's rules; the spec
 * gives no numbers).
 */
function paged(request: LabRequest, base: string, items: unknown[]): LabResponse {
  const size = Number(request.query.get('size') ?? '20');
  const page = Number(request.query.get('page') ?? '1');
  if (!Number.isInteger(size) || size < 1 || size > 100 || !Number.isInteger(page) || page < 1)
    return certError(400, 'Invalid page or size');
  const link = (p: number, rel: string) => ({
    rel,
    href: `${request.origin}${base}?page=${p}&size=${size}`,
    type: 'application/json',
  });
  return json({
    response: items.slice((page - 1) * size, page * size),
    ...(page * size < items.length ? { nextPage: link(page + 1, 'next') } : {}),
    ...(page > 1 ? { previousPage: link(page - 1, 'previous') } : {}),
    version: '1.0.0',
  });
}

/** A node's system certificates are printed in that node's zone (each node's JVM formats its own). */
function systemJson(request: LabRequest, hostname: string, c: LabCertificate) {
  const { scenario } = request;
  const zone = nodeZone(scenario, nodeNamed(request, hostname) ?? panOf(scenario));
  return {
    id: c.id,
    friendlyName: c.friendlyName,
    issuedTo: c.issuedTo,
    issuedBy: c.issuedBy,
    validFrom: javaDate(c.validFrom, zone, c.dateZoneName),
    expirationDate: javaDate(c.expirationDate, zone, c.dateZoneName),
    usedBy: c.usedBy ?? 'Not in use',
    // keySize is an integer here and a string in the trusted store (spec, Go SDK).
    keySize: c.keySize,
    groupTag: c.groupTag ?? '',
    selfSigned: c.selfSigned,
    signatureAlgorithm: 'SHA256withRSA',
    portalsUsingTheTag: c.usedBy?.includes('Portal') ? 'Sponsor Portal (default)' : '',
    serialNumberDecimalFormat: c.serialNumberDecimalFormat,
    sha256Fingerprint: c.sha256Fingerprint,
    link: selfLink(`${request.origin}/api/v1/certs/system-certificate/${hostname}/${c.id}`),
  };
}

/** Almost every trusted-store field is a string, switches are "on"/"off" (ise-rest-api.md §2b, 3.4). */
function trustedJson(request: LabRequest, c: LabCertificate) {
  // The trusted store is the PAN's: it answers in its own zone.
  const zone = nodeZone(request.scenario, panOf(request.scenario));
  return {
    id: c.id,
    friendlyName: c.friendlyName,
    subject: c.subject,
    issuedTo: c.issuedTo,
    issuedBy: c.issuedBy,
    validFrom: javaDate(c.validFrom, zone),
    expirationDate: javaDate(c.expirationDate, zone),
    status: c.status ?? 'Enabled',
    internalCA: c.internalCA === true,
    trustedFor: c.trustedFor ?? 'Infrastructure',
    keySize: String(c.keySize),
    signatureAlgorithm: 'SHA256withRSA',
    description: '',
    serialNumberDecimalFormat: c.serialNumberDecimalFormat,
    sha256Fingerprint: c.sha256Fingerprint,
    downloadCRL: 'off',
    crlDistributionUrl: '',
    automaticCRLUpdate: 'off',
    automaticCRLUpdatePeriod: '5',
    automaticCRLUpdateUnits: 'Minutes',
    nonAutomaticCRLUpdatePeriod: '1',
    nonAutomaticCRLUpdateUnits: 'Hours',
    crlDownloadFailureRetries: '10',
    crlDownloadFailureRetriesUnits: 'Minutes',
    enableOCSPValidation: 'off',
    selectedOCSPService: '',
    rejectIfNoStatusFromOCSP: 'off',
    rejectIfUnreachableFromOCSP: 'off',
    enableServerIdentityCheck: 'off',
    ignoreCRLExpiration: 'off',
    authenticateBeforeCRLReceived: 'off',
    link: selfLink(`${request.origin}/api/v1/certs/trusted-certificate/${c.id}`),
  };
}

/** `{hostName}` may be the hostname or the FQDN (the spec: "Hostname or FQDN of the node"). */
function nodeNamed(request: LabRequest, hostName: string) {
  const short = hostName.split('.')[0];
  return request.scenario.nodes.find((n) => n.hostname === short);
}

/** System certificates per node and the trusted store (3.1+, ise-rest-api.md §2). */
export const certificateRoutes: LabRoute[] = [
  {
    method: 'GET',
    family: 'openapi',
    path: /^\/api\/v1\/certs\/system-certificate\/(?<host>[^/]+)\/?$/,
    handle: (request, { host = '' }) => {
      const node = nodeNamed(request, host);
      if (!node) return certError(404, `Node ${host} not found`);
      const certs = systemCertificates(request.scenario, node, request.now);
      return paged(
        request,
        `/api/v1/certs/system-certificate/${host}`,
        certs.map((c) => systemJson(request, host, c)),
      );
    },
  },
  {
    method: 'GET',
    family: 'openapi',
    path: /^\/api\/v1\/certs\/system-certificate\/(?<host>[^/]+)\/(?<id>[0-9a-f-]+)$/,
    handle: (request, { host = '', id }) => {
      const node = nodeNamed(request, host);
      const cert = node && systemCertificates(request.scenario, node, request.now).find((c) => c.id === id);
      if (!cert) return certError(404, `Certificate ${id} not found`);
      return json({ response: systemJson(request, host, cert), version: '1.0.0' });
    },
  },
  {
    method: 'GET',
    family: 'openapi',
    path: /^\/api\/v1\/certs\/trusted-certificate\/?$/,
    handle: (request) =>
      paged(
        request,
        '/api/v1/certs/trusted-certificate',
        trustedCertificates(request.scenario, request.now).map((c) => trustedJson(request, c)),
      ),
  },
  {
    method: 'GET',
    family: 'openapi',
    path: /^\/api\/v1\/certs\/trusted-certificate\/(?<id>[0-9a-f-]+)$/,
    handle: (request, { id }) => {
      const cert = trustedCertificates(request.scenario, request.now).find((c) => c.id === id);
      if (!cert) return certError(404, `Certificate ${id} not found`);
      return json({
        response: { ...trustedJson(request, cert), isReferredInPolicy: false },
        version: '1.0.0',
      });
    },
  },
];
