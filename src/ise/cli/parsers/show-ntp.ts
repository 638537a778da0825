import { cliLines, isInvalidCommand } from '../clean.js';
import type { ParseNotes } from './notes.js';

/*
 * `show ntp` (ise-cli.md §2.4). No verbatim ISE output was found: both forms are INFERRED from the ADE-OS
 * reference plus the standard `ntpstat` / `ntpq -p` (ntpd, ISE ≤ 2.7) and `chronyc tracking` /
 * `chronyc sources` (chrony, 3.x) layouts that ISE wraps. The key line, per the reference, is
 * `synchronised to NTP server (<addr>) at stratum <n>`; `unsynchronised` and `synchronised to local net`
 * are failures.
 */

export type NtpSourceState =
  | 'selected'
  | 'candidate'
  | 'outlier'
  | 'falseticker'
  | 'unreachable'
  | 'variable'
  | 'rejected'
  | 'unknown';

export interface NtpServer {
  readonly address: string;
  /** Listed under "Configured NTP Servers:". */
  readonly configured: boolean;
  /** From the peer table's reach register (octal); undefined when the server is not in the table. */
  readonly reachable?: boolean;
  /** The current time source (`*` in either table). */
  readonly selected: boolean;
  readonly state?: NtpSourceState;
  readonly stratum?: number;
  /** The reach register as printed (octal, `377` = last eight polls answered). */
  readonly reach?: string;
}

export interface ShowNtp extends ParseNotes {
  readonly form: 'ntpd' | 'chrony' | 'unknown';
  readonly servers: readonly NtpServer[];
  readonly synchronised: boolean;
  /** The server named in the `synchronised to NTP server (...)` line. */
  readonly syncedTo?: string;
  readonly stratum?: number;
  /** `time correct to within 48 ms`. */
  readonly accuracyMs?: number;
  readonly pollSeconds?: number;
  /** chrony `Root dispersion`. */
  readonly rootDispersionSeconds?: number;
  /** chrony `System time`, signed: positive when the clock is fast. */
  readonly systemTimeOffsetSeconds?: number;
  /** chrony `Leap status`, e.g. `Normal`, `Not synchronised`. */
  readonly leapStatus?: string;
}

const SYNCED = /^synchronised to NTP server \((.+)\) at stratum (\d+)/i;
const LOCAL = /^synchronised to local net/i;
const UNSYNCED = /^unsynchronised/i;
const NTPQ_HEADER = /^\s*remote\s+refid\s+st\s+t\s+when\s+poll\s+reach/;
const NTPQ_ROW = /^([ *+#ox.-])(\S+)\s+(\S+)\s+(\d+)\s+\S+\s+\S+\s+\S+\s+([0-7]+)\s/;
const CHRONY_HEADER = /^\s*MS Name\/IP address\s+Stratum\s+Poll\s+Reach/;
const CHRONY_ROW = /^([\^=#])([*+\-?x~ ])\s*(\S+)\s+(\d+)\s+(\d+)\s+([0-7]+)\s/;

const NTPQ_TALLY: Readonly<Record<string, NtpSourceState>> = {
  '*': 'selected',
  o: 'selected',
  '+': 'candidate',
  '#': 'candidate',
  '-': 'outlier',
  x: 'falseticker',
  '.': 'rejected',
  ' ': 'rejected',
};
const CHRONY_STATE: Readonly<Record<string, NtpSourceState>> = {
  '*': 'selected',
  '+': 'candidate',
  '-': 'outlier',
  x: 'falseticker',
  '?': 'unreachable',
  '~': 'variable',
  ' ': 'unknown',
};

interface PeerRow {
  address: string;
  state: NtpSourceState;
  stratum: number;
  reach: string;
}

export function parseShowNtp(text: string): ShowNtp {
  const lines = cliLines(text);
  const warnings: string[] = [];
  if (isInvalidCommand(text)) warnings.push('the CLI rejected the command (invalid command detected)');
  const configured = readConfigured(lines);
  const tracking = readTracking(lines);
  const chronyAt = lines.findIndex((l) => CHRONY_HEADER.test(l));
  const ntpqAt = lines.findIndex((l) => NTPQ_HEADER.test(l));
  const form = chronyAt >= 0 || tracking.size > 0 ? 'chrony' : ntpqAt >= 0 ? 'ntpd' : 'unknown';
  const peers =
    chronyAt >= 0
      ? readPeers(lines, chronyAt, chronyRow)
      : ntpqAt >= 0
        ? readPeers(lines, ntpqAt, ntpqRow)
        : [];

  const syncLine = lines
    .map((l) => l.trim())
    .find((l) => SYNCED.test(l) || LOCAL.test(l) || UNSYNCED.test(l));
  const synced = syncLine === undefined ? null : SYNCED.exec(syncLine);
  const leapStatus = tracking.get('Leap status');
  const hasTable = chronyAt >= 0 || ntpqAt >= 0;
  const anySelected = peers.some((p) => p.state === 'selected');
  let synchronised = synced !== null;
  if (syncLine === undefined) {
    warnings.push('no "synchronised to ..." / "unsynchronised" line found');
    synchronised = anySelected && leapStatus !== 'Not synchronised';
  }
  if (leapStatus === 'Not synchronised') synchronised = false;
  // A sources table with no selected source means the clock is free-running, whatever the summary says.
  if (hasTable && !anySelected) synchronised = false;

  const stratum = synced?.[2] ?? tracking.get('Stratum');
  const servers = mergeServers(configured, peers);
  if (configured.length === 0) warnings.push('no "Configured NTP Servers:" list found');
  const recognised = syncLine !== undefined || hasTable || configured.length > 0 || tracking.size > 0;
  return {
    recognised,
    warnings,
    form,
    servers,
    synchronised,
    ...(synced?.[1] === undefined ? {} : { syncedTo: synced[1] }),
    ...numberField('stratum', stratum),
    ...numberField('accuracyMs', matchIn(lines, /^\s*time correct to within (\d+(?:\.\d+)?) ms/)),
    ...numberField('pollSeconds', matchIn(lines, /^\s*polling server every (\d+) s/)),
    ...numberField(
      'rootDispersionSeconds',
      /^([\d.]+) seconds/.exec(tracking.get('Root dispersion') ?? '')?.[1],
    ),
    ...systemTimeOffset(tracking.get('System time')),
    ...(leapStatus === undefined ? {} : { leapStatus }),
  };
}

function readConfigured(lines: readonly string[]): string[] {
  const at = lines.findIndex((l) => /^\s*Configured NTP Servers:/i.test(l));
  if (at < 0) return [];
  const servers: string[] = [];
  for (const line of lines.slice(at + 1)) {
    const address = line.trim();
    if (address === '' || /:\s/.test(address)) break;
    servers.push(address.split(/\s+/)[0] ?? address);
  }
  return servers;
}

/** chrony `Key : value` lines, keyed by the text before the colon (`Ref time (UTC)`, `Leap status`). */
function readTracking(lines: readonly string[]): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of lines) {
    const m =
      /^(Reference ID|Stratum|Ref time \(UTC\)|System time|Last offset|RMS offset|Frequency|Residual freq|Skew|Root delay|Root dispersion|Update interval|Leap status)\s*:\s*(.*)$/.exec(
        line.trim(),
      );
    if (m?.[1] !== undefined && m[2] !== undefined) fields.set(m[1], m[2].trim());
  }
  return fields;
}

function readPeers(
  lines: readonly string[],
  headerAt: number,
  row: (line: string) => PeerRow | undefined,
): PeerRow[] {
  const peers: PeerRow[] = [];
  for (const line of lines.slice(headerAt + 1)) {
    if (/^=+$/.test(line.trim())) continue;
    if (line.trim() === '') break;
    const peer = row(line);
    if (peer !== undefined) peers.push(peer);
  }
  return peers;
}

function ntpqRow(line: string): PeerRow | undefined {
  const m = NTPQ_ROW.exec(line);
  if (m === null) return undefined;
  const [, tally = ' ', address = '', , stratum = '16', reach = '0'] = m;
  return { address, state: NTPQ_TALLY[tally] ?? 'unknown', stratum: Number(stratum), reach };
}

function chronyRow(line: string): PeerRow | undefined {
  const m = CHRONY_ROW.exec(line);
  if (m === null) return undefined;
  const [, , state = ' ', address = '', stratum = '0', , reach = '0'] = m;
  return { address, state: CHRONY_STATE[state] ?? 'unknown', stratum: Number(stratum), reach };
}

function mergeServers(configured: readonly string[], peers: readonly PeerRow[]): NtpServer[] {
  const servers: NtpServer[] = configured.map((address) => {
    const peer = peers.find((p) => p.address === address);
    return peer === undefined ? { address, configured: true, selected: false } : fromPeer(peer, true);
  });
  for (const peer of peers) {
    if (!configured.includes(peer.address)) servers.push(fromPeer(peer, false));
  }
  return servers;
}

function fromPeer(peer: PeerRow, configured: boolean): NtpServer {
  return {
    address: peer.address,
    configured,
    reachable: Number.parseInt(peer.reach, 8) > 0,
    selected: peer.state === 'selected',
    state: peer.state,
    stratum: peer.stratum,
    reach: peer.reach,
  };
}

function matchIn(lines: readonly string[], pattern: RegExp): string | undefined {
  for (const line of lines) {
    const value = pattern.exec(line)?.[1];
    if (value !== undefined) return value;
  }
  return undefined;
}

function numberField<K extends string>(key: K, value: string | undefined): { [P in K]?: number } {
  const n = Number(value);
  return value === undefined || value === '' || !Number.isFinite(n)
    ? {}
    : ({ [key]: n } as { [P in K]: number });
}

/** `0.000012345 seconds fast of NTP time` → +0.000012345; `slow` → negative. */
function systemTimeOffset(text: string | undefined): { systemTimeOffsetSeconds?: number } {
  const m = /^([\d.]+) seconds (fast|slow)/.exec(text ?? '');
  if (m === null) return {};
  const value = Number(m[1]);
  return { systemTimeOffsetSeconds: m[2] === 'slow' ? -value : value };
}
