import { createHash } from 'node:crypto';
import { labId } from './rest/ids.js';
import { daysFrom, fqdn, type LabNode, panOf, type Scenario } from './scenario.js';
import { isPsn, type LabSystemCertificate } from './scenario-node.js';

/** A certificate as the lab serves it; dates are absolute here, computed from the scenario's day offsets. */
export interface LabCertificate {
  id: string;
  friendlyName: string;
  subject: string;
  issuedTo: string;
  issuedBy: string;
  validFrom: Date;
  expirationDate: Date;
  selfSigned: boolean;
  keySize: number;
  sha256Fingerprint: string;
  serialNumberDecimalFormat: string;
  /** Fault: the zone name printed in the dates instead of Java's. */
  dateZoneName?: string;
  /** System certificates. */
  usedBy?: string;
  groupTag?: string;
  /** Trusted store. */
  internalCA?: boolean;
  trustedFor?: string;
  status?: string;
}

/** Stable across lab restarts: the fingerprint identifies a certificate in alert state and in tests. */
function identity(...parts: string[]) {
  const hash = createHash('sha256').update(parts.join('/')).digest('hex');
  return {
    id: labId('cert', ...parts),
    // INFERENCE: ISE's sha256Fingerprint text format is not documented; plain lowercase hex here.
    sha256Fingerprint: hash,
    serialNumberDecimalFormat: BigInt(`0x${hash.slice(0, 30)}`).toString(10),
  };
}

function defaultSystemCertificates(scenario: Scenario, node: LabNode): LabSystemCertificate[] {
  const name = fqdn(scenario, node);
  const certs: LabSystemCertificate[] = [
    {
      friendlyName: `Admin and EAP - ${node.hostname}`,
      usedBy: 'Admin, EAP Authentication, RADIUS DTLS',
      issuedBy: 'Corp Issuing CA',
      selfSigned: false,
      expiresInDays: 420,
      validFromDaysAgo: 310,
      keySize: 2048,
      groupTag: '',
    },
    {
      friendlyName: `Default self-signed saml server certificate - CN=SAML_${name}`,
      usedBy: 'SAML',
      issuedTo: `SAML_${name}`,
      issuedBy: `SAML_${name}`,
      selfSigned: true,
      expiresInDays: 300,
      validFromDaysAgo: 430,
      keySize: 2048,
      groupTag: '',
    },
    {
      friendlyName: `ISE Messaging Service - ${node.hostname}`,
      usedBy: 'ISE Messaging Service',
      issuedBy: `Certificate Services Endpoint Sub CA - ${node.hostname}`,
      selfSigned: false,
      expiresInDays: 1500,
      validFromDaysAgo: 300,
      keySize: 4096,
      groupTag: '',
    },
  ];
  if (isPsn(node)) {
    certs.push({
      friendlyName: `Guest Portal - ${node.hostname}`,
      usedBy: 'Portal',
      issuedBy: 'Corp Issuing CA',
      selfSigned: false,
      expiresInDays: 420,
      validFromDaysAgo: 310,
      keySize: 2048,
      groupTag: 'Default Portal Certificate Group',
    });
  }
  if (node.services.includes('pxGrid')) {
    certs.push({
      friendlyName: `pxGrid - ${node.hostname}`,
      usedBy: 'pxGrid',
      issuedBy: `Certificate Services Endpoint Sub CA - ${node.hostname}`,
      selfSigned: false,
      expiresInDays: 700,
      validFromDaysAgo: 300,
      keySize: 4096,
      groupTag: '',
    });
  }
  return certs;
}

export function systemCertificates(scenario: Scenario, node: LabNode, now: Date): LabCertificate[] {
  return (node.certificates ?? defaultSystemCertificates(scenario, node)).map((c) => {
    const issuedTo = c.issuedTo ?? fqdn(scenario, node);
    return {
      ...identity(scenario.name, 'system', node.hostname, c.friendlyName),
      friendlyName: c.friendlyName,
      subject: `CN=${issuedTo}`,
      issuedTo,
      issuedBy: c.selfSigned ? issuedTo : c.issuedBy,
      validFrom: daysFrom(now, -c.validFromDaysAgo),
      expirationDate: daysFrom(now, c.expiresInDays),
      selfSigned: c.selfSigned,
      keySize: c.keySize,
      usedBy: c.usedBy,
      groupTag: c.groupTag,
      ...(c.dateZoneName === undefined ? {} : { dateZoneName: c.dateZoneName }),
    };
  });
}

/**
 * The trusted store: the scenario's CAs plus ISE's internal CA chain. Friendly names follow the ones
 * third-party output shows (`Certificate Services Root CA - <pan>#00001`, ise-rest-api.md §2b); that each
 * node's Endpoint Sub CA is issued by the PAN's Node CA follows the same example.
 */
export function trustedCertificates(scenario: Scenario, now: Date): LabCertificate[] {
  const out: LabCertificate[] = scenario.trustedCertificates.map((c) => {
    const issuedTo = c.issuedTo ?? c.friendlyName;
    return {
      ...identity(scenario.name, 'trusted', c.friendlyName),
      friendlyName: c.friendlyName,
      subject: `CN=${issuedTo}`,
      issuedTo,
      issuedBy: c.issuedBy ?? issuedTo,
      validFrom: daysFrom(now, -c.validFromDaysAgo),
      expirationDate: daysFrom(now, c.expiresInDays),
      selfSigned: (c.issuedBy ?? issuedTo) === issuedTo,
      keySize: 4096,
      internalCA: false,
      trustedFor: c.trustedFor,
      status: c.status,
    };
  });
  const ca = scenario.internalCa;
  if (!ca.enabled) return out;
  const pan = panOf(scenario).hostname;
  let serial = 0;
  const internal = (cn: string, issuedBy: string, expiresInDays: number): LabCertificate => {
    serial++;
    const friendlyName = `${cn}#${String(serial).padStart(5, '0')}`;
    return {
      ...identity(scenario.name, 'trusted', cn),
      friendlyName,
      subject: `CN=${cn}`,
      issuedTo: cn,
      issuedBy,
      validFrom: daysFrom(now, -400),
      expirationDate: daysFrom(now, expiresInDays),
      selfSigned: cn === issuedBy,
      keySize: 4096,
      internalCA: true,
      trustedFor: 'Infrastructure,Endpoints',
      status: 'Enabled',
    };
  };
  const root = `Certificate Services Root CA - ${pan}`;
  const nodeCa = `Certificate Services Node CA - ${pan}`;
  out.push(internal(root, root, 3250), internal(nodeCa, root, 3250));
  for (const node of scenario.nodes) {
    if (ca.missingSubCaFor.includes(node.hostname)) continue;
    const expired = ca.expiredSubCaFor.includes(node.hostname);
    const subCa = `Certificate Services Endpoint Sub CA - ${node.hostname}`;
    out.push(
      internal(subCa, nodeCa, expired ? -12 : 3250),
      internal(`Certificate Services OCSP Responder - ${node.hostname}`, subCa, expired ? -12 : 3250),
    );
  }
  return out;
}
