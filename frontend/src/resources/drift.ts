import { isJsonObject, type JsonValue } from '../graphql/scalars';

/** One differing field between the desired state (Git) and the actual state (cluster). */
export interface DriftDifference {
  /** Server path syntax, e.g. `spec.subnets.default.vlan`. */
  path: string;
  /** Absent when the field is missing on that side. */
  desired?: JsonValue;
  actual?: JsonValue;
  /** When this path was first seen drifting (RFC 3339). */
  since?: string;
  /** The cluster field manager that last wrote it (`managedFields`), e.g. `kubectl-edit`. */
  manager?: string;
  operation?: string;
  /** Who chose "Keep Git" for this path (the cluster is to be put back), and when. */
  keptGitBy?: string;
  keptGitAt?: string;
}

/** `Resource.drift`: the drift report of the last cluster read (core `resource_drift`). */
export interface DriftDetails {
  /** `differences / compared`. */
  score?: number;
  /** Leaf comparisons made. */
  compared?: number;
  differences: DriftDifference[];
  /** Differences a drift ignore rule of the fabric hides (not counted as drift). */
  ignored: DriftDifference[];
}

/**
 * Reads `Resource.drift` (a JSON scalar): null when there is no report; entries that do not
 * have the expected shape are dropped rather than trusted.
 */
export function parseDrift(value: JsonValue | null | undefined): DriftDetails | null {
  if (!isJsonObject(value)) return null;
  const list = (items: JsonValue | undefined): DriftDifference[] => {
    const out: DriftDifference[] = [];
    if (!Array.isArray(items)) return out;
    for (const d of items) {
      if (!isJsonObject(d) || typeof d.path !== 'string') continue;
      const item: DriftDifference = { path: d.path, desired: d.desired, actual: d.actual };
      if (typeof d.since === 'string') item.since = d.since;
      if (typeof d.manager === 'string') item.manager = d.manager;
      if (typeof d.operation === 'string' && d.operation) item.operation = d.operation;
      if (typeof d.kept_git_by === 'string') item.keptGitBy = d.kept_git_by;
      if (typeof d.kept_git_at === 'string') item.keptGitAt = d.kept_git_at;
      out.push(item);
    }
    return out;
  };
  return {
    score: typeof value.score === 'number' ? value.score : undefined,
    compared: typeof value.compared === 'number' ? value.compared : undefined,
    differences: list(value.differences),
    ignored: list(value.ignored),
  };
}
