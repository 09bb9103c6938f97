import { isJsonObject, type JsonValue } from '../graphql/scalars';
import { parseDryRun, type DryRunReport, type NamedResource } from '../fabrics/review';

// An operation's `details` (write-back: `files` with diffs, `skipped`, `warnings`,
// `auto_merged`, `conflicts`, `attempts`, `pushed`, `commit`, `pull_request_url`) and its timings.

export interface AutoMerged extends NamedResource {
  paths: string[];
}

export interface OpenedConflict extends NamedResource {
  type: string;
  paths: string[];
  conflictId: string | null;
}

export interface OperationReport extends DryRunReport {
  autoMerged: AutoMerged[];
  openedConflicts: OpenedConflict[];
  attempts: number | null;
  pushed: boolean | null;
  pullRequestUrl: string | null;
}

const str = (v: JsonValue | undefined): string => (typeof v === 'string' ? v : '');
const list = (v: JsonValue | undefined): JsonValue[] => (Array.isArray(v) ? v : []);
const strings = (v: JsonValue | undefined): string[] => list(v).filter((x): x is string => typeof x === 'string');

/** Reads an operation's `details` (every key optional: ingestions and cluster reads have fewer). */
export function parseDetails(details: JsonValue | null | undefined): OperationReport {
  const d = isJsonObject(details ?? undefined) ? (details as { [k: string]: JsonValue }) : {};
  const named = (o: { [k: string]: JsonValue }) => ({ kind: str(o.kind), namespace: str(o.namespace), name: str(o.name) });
  return {
    ...parseDryRun(details),
    autoMerged: list(d.auto_merged)
      .filter(isJsonObject)
      .map((a) => ({ ...named(a), paths: strings(a.paths) })),
    openedConflicts: list(d.conflicts)
      .filter(isJsonObject)
      .map((c) => ({
        ...named(c),
        type: str(c.type),
        paths: strings(c.paths),
        conflictId: typeof c.conflict_id === 'number' || typeof c.conflict_id === 'string' ? String(c.conflict_id) : null,
      })),
    attempts: typeof d.attempts === 'number' ? d.attempts : null,
    pushed: typeof d.pushed === 'boolean' ? d.pushed : null,
    pullRequestUrl: typeof d.pull_request_url === 'string' ? d.pull_request_url : null,
  };
}

/** "350 ms", "4.2 s", "3 min 5 s", or "—" without both ends. */
export function duration(fromIso: string | null | undefined, toIso: string | null | undefined): string {
  if (!fromIso || !toIso) return '—';
  const ms = Date.parse(toIso) - Date.parse(fromIso);
  if (Number.isNaN(ms) || ms < 0) return '—';
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}

export interface PhaseTiming {
  phase: string;
  at: string;
  /** Until the next phase (or the end), when known. */
  took: string;
}

/**
 * Phase timings from the progress events seen (`syncProgress`: each phase change with its time),
 * in order, each phase once (its first event); the last one lasts until `end` when given.
 */
export function phaseTimings(events: { phase?: string | null; at: string }[], end?: string | null): PhaseTiming[] {
  const firsts: { phase: string; at: string }[] = [];
  for (const e of events) {
    if (!e.phase || firsts.some((f) => f.phase === e.phase)) continue;
    firsts.push({ phase: e.phase, at: e.at });
  }
  return firsts.map((f, i) => ({ ...f, took: duration(f.at, firsts[i + 1]?.at ?? end ?? null) }));
}
