import type { IseRelease } from '../ise/release.js';
import type { Sourced } from '../ise/snapshot/types.js';
import { newestReachable, type ReleasesTable } from './releases.js';

export interface TargetChoice {
  target?: string;
  /** Where the target came from, for the report's context line. */
  origin: 'flag' | 'config' | 'newest' | 'none';
  problem?: string;
}

/** `--target`, else the deployment's configured target, else the newest release one step away (CHECKS.md). */
export function chooseTarget(
  table: ReleasesTable,
  release: Sourced<IseRelease>,
  requested: string | undefined,
  configured: string | undefined,
): TargetChoice {
  if (requested !== undefined) return { target: requested, origin: 'flag' };
  if (configured !== undefined) return { target: configured, origin: 'config' };
  if (release.state !== 'ok') {
    return {
      origin: 'none',
      problem: `No target: the deployment's release could not be read (${release.state === 'error' ? release.error : release.reason}).`,
    };
  }
  const newest = newestReachable(table, release.value.release);
  if (newest === undefined) {
    return {
      origin: 'none',
      problem: `No upgrade from ISE ${release.value.release} is known to the bot (known targets: ${table.targets.map((t) => t.release).join(', ')}).`,
    };
  }
  return { target: newest, origin: 'newest' };
}
