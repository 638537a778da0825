import { personas } from '../../ise/nodes.js';
import type { CertificateInfo } from '../../ise/snapshot/types.js';
import { certLine, UNDATED_REMEDIATION } from '../certificates.js';
import { finding, names, read } from '../finding.js';
import { GUIDE, MENU } from '../sections.js';
import type { Check } from '../types.js';

const base = {
  id: 'internal-ca-chain',
  title: 'Internal CA chain good on every node',
  section: GUIDE.caChain,
};
const LOOK = `Open ${MENU.caCerts}; for each node select "Certificate Services Endpoint Sub CA - <node>", click View, and look for "Certificate Status is Good".`;
const SUB_CA = /certificate services endpoint sub ca/i;

/**
 * "Before upgrading to Cisco ISE 3.0, ensure that the internal CA certificate chain is valid" (CA
 * Certificate Chain). Each PAN and PSN has an Endpoint Sub CA issued through the Node CA by the Root CA;
 * the chain is broken when a link is missing from the store or has expired.
 */
export const internalCaChain: Check = {
  ...base,
  kind: 'automated',
  needs: ['nodes', 'certificates'],
  evaluate(snapshot, context) {
    const certs = read(base, snapshot.certificates, 'CA certificates', { look: LOOK });
    if (!certs.ok) return certs.finding;
    const nodes = read(base, snapshot.nodes, 'deployment nodes', { look: LOOK });
    if (!nodes.ok) return nodes.finding;
    const ca = certs.value.filter((c) => c.internalCa || /certificate services/i.test(c.friendlyName));
    const expected = nodes.value.filter((n) => personas(n).some((p) => p === 'PAN' || p === 'PSN'));
    const evidence: string[] = [];
    const broken: string[] = [];
    const unknown: string[] = [];
    for (const node of expected) {
      const sub = ca.find(
        (c) => SUB_CA.test(c.friendlyName) && (c.node === node.hostname || namesNode(c, node.hostname)),
      );
      if (sub === undefined) {
        broken.push(node.hostname);
        evidence.push(`${node.hostname}: no "Certificate Services Endpoint Sub CA" certificate`);
        continue;
      }
      const problem = chainProblem(sub, ca, context.now);
      if (problem?.unreadable) {
        unknown.push(node.hostname);
        evidence.push(`${node.hostname}: ${problem.text}`);
      } else if (problem) {
        broken.push(node.hostname);
        evidence.push(
          `${node.hostname}: ${problem.text}${sub.notAfter ? `; ${certLine(sub, context.now)}` : ''}`,
        );
      } else {
        evidence.push(
          `${node.hostname}: ${sub.friendlyName} chains to ${rootOf(sub, ca)?.subject ?? 'its root'}`,
        );
      }
    }
    if (broken.length > 0) {
      return finding(base, {
        status: 'fail',
        summary: `The internal CA chain is broken or missing for ${names(broken)}.`,
        nodes: broken,
        evidence,
        remediation: `Regenerate the internal CA chain: Administration > System > Certificates > Certificate Management > Certificate Signing Requests > Generate Certificate Signing Requests (CSR) > ISE Root CA (replaces the whole chain), then check each node in ${MENU.caCerts} shows "Certificate Status is Good".`,
      });
    }
    if (unknown.length > 0) {
      return finding(base, {
        status: 'error',
        summary: `The expiry of a certificate in the internal CA chain of ${names(unknown)} could not be read; the chain of every other node is complete and valid.`,
        nodes: unknown,
        evidence,
        remediation: UNDATED_REMEDIATION,
      });
    }
    return finding(base, {
      status: 'pass',
      summary: `The internal CA chain is complete and valid for all ${expected.length} PAN and PSN nodes.`,
      evidence,
      remediation: 'Nothing to do.',
    });
  },
};

function issuerOf(cert: CertificateInfo, pool: readonly CertificateInfo[]): CertificateInfo | undefined {
  return pool.find((c) => c !== cert && sameName(c.subject, cert.issuer));
}

function isRoot(cert: CertificateInfo): boolean {
  return cert.selfSigned === true || sameName(cert.subject, cert.issuer);
}

function rootOf(cert: CertificateInfo, pool: readonly CertificateInfo[]): CertificateInfo | undefined {
  let current: CertificateInfo | undefined = cert;
  for (let depth = 0; current && depth < 6; depth++) {
    if (isRoot(current)) return current;
    current = issuerOf(current, pool);
  }
  return undefined;
}

/** Walks issuer links up to a self-signed root; at most 6 links so a loop cannot hang the check. */
function chainProblem(
  cert: CertificateInfo,
  pool: readonly CertificateInfo[],
  now: Date,
): { text: string; unreadable?: boolean } | undefined {
  let current = cert;
  for (let depth = 0; depth < 6; depth++) {
    if (current.unreadable)
      return {
        text: `the expiry date of ${current.friendlyName} ("${current.unreadable.text}") could not be read: ${current.unreadable.reason}`,
        unreadable: true,
      };
    if (current.notAfter.getTime() <= now.getTime()) return { text: `${current.friendlyName} has expired` };
    if (isRoot(current)) return undefined;
    const next = issuerOf(current, pool);
    if (next === undefined)
      return { text: `the issuer of ${current.friendlyName} (${current.issuer}) is not in the store` };
    current = next;
  }
  return { text: 'the chain is longer than six certificates or loops' };
}

/** "…Endpoint Sub CA - ise-psn1" or "…- ise-psn1#00011", but not "…- ise-psn10". */
function namesNode(cert: CertificateInfo, hostname: string): boolean {
  return [cert.friendlyName, commonName(cert.subject)].some((n) =>
    (n.split('#')[0] ?? '').trim().endsWith(`- ${hostname}`),
  );
}

/**
 * ISE's trusted-store API gives the subject as a DN (`CN=…`) but the issuer as the bare common name
 * (ise-rest-api.md §2b), so names are compared by their CN.
 */
function commonName(name: string): string {
  return (/(?:^|,)\s*CN=([^,]+)/i.exec(name)?.[1] ?? name).trim();
}

function sameName(a: string, b: string): boolean {
  return commonName(a).toLowerCase() === commonName(b).toLowerCase();
}
