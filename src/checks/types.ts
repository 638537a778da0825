import type { Need, Snapshot } from '../ise/snapshot/types.js';
import { type FindingStatus, SEVERITY_ORDER, type StatusCounts } from '../reply/model.js';
import type { ReleasesTable } from './releases.js';

export type { FindingStatus, StatusCounts };

/** Who confirmed a manual item, and when (the `ack` command; cleared by a release or patch change). */
export interface FindingAck {
  by: string;
  at: string;
}

/** What one check concluded (ARCHITECTURE.md "Finding"; the JSON form is CONTRACTS.md's readiness). */
export interface Finding {
  id: string;
  title: string;
  status: FindingStatus;
  /** One line an ISE admin reads first. */
  summary: string;
  /** Hostnames the finding is about; empty when it concerns the deployment as a whole. */
  nodes: string[];
  /** The facts behind the status, one line each, as read from ISE. */
  evidence: string[];
  /**
   * How many of the first evidence lines are about what caused the verdict (a faulty node, one that
   * could not be read, one for a person to judge): those come first, the healthy lines after them, so a
   * short form never hides the node at fault. Undefined when the check's lines are not about nodes.
   */
  faulty?: number;
  /** What to do, in our words, with the ISE menu path or CLI command. */
  remediation: string;
  /** The "Prepare for Upgrade" section the check comes from. */
  section: string;
  /** The evidence as a table, where it has columns (certificates). */
  table?: { columns: string[]; rows: string[][] };
  /** Set on a manual finding someone confirmed for the current release and patch. */
  ack?: FindingAck;
}

/** What a check knows besides the snapshot: all of it plain data, so a check stays a pure function. */
export interface CheckContext {
  /** The release the deployment is to be upgraded to; undefined when it could not be chosen. */
  target?: string;
  /** Why there is no target (the release could not be read), for checks that need one. */
  targetProblem?: string;
  releases: ReleasesTable;
  now: Date;
  /** `backup.repository` from the deployment's config. */
  backupRepository?: string;
  /** Certificates expiring within this many days warn (CHECKS.md: default 60). */
  certWarningDays: number;
}

/**
 * A check is automated when ISE data decides it (it still becomes `manual` where this release has no
 * API), manual when only a person can confirm it, a reminder when it is advice with nothing to confirm.
 */
export type CheckKind = 'automated' | 'manual' | 'reminder';

export interface Check {
  /** Stable id from CHECKS.md: JSON, digests and `check <id>` refer to it. */
  id: string;
  title: string;
  section: string;
  kind: CheckKind;
  needs: readonly Need[];
  /** Pure: never throws on odd data; missing data is an `error` finding, no API is a `manual` one. */
  evaluate(snapshot: Snapshot, context: CheckContext): Finding;
}

/** Every status, in the one severity order of the codebase. */
export const STATUSES: readonly FindingStatus[] = SEVERITY_ORDER;
