import { compareRelease } from '../ise/release.js';

/**
 * Releases are data, not code (CHECKS.md). Source: ../shared/reference/ise-upgrade-rules.md §1 and §4,
 * with its markers kept: `sure` is ✔ (seen in a Cisco source), `inferred` is ≈ (from a neighbouring
 * release's pattern), `unverified` is ? (background knowledge, not found in a public source). Checks
 * never `fail` on an `unverified` number: they `warn` and say it is unverified.
 */
export type Certainty = 'sure' | 'inferred' | 'unverified';

export interface TargetRelease {
  release: string;
  /** Releases that upgrade to this one directly (§1 "Direct source releases"). */
  from: readonly string[];
  fromCertainty: Certainty;
  /** Minimum disk for a VM node, GB (§4; the guide: 300 GB for every release since 2.4). */
  minDiskGb: number;
  minDiskCertainty: Certainty;
  /** Minimum memory per persona, GB (§4 gives tiers, not per-persona figures: all ?). */
  minMemoryGb: { PAN: number; MnT: number; PSN: number; pxGrid: number };
  minMemoryCertainty: Certainty;
  /** Upgrade bundle size, GB, for the 35-minute download warning (§1). */
  bundleGb?: number;
}

export interface KnownRelease {
  release: string;
  /** The newest patch known for the release; the `latest-patch` check compares against it. */
  newestPatch: number;
  newestPatchCertainty: Certainty;
}

export interface ReleasesTable {
  targets: readonly TargetRelease[];
  releases: readonly KnownRelease[];
  /** When the patch list was last reviewed: `latest-patch` says how old its knowledge is. */
  reviewed: string;
}

// §4: "Small ≈16 vCPU/32 GB" is the smallest production VM tier; 3.x's "Extra Small" PSN has ~32 GB. All ?.
const MEMORY = { PAN: 32, MnT: 32, PSN: 32, pxGrid: 32 } as const;

const target = (
  release: string,
  from: string[],
  fromCertainty: Certainty,
  extra: Partial<TargetRelease> = {},
): TargetRelease => ({
  release,
  from,
  fromCertainty,
  minDiskGb: 300,
  // "Release 2.4 and later requires a minimum disk size of 300GB for virtual machines" (Upgrade Virtual Machine).
  minDiskCertainty: 'sure',
  minMemoryGb: MEMORY,
  minMemoryCertainty: 'unverified',
  ...extra,
});

export const RELEASES: ReleasesTable = {
  targets: [
    target('3.0', ['2.4', '2.6', '2.7'], 'sure', { bundleGb: 9 }), // [S31]
    target('3.1', ['2.6', '2.7', '3.0'], 'sure'), // [S1]
    target('3.2', ['2.7', '3.0', '3.1'], 'sure'), // [S1]
    target('3.3', ['3.0', '3.1', '3.2'], 'sure', { bundleGb: 15 }), // [S1][S22]; bundle [S24]
    target('3.4', ['3.1', '3.2', '3.3'], 'inferred'), // N-3 pattern [S1], [S29]
    target('3.5', ['3.2', '3.3', '3.4'], 'inferred'), // N-3 pattern [S1]
  ],
  // Only 3.5 P1 is sourced ([S30], 2025-12-15); the others are from Cisco's download pages as we know
  // them, not from the rule-pack research, hence `unverified`. Review them with each Cisco patch.
  releases: [
    { release: '2.4', newestPatch: 15, newestPatchCertainty: 'unverified' },
    { release: '2.6', newestPatch: 12, newestPatchCertainty: 'unverified' },
    { release: '2.7', newestPatch: 10, newestPatchCertainty: 'unverified' },
    { release: '3.0', newestPatch: 8, newestPatchCertainty: 'unverified' },
    { release: '3.1', newestPatch: 10, newestPatchCertainty: 'unverified' },
    { release: '3.2', newestPatch: 7, newestPatchCertainty: 'unverified' },
    { release: '3.3', newestPatch: 5, newestPatchCertainty: 'unverified' },
    { release: '3.4', newestPatch: 3, newestPatchCertainty: 'unverified' },
    { release: '3.5', newestPatch: 1, newestPatchCertainty: 'sure' },
  ],
  reviewed: '2025-12-15',
};

export function targetRelease(table: ReleasesTable, release: string | undefined): TargetRelease | undefined {
  return release === undefined ? undefined : table.targets.find((t) => t.release === release);
}

export function knownRelease(table: ReleasesTable, release: string): KnownRelease | undefined {
  return table.releases.find((r) => r.release === release);
}

/** The newest release `source` upgrades to in one step (CHECKS.md: the default target). */
export function newestReachable(table: ReleasesTable, source: string): string | undefined {
  return table.targets
    .filter((t) => t.from.includes(source))
    .map((t) => t.release)
    .sort(compareRelease)
    .pop();
}

export function certaintyNote(certainty: Certainty): string {
  if (certainty === 'sure') return '';
  return certainty === 'inferred'
    ? ' (inferred from neighbouring releases; confirm in Cisco’s upgrade guide)'
    : ' (not verified against a Cisco guide)';
}
