import { isJsonObject, type JsonValue } from '../graphql/scalars';

// The audit log's display helpers: where a target lives in the UI, what an action changed, and the
// filter form's values as query variables.

/** The page of an audit event's target, when the UI has one. */
export function targetLink(targetType: string, targetId: string | null | undefined, fabricId?: string | null): string | null {
  switch (targetType) {
    case 'resource':
      return targetId ? `/resources/${targetId}` : null;
    case 'fabric':
      return targetId ? `/fabrics/${targetId}` : null;
    case 'sync_operation':
      return targetId ? `/operations/${targetId}` : null;
    case 'conflict':
      return targetId ? `/conflicts/${targetId}` : null;
    case 'git_repository':
      return '/repositories';
    case 'feature_flag':
      return fabricId ? `/fabrics/${fabricId}` : '/admin';
    default:
      return null;
  }
}

export interface FieldChange {
  field: string;
  before: string;
  after: string;
}

const show = (v: JsonValue | undefined): string => (v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v));

/**
 * The fields an action changed: for object snapshots each key whose value differs (in key order);
 * otherwise the whole values as one change. Empty when there is neither before nor after.
 */
export function changes(before: JsonValue | null | undefined, after: JsonValue | null | undefined): FieldChange[] {
  if (before == null && after == null) return [];
  const b = before ?? undefined;
  const a = after ?? undefined;
  if ((b === undefined || isJsonObject(b)) && (a === undefined || isJsonObject(a))) {
    const keys = [...new Set([...Object.keys(b ?? {}), ...Object.keys(a ?? {})])].sort();
    return keys
      .filter((k) => JSON.stringify(b?.[k]) !== JSON.stringify(a?.[k]))
      .map((k) => ({ field: k, before: show(b?.[k]), after: show(a?.[k]) }));
  }
  return [{ field: '', before: show(b), after: show(a) }];
}

export interface AuditFilterForm {
  actor: string;
  action: string;
  targetType: string;
  targetId: string;
  /** `datetime-local` values (local time), or empty. */
  since: string;
  until: string;
}

export const EMPTY_FILTER: AuditFilterForm = { actor: '', action: '', targetType: '', targetId: '', since: '', until: '' };

/** The form's values as `auditEvents` arguments (blank → null; local times → RFC 3339). */
export function filterVariables(f: AuditFilterForm) {
  const text = (v: string) => (v.trim() === '' ? null : v.trim());
  const time = (v: string) => {
    if (!v) return null;
    const t = new Date(v);
    return Number.isNaN(t.getTime()) ? null : t.toISOString();
  };
  return {
    actor: text(f.actor),
    action: text(f.action),
    targetType: text(f.targetType),
    targetId: text(f.targetId),
    since: time(f.since),
    until: time(f.until),
  };
}
