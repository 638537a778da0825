/**
 * One ISE node as its admin CLI shows it. Plain data only, so the lab's scenario loader can map YAML onto
 * it; the renderers in this folder turn it into the exact output formats of docs ise-cli.md.
 * Dates are ISO strings (UTC) so that YAML and JSON carry them unchanged.
 */
export interface CliNodeFacts {
  hostname: string;
  domain: string;
  /** User name shown in the prompt, e.g. `admin` (on-prem) or `iseadmin` (cloud, ISE 3.2+). */
  promptUser: string;
  /** `#` for the admin role, `>` for a non-admin CLI user (ise-cli.md §1.1). */
  promptRole?: 'admin' | 'user';
  /** Full ISE version, e.g. `2.7.0.356`. */
  version: string;
  /** Installed patches, oldest first; empty or absent means none. */
  patches?: CliPatch[];
  /** ADE-OS build, e.g. `3.2.0.401`; the release line is its first two parts. */
  adeOsVersion: string;
  buildDate: string;
  installDate: string;
  platform: CliPlatform;
  uptimeSeconds: number;
  ntp: CliNtpFacts;
  disks: CliDisk[];
  memory: CliMemory;
  processes: CliProcess[];
  repositories: CliRepository[];
  backupHistory: CliBackupHistoryEntry[];
  /** The backup running now, if any: a second one is refused while it runs. */
  runningBackup?: CliRunningBackup;
  /** Extra `show running-config` lines (interfaces, policies...), inserted after the generated header. */
  configLines: string[];
  /** The `clock timezone` (IANA name); UTC, ISE's install default, when absent. */
  timezone?: string;
  /** Optional text printed after login, before the first prompt (a post-login banner). */
  banner?: string;
}

export interface CliPatch {
  number: number;
  installDate: string;
}

export type CliPlatform =
  | { kind: 'vm'; hypervisor: string; cpus: number }
  | { kind: 'appliance'; model: string; serial: string };

export interface CliNtpFacts {
  /** `ntpd` on ISE <= 2.7, `chrony` on 3.x. */
  form: 'ntpd' | 'chrony';
  servers: CliNtpServer[];
  synchronised: boolean;
  /** The server synchronised to; the first reachable server when absent. */
  syncedTo?: string;
  stratum: number;
  /** Root dispersion in milliseconds (chrony prints seconds). */
  rootDispersionMs: number;
}

export interface CliNtpServer {
  address: string;
  reachable: boolean;
  stratum?: number;
}

export interface CliDisk {
  /** Mount point, e.g. `/opt`. */
  filesystem: string;
  /** Sizes in 1K blocks, as `show disks` prints them. */
  totalKb: number;
  usedKb: number;
  freeKb: number;
}

export interface CliMemory {
  totalKb: number;
  usedKb: number;
  freeKb: number;
}

export interface CliProcess {
  /** Process name as `show application status ise` prints it, e.g. `Application Server`. */
  name: string;
  state: 'running' | 'disabled' | 'not running' | 'initializing';
  /** PID, or the `98 PROCESSES` text the Database Server shows; absent unless running. */
  pid?: number | string;
  /** Print a blank line before this row, as ISE 2.4 does before the Wifi Setup Helper row. */
  blankBefore?: boolean;
}

export interface CliRepository {
  name: string;
  /** e.g. `sftp://10.1.1.5/backups`, `disk:/`, `ftp://...`, `nfs://host:/export`. */
  url: string;
  user?: string;
  files: string[];
  /** When false, listing and backups fail as if the server were unreachable. */
  reachable?: boolean;
}

export interface CliBackupHistoryEntry {
  /** When the backup finished. */
  date: string;
  fileName: string;
  repository: string;
  status: 'success' | 'failed';
  /** Failure reason, e.g. `copy to repository failed`. */
  detail?: string;
  kind?: 'config' | 'operational';
}

export interface CliRunningBackup {
  name: string;
  fileName: string;
  repository: string;
  startDate: string;
  kind: 'config' | 'operational' | 'logs';
  percent: number;
  stage: string;
}
