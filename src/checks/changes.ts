import type { StoredFinding } from '../store/runs.js';
import type { Finding, FindingStatus } from './types.js';

const PROBLEM: ReadonlySet<string> = new Set<FindingStatus>(['fail', 'warn', 'error']);

export interface Change {
  id: string;
  title: string;
  from: string;
  to: FindingStatus;
}

export interface Changes {
  /** Was a problem (fail, warn, error), is not any more. */
  fixed: Change[];
  /** Is a problem now, was not before (or the check is new). */
  new: Change[];
  /** Still a problem, but of another kind (warn → fail, ...). */
  changed: Change[];
}

/** What changed since the previous run, by check id ("2 fixed, 1 new"). */
export function compareRuns(previous: readonly StoredFinding[], current: readonly Finding[]): Changes {
  const before = new Map(previous.map((f) => [f.id, f.status]));
  const changes: Changes = { fixed: [], new: [], changed: [] };
  for (const f of current) {
    const was = before.get(f.id);
    if (was === f.status) continue;
    const change = { id: f.id, title: f.title, from: was ?? 'absent', to: f.status };
    const wasProblem = was !== undefined && PROBLEM.has(was);
    const isProblem = PROBLEM.has(f.status);
    if (wasProblem && !isProblem) changes.fixed.push(change);
    else if (!wasProblem && isProblem) changes.new.push(change);
    else if (wasProblem && isProblem) changes.changed.push(change);
  }
  return changes;
}

export function describeChanges(changes: Changes): string {
  const parts = [
    changes.fixed.length > 0 && `${changes.fixed.length} fixed`,
    changes.new.length > 0 && `${changes.new.length} new`,
    changes.changed.length > 0 && `${changes.changed.length} changed`,
  ].filter((p): p is string => typeof p === 'string');
  return parts.length === 0 ? 'nothing changed' : parts.join(', ');
}
