import { isJsonObject, type JsonValue } from '../graphql/scalars';

/** One differing field between the desired state (Git) and the actual state (cluster). */
export interface DriftDifference {
  /** Server path syntax, e.g. `spec.subnets.default.vlan`. */
  path: string;
  /** Absent when the field is missing on that side. */
  desired?: JsonValue;
  actual?: JsonValue;
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
      out.push({ path: d.path, desired: d.desired, actual: d.actual });
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
