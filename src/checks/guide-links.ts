import { GUIDE, MENU } from './sections.js';

/**
 * Where each finding points: its section of Cisco's guide, and the ISE admin page where the fix is made.
 * Both are data: one table per kind, keyed by what the checks already name (the guide heading, the
 * check id).
 */

/** Cisco ISE 3.0 Upgrade Guide, chapter "Prepare for Upgrade" (the source of the reference copy). */
export const GUIDE_CHAPTER_URL =
  'https://www.cisco.com/c/en/us/td/docs/security/ise/3-0/upgrade_guide/HTML/b_upgrade_prepare_3_0.html';

/**
 * The guide section as a link. Cisco's pages carry generated per-section anchors we could not learn from
 * public sources, so a section is reached by a text fragment on its heading (`#:~:text=`, supported by
 * Chrome, Edge and Safari; other browsers open the chapter at its top). The headings are the guide's as
 * printed (GUIDE); a heading not among them links the chapter.
 */
export function guideUrl(section: string): string {
  if (!(Object.values(GUIDE) as string[]).includes(section)) return GUIDE_CHAPTER_URL;
  return `${GUIDE_CHAPTER_URL}#:~:text=${textDirective(section)}`;
}

/** A text directive's value: percent-encoded, with `-`, `&` and `,` (its own syntax) encoded too. */
function textDirective(value: string): string {
  return encodeURIComponent(value).replace(
    /[-!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** An admin GUI page: the menu path an admin follows, and its URL fragment where one is known. */
interface AdminPage {
  menu: string;
  /**
   * The `#…` route of ISE's admin single-page app. Only routes seen in public automation against live
   * ISE (Selenium page objects, scripts) are set; elsewhere the link opens the admin home and the menu
   * path says where to go. Where the route is a parent page of the menu path, the path still names it all.
   */
  fragment?: string;
}

const DEPLOYMENT: AdminPage = {
  menu: MENU.deployment,
  fragment: 'administration/administration_system/administration_system_deployment',
};
const LICENSING: AdminPage = {
  menu: MENU.licensing,
  fragment: 'administration/administration_system/administration_system_licensing',
};
const CONDITIONS: AdminPage = {
  menu: MENU.conditions,
  fragment: 'policy/policy_elements/policy_elements_conditions',
};
const POLICY_SETS: AdminPage = { menu: MENU.policySets, fragment: 'policy/policy_grouping_new' };
const SPONSOR_GROUPS: AdminPage = {
  menu: MENU.sponsorGroups,
  fragment: 'workcenters/workcenter_guest_access/workcenter_guest_access_configure',
};
const MDM: AdminPage = { menu: MENU.mdm, fragment: 'administration/administration_networkresources' };
// Inferred: no public source shows these pages' routes.
const BACKUP: AdminPage = { menu: MENU.backup };
const REPOSITORIES: AdminPage = { menu: MENU.repositories };
const CERTIFICATES: AdminPage = { menu: 'Administration > System > Certificates' };
const CA_CERTIFICATES: AdminPage = { menu: MENU.caCerts };
const PATCHES: AdminPage = { menu: 'Administration > System > Maintenance > Patch Management' };
const AD: AdminPage = { menu: MENU.adJoin };
const LOGGING: AdminPage = { menu: 'Administration > System > Logging' };
const PURGING: AdminPage = { menu: 'Administration > System > Maintenance > Operational Data Purging' };

/**
 * Check id → the page where its fix is made. Checks fixed at the CLI, on the hypervisor, the network or
 * outside ISE (ntp, disk-space, firewall-ports, urt, upgrade-bundle, load-balancer, …) have none.
 */
export const ADMIN_PAGES: Readonly<Record<string, AdminPage>> = {
  'node-status': DEPLOYMENT,
  'version-parity': PATCHES,
  'latest-patch': PATCHES,
  'ssm-onprem': LICENSING,
  'certificates-expired': CERTIFICATES,
  'certificates-expiring': CERTIFICATES,
  'internal-ca-chain': CA_CERTIFICATES,
  'condition-name-clash': CONDITIONS,
  'sponsor-group-ascii': SPONSOR_GROUPS,
  'mdm-servers-active': MDM,
  'pan-failover': DEPLOYMENT,
  'scheduled-backups': BACKUP,
  'recent-backup': BACKUP,
  repository: REPOSITORIES,
  'ad-join': AD,
  'profiler-config': DEPLOYMENT,
  'certificate-export': CERTIFICATES,
  'stale-policy': POLICY_SETS,
  'mnt-data': PURGING,
  'post-upgrade': LOGGING,
};

/**
 * `https://<pan>/admin/`: ISE serves its admin GUI and the Open API on the same HTTPS port, so a
 * non-default `rest.openApiPort` is kept.
 */
export function adminBase(pan: string, port = 443): string {
  const host = pan.includes(':') && !pan.startsWith('[') ? `[${pan}]` : pan;
  return `https://${host}${port === 443 ? '' : `:${port}`}/admin/`;
}

export interface AdminLink {
  menu: string;
  url: string;
}

/** The admin page of a check on this PAN, or undefined when its fix is not made in the admin GUI. */
export function adminLink(checkId: string, base: string | undefined): AdminLink | undefined {
  const page = ADMIN_PAGES[checkId];
  if (page === undefined || base === undefined) return undefined;
  return { menu: page.menu, url: page.fragment ? `${base}#${page.fragment}` : base };
}
