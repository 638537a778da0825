import type { IseRelease } from '../ise/release.js';
import type { Ack } from '../store/acks.js';
import { utc } from './finding.js';
import type { Finding } from './types.js';

/** What an ack is bound to: the release and patch; an upgrade or a patch voids it (Acks.current). */
export function releaseKey(release: Pick<IseRelease, 'version' | 'patch'>): string {
  return `${release.version} patch ${release.patch}`;
}

/**
 * An acknowledged item stays `manual` (a person's word is not ISE data, and the JSON consumers count
 * manual items as such); the ack is shown in its summary and evidence and carried as `ack`.
 */
export function applyAcks(findings: readonly Finding[], acks: ReadonlyMap<string, Ack>): Finding[] {
  return findings.map((f) => {
    const ack = acks.get(f.id);
    if (f.status !== 'manual' || ack === undefined) return f;
    const line = `confirmed by ${ack.actor} on ${utc(ack.at)} (for ISE ${ack.releaseKey})`;
    return {
      ...f,
      summary: `Confirmed by ${ack.actor} on ${utc(ack.at)}. ${f.summary}`,
      evidence: [line, ...f.evidence],
      // The ack line leads, so it joins the lines a short form always shows.
      ...(f.faulty === undefined ? {} : { faulty: f.faulty + 1 }),
      ack: { by: ack.actor, at: ack.at.toISOString() },
    };
  });
}
