import { personas } from '../../ise/nodes.js';
import type { CertificateInfo } from '../../ise/snapshot/types.js';
import { certLine, UNDATED_REMEDIATION } from '../certificates.js';
import { type EvidenceLine, faultyFirst, finding, names, read } from '../finding.js';
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
    const evidence: EvidenceLine[] = [];
    const broken: string[] = [];
    const unknown: string[] = [];
    for (const node of expected) {
      // ISE keeps the old chain after "Replace ISE Root CA chain": the node is good when one of its
      // Endpoint Sub CA certificates chains up, and the best candidate is the one to report otherwise.
      const subs = ca
        .filter(
          (c) => SUB_CA.test(c.friendlyName) && (c.node === node.hostname || namesNode(c, node.hostname)),
        )
        .sort(preferred(context.now));
      if (subs.length === 0) {
        broken.push(node.hostname);
        evidence.push({
          line: `${node.hostname}: no "Certificate Services Endpoint Sub CA" certificate`,
          status: 'fail',
        });
        continue;
      }
      const walks = subs.map((sub) => ({ sub, walk: walk(sub, ca, context.now) }));
      const good = walks.find((w) => w.walk.ok);
      const problem = (w: Walk) => (w.ok ? '' : w.problem);
      const older =
        subs.length > 1
          ? ` (${subs.length - 1} more Endpoint Sub CA ${subs.length === 2 ? 'certificate' : 'certificates'} for this node in the store, e.g. from before a "Replace ISE Root CA chain")`
          : '';
      const first = walks[0];
      if (good === undefined && first !== undefined && !first.walk.ok && first.walk.unreadable) {
        // An expiry that could not be read is not a broken chain: that node is left unknown.
        unknown.push(node.hostname);
        evidence.push({ line: `${node.hostname}: ${problem(first.walk)}${older}`, status: 'error' });
      } else if (good === undefined) {
        broken.push(node.hostname);
        if (first)
          evidence.push({
            line: `${node.hostname}: ${problem(first.walk)}${first.sub.notAfter ? `; ${certLine(first.sub, context.now)}` : ''}${older}`,
            status: 'fail',
          });
      } else {
        evidence.push({
          line: `${node.hostname}: ${good.sub.friendlyName} chains to ${good.walk.ok ? good.walk.root.subject : 'its root'}${older}`,
          status: 'pass',
        });
      }
    }
    if (broken.length > 0) {
      return finding(base, {
        status: 'fail',
        summary: `The internal CA chain is broken or missing for ${names(broken)}.`,
        nodes: broken,
        ...faultyFirst(evidence),
        remediation: `Regenerate the internal CA chain: Administration > System > Certificates > Certificate Management > Certificate Signing Requests > Generate Certificate Signing Requests (CSR) > ISE Root CA (replaces the whole chain), then check each node in ${MENU.caCerts} shows "Certificate Status is Good".`,
      });
    }
    if (unknown.length > 0) {
      return finding(base, {
        status: 'error',
        summary: `The expiry of a certificate in the internal CA chain of ${names(unknown)} could not be read; the chain of every other node is complete and valid.`,
        nodes: unknown,
        ...faultyFirst(evidence),
        remediation: UNDATED_REMEDIATION,
      });
    }
    return finding(base, {
      status: 'pass',
      summary: `The internal CA chain is complete and valid for all ${expected.length} PAN and PSN nodes.`,
      ...faultyFirst(evidence),
      remediation: 'Nothing to do.',
    });
  },
};

function isRoot(cert: CertificateInfo): boolean {
  return cert.selfSigned === true || sameName(cert.subject, cert.issuer);
}

/** Valid before expired, enabled before disabled, then the longest-lived: the certificate ISE would use. */
function preferred(now: Date): (a: CertificateInfo, b: CertificateInfo) => number {
  // An expiry that could not be read ranks between a valid and an expired certificate.
  const live = (c: CertificateInfo) =>
    c.notAfter === undefined ? 1 : c.notAfter.getTime() > now.getTime() ? 0 : 2;
  const on = (c: CertificateInfo) => (c.enabled === false ? 1 : 0);
  const end = (c: CertificateInfo) => c.notAfter?.getTime() ?? 0;
  return (a, b) => live(a) - live(b) || on(a) - on(b) || end(b) - end(a);
}

type Walk = { ok: true; root: CertificateInfo } | { ok: false; problem: string; unreadable?: boolean };

const MAX_DEPTH = 6;

/**
 * Walks issuer links up to a self-signed root. Several certificates may carry the issuer's name (the old
 * and the new chain); any one that leads to a valid root makes the chain good. At most six links, so a
 * loop cannot hang the check.
 */
function walk(cert: CertificateInfo, pool: readonly CertificateInfo[], now: Date, depth = 0): Walk {
  if (cert.unreadable)
    return {
      ok: false,
      problem: `the expiry date of ${cert.friendlyName} ("${cert.unreadable.text}") could not be read: ${cert.unreadable.reason}`,
      unreadable: true,
    };
  if (cert.notAfter.getTime() <= now.getTime())
    return { ok: false, problem: `${cert.friendlyName} has expired` };
  if (isRoot(cert)) return { ok: true, root: cert };
  if (depth >= MAX_DEPTH) return { ok: false, problem: 'the chain is longer than six certificates or loops' };
  const issuers = pool.filter((c) => c !== cert && sameName(c.subject, cert.issuer)).sort(preferred(now));
  let first: Walk | undefined;
  for (const issuer of issuers) {
    const next = walk(issuer, pool, now, depth + 1);
    if (next.ok) return next;
    first ??= next;
  }
  return (
    first ?? { ok: false, problem: `the issuer of ${cert.friendlyName} (${cert.issuer}) is not in the store` }
  );
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
