import type { CertificateInfo } from '../snapshot/types.js';
import { withDates } from './certificate-dates.js';
import type { ReadContext } from './context.js';

interface Page<T> {
  response?: T[];
  nextPage?: { href?: string };
}

interface SystemCert {
  friendlyName: string;
  issuedTo?: string;
  issuedBy?: string;
  validFrom?: string;
  expirationDate?: string;
  usedBy?: string;
  groupTag?: string;
  selfSigned?: boolean;
  sha256Fingerprint?: string;
  id?: string;
}

interface TrustedCert extends Omit<SystemCert, 'usedBy'> {
  subject?: string;
  internalCA?: boolean;
  trustedFor?: string;
  status?: string;
}

/** Every page of an OpenAPI certificate list (they page, unlike the other modules: ise-rest-api.md §10). */
async function allPages<T>(ctx: ReadContext, path: string): Promise<T[]> {
  const out: T[] = [];
  let next: string | undefined = `${path}?page=1&size=100`;
  for (let n = 0; next !== undefined && n < 100; n++) {
    const page: Page<T> = await ctx.getJson<Page<T>>('openapi', next);
    out.push(...(page.response ?? []));
    const href = page.nextPage?.href;
    next = href && (page.response ?? []).length > 0 ? pathOf(href) : undefined;
  }
  return out;
}

function pathOf(href: string): string {
  const url = new URL(href, 'https://ise.invalid');
  return `${url.pathname}${url.search}`;
}

/**
 * What `usedBy` says about use: ISE writes `Not in use` for a certificate bound to nothing (§2a). An
 * absent or empty `usedBy` says nothing, so it stays unknown (and the certificate is still warned about).
 */
function inUse(usedBy: string | undefined): { inUse?: boolean } {
  if (usedBy === undefined || usedBy.trim() === '') return {};
  return { inUse: list(usedBy).length > 0 };
}

/** `Enabled` / `Disabled` in any casing (§2b); anything else or nothing is not known to be disabled. */
function enabled(status: string | undefined): { enabled?: boolean } {
  const s = status?.trim().toLowerCase();
  return s === 'disabled' ? { enabled: false } : s === 'enabled' ? { enabled: true } : {};
}

const list = (text: string | undefined) =>
  (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s && s !== 'Not in use');

/**
 * 3.1+: system certificates of every node (sent to the PAN with the node's name) and the trusted store.
 * Dates are Java `Date.toString()` in the appliance zone (third-party reports; the format is not stated
 * by Cisco, ise-rest-api.md §2a). They are read here without the node's zone; the collector reads them
 * again once `show timezone` told it (`rereadWithZones`). An unreadable expiry costs that certificate only.
 */
export async function readCertificates(ctx: ReadContext): Promise<CertificateInfo[]> {
  const nodes = await ctx.nodes();
  const perNode = await Promise.all(
    nodes.map(async (node) => {
      const certs = await allPages<SystemCert>(
        ctx,
        `/api/v1/certs/system-certificate/${encodeURIComponent(node.hostname)}`,
      );
      return certs.map(
        (c): CertificateInfo =>
          withDates(
            {
              node: node.hostname,
              store: 'system',
              friendlyName: c.friendlyName,
              usage: list(c.usedBy),
              ...inUse(c.usedBy),
              ...(c.groupTag ? { groupTag: c.groupTag } : {}),
              subject: c.issuedTo ?? '',
              issuer: c.issuedBy ?? '',
              fingerprint: c.sha256Fingerprint ?? c.id ?? c.friendlyName,
              internalCa: false,
              ...(c.selfSigned === undefined ? {} : { selfSigned: c.selfSigned }),
            },
            c,
          ),
      );
    }),
  );
  const trusted = await allPages<TrustedCert>(ctx, '/api/v1/certs/trusted-certificate');
  return [
    ...perNode.flat(),
    ...trusted.map(
      (c): CertificateInfo =>
        withDates(
          {
            store: 'trusted',
            friendlyName: c.friendlyName,
            usage: list(c.trustedFor),
            subject: c.subject ?? c.issuedTo ?? '',
            issuer: c.issuedBy ?? '',
            fingerprint: c.sha256Fingerprint ?? c.id ?? c.friendlyName,
            internalCa: c.internalCA === true,
            selfSigned: c.issuedBy !== undefined && c.issuedBy === c.issuedTo,
            // GET casing is undocumented (Enabled / enabled): compare case-insensitively (§2b).
            ...enabled(c.status),
          },
          c,
        ),
    ),
  ];
}
