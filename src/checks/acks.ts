import type { IseRelease } from '../ise/release.js';
import type { Ack } from '../store/acks.js';
import type { Finding } from './types.js';

/** What an ack is bound to: the release and patch; an upgrade or a patch voids it (Acks.current). */
export function releaseKey(release: Pick<IseRelease, 'version' | 'patch'>): string {
  return `${release.version} patch ${release.patch}`;
}

/**
 * An acknowledged item stays `manual` (a person's word is not ISE data, and the JSON consumers count
 * manual items as such); its summary says so, and the ack is carried as `ack`, which the report shows
 * as who (a mention) and when (a time in the reader's zone) rather than as text here.
 */
export function applyAcks(findings: readonly Finding[], acks: ReadonlyMap<string, Ack>): Finding[] {
  return findings.map((f) => {
    const ack = acks.get(f.id);
    if (f.status !== 'manual' || ack === undefined) return f;
    return {
      ...f,
      summary: `Confirmed by hand for ISE ${ack.releaseKey}. ${f.summary}`,
      ack: { by: ack.actor, at: ack.at.toISOString() },
    };
  });
}
