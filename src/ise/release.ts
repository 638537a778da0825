/** An ISE release and patch as the bot reasons about them: "2.7" patch 4, full version 2.7.0.356. */
export interface IseRelease {
  /** Full version string, e.g. `2.7.0.356`. */
  version: string;
  /** `major.minor`, e.g. `2.7`. */
  release: string;
  /** Highest installed patch, 0 when none; `undefined` when no source told it (MnT Version alone). */
  patch: number | undefined;
}

export function toRelease(version: string, patch: number | undefined): IseRelease {
  const [major = '0', minor = '0'] = version.split('.');
  return { version, release: `${major}.${minor}`, patch };
}

/** Compares `major.minor` strings numerically ("3.10" > "3.2"). */
export function compareRelease(a: string, b: string): number {
  const [am = 0, an = 0] = a.split('.').map(Number);
  const [bm = 0, bn = 0] = b.split('.').map(Number);
  return am - bm || an - bn;
}

/** The `/api/v1` OpenAPI (deployment, certificates, backup, ...) starts at 3.1 (ise-rest-api.md §0). */
export function hasOpenApi(release: string): boolean {
  return compareRelease(release, '3.1') >= 0;
}

/** `patch 4`, or `patch unknown` when no source told it. */
export function patchLabel(patch: number | undefined): string {
  return patch === undefined ? 'patch unknown' : `patch ${patch}`;
}

/**
 * The running patch from iseversion's "patch information": a comma-separated list of installed
 * patches, the highest being the one running (Cisco's description of the resource).
 */
export function runningPatch(patchInformation: string | undefined): number {
  const patches = (patchInformation ?? '')
    .split(',')
    .map((p) => Number.parseInt(p.trim(), 10))
    .filter((p) => Number.isFinite(p));
  return patches.length === 0 ? 0 : Math.max(...patches);
}
