import { parseBackupStamp } from '../../dates.js';

/**
 * Backup file names: `<NAME>-CFG10-<YYMMDD>-<HHMM>.tar.gpg` (verbatim, ise-cli.md §2.8), the `OPS10` tag for
 * operational backups (INFERRED, from memory) and `<NAME>-<YYMMDD>-<HHMM>.tar.gpg|.tar.gz` for
 * `backup-logs` (INFERRED, §2.9). The stamp is node-local time, read as UTC.
 */
export interface BackupFileName {
  readonly file: string;
  /** The name given to `backup`, e.g. `my_first_backup`. */
  readonly name: string;
  /** CFG = configuration, OPS = operational, LOGS = `backup-logs` bundle. */
  readonly kind: 'CFG' | 'OPS' | 'LOGS';
  /** The number after CFG/OPS, e.g. 10. */
  readonly formatVersion?: number;
  readonly stamp: string;
  readonly createdAt?: Date;
  readonly encrypted: boolean;
}

const TAGGED = /^(.+)-(CFG|OPS)(\d+)-(\d{6}-\d{4})\.(tar\.gpg|tar\.gz|tgz)$/;
const LOGS = /^(.+)-(\d{6}-\d{4})\.(tar\.gpg|tar\.gz|tgz)$/;

export function parseBackupFileName(file: string): BackupFileName | undefined {
  const tagged = TAGGED.exec(file);
  if (tagged !== null) {
    const [, name = '', kind, version, stamp = '', ext] = tagged;
    return describe(file, name, kind === 'OPS' ? 'OPS' : 'CFG', stamp, ext, Number(version));
  }
  const logs = LOGS.exec(file);
  if (logs === null) return undefined;
  const [, name = '', stamp = '', ext] = logs;
  return describe(file, name, 'LOGS', stamp, ext, undefined);
}

function describe(
  file: string,
  name: string,
  kind: BackupFileName['kind'],
  stamp: string,
  ext: string | undefined,
  formatVersion: number | undefined,
): BackupFileName {
  const createdAt = parseBackupStamp(stamp);
  return {
    file,
    name,
    kind,
    ...(formatVersion === undefined ? {} : { formatVersion }),
    stamp,
    ...(createdAt === undefined ? {} : { createdAt }),
    encrypted: ext === 'tar.gpg',
  };
}
