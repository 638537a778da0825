import type {
  ApplicationStatus,
  BackupHistory,
  RunningConfig,
  ShowDisks,
  ShowMemory,
  ShowNtp,
  ShowRepository,
  ShowTimezone,
  ShowVersion,
} from '../cli/parsers/index.js';
import type { NodeInfo } from '../nodes.js';
import type { IseRelease } from '../release.js';

/**
 * What one readiness run read from ISE (ARCHITECTURE.md "Snapshot"). Every part records where it came
 * from; a part that could not be read says why, and a part this release has no API for says so —
 * never silently missing, never guessed. Checks are pure functions of a Snapshot.
 */
export type Sourced<T> =
  /**
   * `gaps`: pieces of the value that could not be read (one line each, with why): the value is what was
   * read, so a check must not pass on it alone. `notes`: pieces taken as absent for a stated reason.
   */
  | { state: 'ok'; value: T; source: string; gaps?: string[]; notes?: string[] }
  /**
   * The read failed: `error` is a sentence for an ISE admin (cause and what to fix). `answer` marks a read
   * that reached the node but got an answer the bot could not use (invalid command, unrecognised, empty).
   */
  | { state: 'error'; error: string; source: string; answer?: true }
  /** This release has no way to read it (e.g. certificates on 2.7): the check becomes manual. */
  | { state: 'unavailable'; reason: string };

/** What a certificate is, apart from its expiry. */
export interface CertificateFacts {
  /** The node a system certificate belongs to; absent for the trusted store. */
  node?: string;
  store: 'system' | 'trusted';
  friendlyName: string;
  /** Admin, EAP Authentication, Portal, pxGrid, RADIUS DTLS, SAML, ISE Messaging Service; trustedFor for trusted. */
  usage: string[];
  subject: string;
  issuer: string;
  notBefore?: Date;
  /** SHA-256 fingerprint: identifies the certificate across renewals and alert state. */
  fingerprint: string;
  internalCa: boolean;
  selfSigned?: boolean;
  /** Trusted store: enabled/disabled; absent when ISE did not say (then it counts as enabled). */
  enabled?: boolean;
  /**
   * System store: false when ISE says the certificate is `Not in use`, true when it names a usage;
   * absent when ISE did not say (no `usedBy`, or an empty one): unknown, never read as unused.
   */
  inUse?: boolean;
  /** System store: the portal certificate group tag (`groupTag`), when ISE gave a non-empty one. */
  groupTag?: string;
  /** How the expiry was read when that is worth saying (an ambiguous zone name read without the zone). */
  expiryNote?: string;
  /** The dates as ISE printed them, so they can be read again once the node's clock zone is known. */
  printedDates?: { validFrom?: string; expirationDate?: string };
}

/** A date ISE printed that the bot could not place in time: the text (at most 200 characters) and why. */
export interface UnreadableDate {
  field: 'expirationDate';
  text: string;
  /** A sentence for an ISE admin. */
  reason: string;
}

/**
 * One certificate. Its expiry is either read (`notAfter`) or, when ISE's text could not be read, left
 * unknown with the text and the reason (`unreadable`): that certificate is then `error` in every check,
 * and the others are still judged.
 */
export type CertificateInfo = CertificateFacts &
  ({ notAfter: Date; unreadable?: undefined } | { notAfter?: undefined; unreadable: UnreadableDate });

export type DatedCertificate = CertificateFacts & { notAfter: Date; unreadable?: undefined };
export type UndatedCertificate = CertificateFacts & { notAfter?: undefined; unreadable: UnreadableDate };

export interface PolicyCondition {
  id: string;
  name: string;
  /** LibraryConditionAttributes (simple), LibraryConditionAndBlock/OrBlock (compound), ... */
  conditionType: string;
  /** `network-access` or `device-admin`. */
  scope: string;
  dictionaryName?: string;
  attributeName?: string;
  attributeValue?: string;
}

export interface AuthorizationRule {
  policySet: string;
  name: string;
  state: string;
  /** Hit count; undefined when ISE does not say. */
  hits?: number;
  /** Every dictionary the rule's condition tree names, directly or through library conditions. */
  dictionaries: string[];
  /** Attribute values compared against MDM dictionary attributes (server names where ISE says them). */
  mdmServers: string[];
}

export interface PolicySetInfo {
  name: string;
  state: string;
  hits?: number;
  isDefault: boolean;
}

export interface MdmInfo {
  /** From deploymentinfo (2.7+): the count of active MDM servers; ISE exposes no list. */
  activeServers: number;
}

export interface PanFailover {
  enabled: boolean;
  primaryHealthCheckNode?: string;
  secondaryHealthCheckNode?: string;
}

export interface BackupStatus {
  type: 'CONFIGURATION_DB' | 'OPERATIONAL_DB' | string;
  status: 'COMPLETED' | 'ERROR' | 'IN_PROGRESS' | string;
  name: string;
  repository: string;
  startDate?: Date;
  message: string;
  initiatedFrom?: string;
}

export interface Repository {
  name: string;
  /** CDROM | DISK | FTP | HTTP | HTTPS | NFS | SFTP | TFTP (ise-rest-api.md §7d). */
  protocol: string;
  serverName?: string;
  path?: string;
}

export interface Licensing {
  /** e.g. `SSM_ONPREM_SERVER`, `HTTP_DIRECT`, `Direct Https` (deploymentinfo on 2.7). */
  connectionType: string;
}

export interface AdJoinPoint {
  name: string;
  domain: string;
}

export interface NodeGroup {
  name: string;
  members: string[];
}

/** One node's ISE CLI facts, each read over that node's single SSH session. */
export interface NodeCli {
  version?: Sourced<ShowVersion>;
  ntp?: Sourced<ShowNtp>;
  disks?: Sourced<ShowDisks>;
  memory?: Sourced<ShowMemory>;
  services?: Sourced<ApplicationStatus>;
  runningConfig?: Sourced<RunningConfig>;
  backupHistory?: Sourced<BackupHistory>;
  /** `show timezone`: the clock zone certificate dates are printed in (read when certificates are). */
  timezone?: Sourced<ShowTimezone>;
  /** `show repository NAME` per repository name. */
  repositoryFiles?: Record<string, Sourced<ShowRepository>>;
}

export interface PortProbe {
  node: string;
  port: number;
  open: boolean;
  detail?: string;
}

export interface Snapshot {
  deployment: string;
  takenAt: Date;
  release: Sourced<IseRelease>;
  nodes: Sourced<NodeInfo[]>;
  nodeGroups?: Sourced<NodeGroup[]>;
  certificates?: Sourced<CertificateInfo[]>;
  conditions?: Sourced<PolicyCondition[]>;
  policySets?: Sourced<PolicySetInfo[]>;
  authorizationRules?: Sourced<AuthorizationRule[]>;
  sponsorGroups?: Sourced<Array<{ id: string; name: string }>>;
  mdm?: Sourced<MdmInfo>;
  panFailover?: Sourced<PanFailover>;
  /** Latest status per backup type (3.1+ API). */
  lastBackups?: Sourced<BackupStatus[]>;
  repositories?: Sourced<Repository[]>;
  licensing?: Sourced<Licensing>;
  adJoinPoints?: Sourced<AdJoinPoint[]>;
  /** Profiler probes per PSN hostname. */
  profiler?: Sourced<Record<string, string[]>>;
  /** Product id per hostname (`ISE-VM-K9` for a VM, `SNS-…` for an appliance), from deploymentinfo. */
  platforms?: Sourced<Record<string, string>>;
  /** Disk size in bytes per virtual node's hostname, from deploymentinfo `VMDiskSpace`. */
  vmDisks?: Sourced<Record<string, number>>;
  /** Per node hostname. */
  cli: Record<string, NodeCli>;
  ports?: Sourced<PortProbe[]>;
}

/** The parts a check can ask for; the collector reads only the union of what the selected checks need. */
export type Need =
  | 'nodes'
  | 'nodeGroups'
  | 'certificates'
  | 'conditions'
  | 'policySets'
  | 'authorizationRules'
  | 'sponsorGroups'
  | 'mdm'
  | 'panFailover'
  | 'lastBackups'
  | 'repositories'
  | 'licensing'
  | 'adJoinPoints'
  | 'profiler'
  | 'platforms'
  | 'vmDisks'
  | 'ports'
  | `cli:${Exclude<keyof NodeCli, 'repositoryFiles'>}`
  | 'cli:repositoryFiles';
