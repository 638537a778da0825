import { cliLines, isInvalidCommand } from '../clean.js';
import { type ApplicationVersion, readApplicationVersion } from './show-application-version.js';

/**
 * `show version` (ise-cli.md §2.1): the ADE-OS header, the hostname, then the same application blocks as
 * `show application version ise`. The real output carries no platform, model or uptime: those come from
 * `show inventory` / `show udi` and `show uptime`, which are not parsed here.
 */
export interface ShowVersion extends ApplicationVersion {
  /** `Cisco Application Deployment Engine OS Release: 3.2` → `3.2`. */
  readonly adeOsRelease?: string;
  /** `ADE-OS Build Version: 3.2.0.401`. */
  readonly adeOsVersion?: string;
  readonly architecture?: string;
  readonly hostname?: string;
  /** The ISE application version, e.g. `3.2.0.542`; same as `version`, named for callers of this command. */
  readonly iseVersion?: string;
}

const HEADER: ReadonlyArray<
  readonly [RegExp, 'adeOsRelease' | 'adeOsVersion' | 'architecture' | 'hostname']
> = [
  [/^Cisco Application Deployment Engine OS Release:\s*(\S+)/, 'adeOsRelease'],
  [/^ADE-OS Build Version:\s*(\S+)/, 'adeOsVersion'],
  [/^ADE-OS System Architecture:\s*(\S+)/, 'architecture'],
  [/^Hostname:\s*(\S+)/, 'hostname'],
];

export function parseShowVersion(text: string): ShowVersion {
  const lines = cliLines(text);
  const header: Partial<Record<(typeof HEADER)[number][1], string>> = {};
  for (const line of lines) {
    for (const [pattern, key] of HEADER) {
      const value = pattern.exec(line.trim())?.[1];
      if (value !== undefined && header[key] === undefined) header[key] = value;
    }
  }
  // INFERRED: patch blocks follow the ISE block here as in `show application version ise` (ise-cli.md §2.1;
  // OpenVAS and Nessus parse them out of show version, but no captured output with a patch was found).
  const app = readApplicationVersion(lines, isInvalidCommand(text));
  const warnings = [...app.warnings];
  if (header.adeOsVersion === undefined) warnings.push('no "ADE-OS Build Version" line found');
  if (header.hostname === undefined) warnings.push('no "Hostname" line found');
  return {
    ...app,
    ...header,
    ...(app.version === undefined ? {} : { iseVersion: app.version }),
    recognised: app.recognised || header.adeOsVersion !== undefined,
    warnings,
  };
}
