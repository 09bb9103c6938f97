import type { ResourceEventKind } from '../graphql/generated/graphql';
import type { JsonValue } from '../graphql/scalars';
import { specToYaml } from '../common/yamlSpec';

// A resource's history as the History tab shows it: readable kinds, the path a change took
// (Git, UI, cluster), authors, paging with `after` and grouping by day. Pure functions, tested
// in history.test.ts.

export interface HistoryEvent {
  kind: ResourceEventKind;
  at: string;
  actor?: string | null;
  commit?: string | null;
  operationId?: string | null;
  message?: string | null;
  paths: string[];
}

export const KIND_LABELS: Record<ResourceEventKind, string> = {
  GIT_COMMIT: 'Git commit',
  CREATED: 'Created',
  DELETED: 'Deleted',
  WRITE_BACK: 'Write-back',
  DRAFT_SAVED: 'Draft saved',
  DRAFT_DISCARDED: 'Draft discarded',
  DELETE_REQUESTED: 'Deletion requested',
  CONFLICT_OPENED: 'Conflict opened',
  CONFLICT_RESOLVED: 'Conflict resolved',
  DRIFT_STARTED: 'Drift started',
  DRIFT_ENDED: 'Drift ended',
  REVERTED: 'Reverted',
};

/** A readable label of an event kind (the raw kind, spaced, for a kind this build does not know). */
export function kindLabel(kind: string): string {
  return (KIND_LABELS as Record<string, string>)[kind] ?? kind.replace(/_/g, ' ').toLowerCase();
}

/** Through which path a change reached the resource. */
export type Channel = 'git' | 'ui' | 'cluster';

export const CHANNEL_LABELS: Record<Channel, string> = { git: 'Git', ui: 'UI', cluster: 'Cluster' };

/**
 * The path of an event: a commit made outside HNP is `git`; drafts, deletion requests, conflict
 * resolutions and what an HNP write-back (an operation) committed are `ui`; drift is `cluster`. A
 * conflict opens when Git changes a field a draft changes: `git`.
 */
export function channelOf(e: Pick<HistoryEvent, 'kind' | 'operationId'>): Channel {
  switch (e.kind) {
    case 'DRIFT_STARTED':
    case 'DRIFT_ENDED':
      return 'cluster';
    case 'GIT_COMMIT':
    case 'CONFLICT_OPENED':
      return 'git';
    case 'CREATED':
    case 'DELETED':
    case 'REVERTED':
      return e.operationId ? 'ui' : 'git';
    default:
      return 'ui';
  }
}

/** `Name <email>` → `{name, email}`; any other actor (an HNP user, `system`) is only a name. */
export function splitActor(actor: string | null | undefined): { name: string; email: string | null } {
  if (!actor) return { name: '—', email: null };
  const m = /^\s*(.*?)\s*<([^<>]*)>\s*$/.exec(actor);
  if (!m) return { name: actor, email: null };
  return { name: m[1] || m[2], email: m[2] || null };
}

/** The first line of a commit or event message. */
export function subject(message: string | null | undefined): string {
  return (message ?? '').split('\n')[0].trim();
}

/** Events whose change the tab can show field by field (a commit on the resource's fields). */
export function hasFieldDiff(e: Pick<HistoryEvent, 'kind' | 'paths'>): boolean {
  return e.paths.length > 0 && ['GIT_COMMIT', 'WRITE_BACK', 'DRAFT_SAVED', 'CONFLICT_OPENED', 'DRIFT_STARTED', 'DRIFT_ENDED', 'REVERTED'].includes(e.kind);
}

/** Events whose values before and after can be read back from their commit (`Resource.commitDiff`). */
export function hasCommitDiff(e: Pick<HistoryEvent, 'kind' | 'commit'>): boolean {
  return !!e.commit && ['GIT_COMMIT', 'WRITE_BACK', 'REVERTED'].includes(e.kind);
}

/**
 * A field's value in the diff table: `null` (absent) as "—", scalars as written in YAML (a
 * string as it is), maps and lists as YAML (`multiline` then).
 */
export function formatValue(v: JsonValue | null | undefined): { text: string; multiline: boolean; absent: boolean } {
  if (v === null || v === undefined) return { text: '—', multiline: false, absent: true };
  if (typeof v === 'string') return { text: v === '' ? '""' : v, multiline: v.includes('\n'), absent: false };
  if (typeof v !== 'object') return { text: String(v), multiline: false, absent: false };
  const empty = Array.isArray(v) ? v.length === 0 : Object.keys(v).length === 0;
  if (empty) return { text: Array.isArray(v) ? '[]' : '{}', multiline: false, absent: false };
  return { text: specToYaml(v).replace(/\n$/, ''), multiline: true, absent: false };
}

/** A Git commit of the resource that a revert can undo: an external commit, a write-back, a revert (`operations/revert.ts` says how). */
export function isRevertable(e: Pick<HistoryEvent, 'kind' | 'commit'>): boolean {
  return !!e.commit && ['GIT_COMMIT', 'WRITE_BACK', 'CREATED', 'DELETED', 'REVERTED'].includes(e.kind);
}

/** The loaded part of a history: events newest first, the total and where the next page starts. */
export interface HistoryPages<E> {
  events: E[];
  totalCount: number;
  endCursor: string | null;
  hasNextPage: boolean;
}

export interface HistoryPage<E> {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
  nodes: E[];
}

/**
 * Appends the page read with `after` to what is loaded. The cursor is a position in the
 * newest-first list: when `k` events were recorded since the first page, the page starts `k`
 * events earlier than asked, so its first `k` events are ones already loaded and are dropped.
 */
export function appendPage<E>(loaded: HistoryPages<E> | null, page: HistoryPage<E>): HistoryPages<E> {
  if (!loaded) {
    return { events: page.nodes, totalCount: page.totalCount, endCursor: page.pageInfo.endCursor ?? null, hasNextPage: page.pageInfo.hasNextPage };
  }
  const added = Math.max(0, page.totalCount - loaded.totalCount);
  const fresh = page.nodes.slice(Math.min(added, page.nodes.length));
  return {
    events: [...loaded.events, ...fresh],
    totalCount: page.totalCount,
    endCursor: page.pageInfo.endCursor ?? loaded.endCursor,
    hasNextPage: page.pageInfo.hasNextPage,
  };
}

export interface DayGroup<E> {
  /** `YYYY-MM-DD` (local time). */
  day: string;
  /** "Today", "Yesterday" or the date. */
  label: string;
  events: E[];
}

const localDay = (t: Date) => `${t.getFullYear()}-${String(t.getMonth() + 1).padStart(2, '0')}-${String(t.getDate()).padStart(2, '0')}`;

/** Events (newest first) grouped by their local day, in the same order. */
export function groupByDay<E extends { at: string }>(events: E[], now: Date = new Date()): DayGroup<E>[] {
  const today = localDay(now);
  const yesterday = localDay(new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1));
  const groups: DayGroup<E>[] = [];
  for (const e of events) {
    const t = new Date(e.at);
    const day = Number.isNaN(t.getTime()) ? 'unknown' : localDay(t);
    let g = groups[groups.length - 1];
    if (!g || g.day !== day) {
      const label =
        day === today ? 'Today' : day === yesterday ? 'Yesterday' : day === 'unknown' ? 'Unknown date' : t.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
      g = { day, label, events: [] };
      groups.push(g);
    }
    g.events.push(e);
  }
  return groups;
}
