import type { CliNodeFacts, CliNtpFacts, CliNtpServer } from './facts.js';
import { dateWithZone } from './format.js';

/**
 * `show ntp`, ntpd form (ISE <= 2.7) and chrony form (3.x). No verbatim ISE output exists in the sources:
 * both layouts are INFERRED (ise-cli.md §2.4) from the ADE-OS wrapping of `ntpstat` + `ntpq -p` and of
 * `chronyc tracking` + `chronyc sources`. The bot keys on the `synchronised to NTP server` line.
 */
export function showNtp(facts: CliNodeFacts, now: Date): string[] {
  const ntp = facts.ntp;
  const lines = ['Configured NTP Servers:', ...ntp.servers.map((s) => `  ${s.address}`), ''];
  const source = currentSource(ntp);
  if (ntp.form === 'chrony') lines.push(...chronyTracking(ntp, source, now), '');
  lines.push(...ntpstat(ntp, source), '');
  lines.push(...(ntp.form === 'chrony' ? chronySources(ntp, source) : ntpqPeers(ntp, source)));
  lines.push('', 'Warning: Output results may conflict during periods of changing synchronization.');
  return lines;
}

function currentSource(ntp: CliNtpFacts): CliNtpServer | undefined {
  if (!ntp.synchronised) return undefined;
  return ntp.servers.find((s) => s.address === ntp.syncedTo) ?? ntp.servers.find((s) => s.reachable);
}

function ntpstat(ntp: CliNtpFacts, source: CliNtpServer | undefined): string[] {
  if (!source) return ['unsynchronised', '   polling server every 64 s'];
  return [
    `synchronised to NTP server (${source.address}) at stratum ${ntp.stratum}`,
    `   time correct to within ${Math.max(1, Math.round(ntp.rootDispersionMs))} ms`,
    '   polling server every 1024 s',
  ];
}

const upstream = (ntp: CliNtpFacts, s: CliNtpServer) => s.stratum ?? Math.max(1, ntp.stratum - 1);

function ntpqPeers(ntp: CliNtpFacts, source: CliNtpServer | undefined): string[] {
  const lines = [
    '     remote           refid      st t when poll reach   delay   offset  jitter',
    '='.repeat(78),
  ];
  for (const s of ntp.servers) {
    const tally = s === source ? '*' : s.reachable ? '+' : ' ';
    const [refid, st, when, reach, delay, offset, jitter] = s.reachable
      ? ['192.0.2.1', upstream(ntp, s), '311', '377', '0.512', '-0.071', '0.049']
      : ['.INIT.', 16, '-', '0', '0.000', '0.000', '0.000'];
    lines.push(
      `${tally}${s.address.padEnd(15)} ${refid.padEnd(16)}${String(st).padStart(2)} u ${when.padStart(4)} 1024 ` +
        `${reach.padStart(4)} ${delay.padStart(8)} ${offset.padStart(8)} ${jitter.padStart(7)}`,
    );
  }
  lines.push('', '* Current time source, + Candidate , x False ticker');
  return lines;
}

function referenceId(address: string): string {
  const octets = address.split('.').map(Number);
  if (octets.length !== 4 || octets.some((o) => !Number.isInteger(o))) return '7F7F0101';
  return octets.map((o) => o.toString(16).toUpperCase().padStart(2, '0')).join('');
}

function chronyTracking(ntp: CliNtpFacts, source: CliNtpServer | undefined, now: Date): string[] {
  const field = (name: string, value: string) => `${name.padEnd(16)}: ${value}`;
  return [
    field('Reference ID', source ? `${referenceId(source.address)} (${source.address})` : '00000000 ()'),
    field('Stratum', String(source ? ntp.stratum : 0)),
    field('Ref time (UTC)', dateWithZone(now).replace(' UTC', '')),
    field('System time', '0.000012345 seconds fast of NTP time'),
    field('Last offset', '+0.000004321 seconds'),
    field('RMS offset', '0.000021000 seconds'),
    field('Frequency', '12.345 ppm slow'),
    field('Residual freq', '+0.001 ppm'),
    field('Skew', '0.045 ppm'),
    field('Root delay', '0.001234567 seconds'),
    field('Root dispersion', `${(ntp.rootDispersionMs / 1000).toFixed(9)} seconds`),
    field('Update interval', '1024.3 seconds'),
    field('Leap status', source ? 'Normal' : 'Not synchronised'),
  ];
}

function chronySources(ntp: CliNtpFacts, source: CliNtpServer | undefined): string[] {
  const lines = ['MS Name/IP address         Stratum Poll Reach LastRx Last sample', '='.repeat(79)];
  for (const s of ntp.servers) {
    const state = s === source ? '*' : s.reachable ? '+' : '?';
    const [st, reach, lastRx, sample] = s.reachable
      ? [upstream(ntp, s), '377', '311', '   +21us[  +25us] +/-  1200us']
      : [0, '0', '-', '     +0ns[   +0ns] +/-    0ns'];
    lines.push(
      `^${state} ${s.address.padEnd(27)}${String(st).padStart(4)}  10 ${reach.padStart(5)} ${lastRx.padStart(5)} ${sample}`,
    );
  }
  lines.push(
    '',
    'M indicates the mode of the source.',
    '^ server, = peer, # local reference clock.',
    '',
    'S indicates the state of the sources.',
    '* Current time source, + Candidate, x False ticker, ? Connectivity lost, ~ Too much variability',
  );
  return lines;
}
