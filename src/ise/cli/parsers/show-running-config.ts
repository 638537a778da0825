import { cliLines, isInvalidCommand } from '../clean.js';
import type { ParseNotes } from './notes.js';

/** The repository protocols of ISE's API enum (ise-rest-api.md §7d). */
export type RepositoryProtocol = 'CDROM' | 'DISK' | 'FTP' | 'HTTP' | 'HTTPS' | 'NFS' | 'SFTP' | 'TFTP';

/** A `repository` block. Passwords are never returned, not even hashed; `hasPassword` says one is set. */
export interface ConfiguredRepository {
  readonly name: string;
  /** With any `user:password@` credentials removed. */
  readonly url?: string;
  readonly protocol?: RepositoryProtocol;
  readonly user?: string;
  readonly hasPassword: boolean;
  /** `enable-pki` under the block: SFTP with key authentication (INFERRED keyword). */
  readonly pki?: boolean;
}

export interface CliUser {
  readonly name: string;
  readonly role?: string;
}

export interface RunningConfig extends ParseNotes {
  readonly hostname?: string;
  readonly domainName?: string;
  readonly nameServers: readonly string[];
  readonly ntpServers: readonly string[];
  readonly timezone?: string;
  readonly repositories: readonly ConfiguredRepository[];
  /** `username` lines, without their password hashes. */
  readonly users: readonly CliUser[];
}

const SCHEMES: Readonly<Record<string, RepositoryProtocol>> = {
  cdrom: 'CDROM',
  disk: 'DISK',
  ftp: 'FTP',
  http: 'HTTP',
  https: 'HTTPS',
  nfs: 'NFS',
  sftp: 'SFTP',
  tftp: 'TFTP',
};

export function parseShowRunningConfig(text: string): RunningConfig {
  const lines = cliLines(text);
  const warnings: string[] = [];
  if (isInvalidCommand(text)) warnings.push('the CLI rejected the command (invalid command detected)');
  const top: Record<string, string> = {};
  const nameServers: string[] = [];
  const ntpServers: string[] = [];
  const repositories: ConfiguredRepository[] = [];
  const users: CliUser[] = [];
  let repo: { name: string; url?: string; user?: string; hasPassword: boolean; pki?: boolean } | undefined;
  const closeRepo = (): void => {
    if (repo !== undefined) repositories.push(withProtocol(repo));
    repo = undefined;
  };
  for (const line of lines) {
    if (/^\s/.test(line) && repo !== undefined) {
      readRepositoryLine(repo, line.trim());
      continue;
    }
    closeRepo();
    if (/^\s/.test(line)) continue; // inside an interface or policy block
    const [keyword, ...rest] = line.trim().split(/\s+/);
    const args = rest.join(' ');
    if (keyword === 'repository' && rest[0] !== undefined) repo = { name: rest[0], hasPassword: false };
    else if (keyword === 'hostname' && rest[0] !== undefined) top.hostname = rest[0];
    else if (line.startsWith('ip domain-name ') && rest[1] !== undefined) top.domainName = rest[1];
    else if (line.startsWith('ip name-server ')) nameServers.push(...rest.slice(1));
    else if (line.startsWith('ntp server ') && rest[1] !== undefined) ntpServers.push(rest[1]);
    else if (line.startsWith('clock timezone ') && rest[1] !== undefined) top.timezone = rest[1];
    else if (keyword === 'username' && rest[0] !== undefined) {
      const role = / role (\S+)/.exec(args)?.[1];
      users.push(role === undefined ? { name: rest[0] } : { name: rest[0], role });
    }
  }
  closeRepo();
  const recognised = top.hostname !== undefined || repositories.length > 0 || ntpServers.length > 0;
  if (top.hostname === undefined) warnings.push('no "hostname" line found');
  return {
    recognised,
    warnings,
    ...(top.hostname === undefined ? {} : { hostname: top.hostname }),
    ...(top.domainName === undefined ? {} : { domainName: top.domainName }),
    nameServers,
    ntpServers,
    ...(top.timezone === undefined ? {} : { timezone: top.timezone }),
    repositories,
    users,
  };
}

function readRepositoryLine(
  repo: { url?: string; user?: string; hasPassword: boolean; pki?: boolean },
  line: string,
): void {
  const [keyword, first] = line.split(/\s+/);
  if (keyword === 'url' && first !== undefined) {
    const { url, hadPassword } = stripUrlCredentials(first);
    repo.url = url;
    if (hadPassword) repo.hasPassword = true;
  } else if (keyword === 'user' && first !== undefined) {
    repo.user = first;
    if (/\spassword\s/.test(` ${line} `)) repo.hasPassword = true;
  } else if (keyword === 'enable-pki') repo.pki = true;
}

/** `ftp://u:secret@host/x` → `ftp://u@host/x`: a password typed into a URL must not leak either. */
function stripUrlCredentials(url: string): { url: string; hadPassword: boolean } {
  const m = /^([a-z]+:\/\/)([^/@]*)@(.*)$/i.exec(url);
  if (m === null) return { url, hadPassword: false };
  const [, scheme = '', userinfo = '', rest = ''] = m;
  const colon = userinfo.indexOf(':');
  if (colon < 0) return { url, hadPassword: false };
  return { url: `${scheme}${userinfo.slice(0, colon)}@${rest}`, hadPassword: true };
}

function withProtocol(repo: {
  name: string;
  url?: string;
  user?: string;
  hasPassword: boolean;
  pki?: boolean;
}): ConfiguredRepository {
  // INFERRED URL forms beyond the verbatim `disk:` and `sftp://` (ise-cli.md §2.6).
  const scheme = /^([a-z]+):/i.exec(repo.url ?? '')?.[1]?.toLowerCase();
  const protocol = scheme === undefined ? undefined : SCHEMES[scheme];
  return { ...repo, ...(protocol === undefined ? {} : { protocol }) };
}
