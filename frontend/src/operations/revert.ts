import { isJsonObject, type JsonValue } from '../graphql/scalars';
import type { OperationDirection, OperationStatus } from '../graphql/generated/graphql';

// Reverting an operation or a commit: what can be reverted and how (`revertOperation` for what
// a write-back committed, `revertCommit` for any commit of the fabric's branch), and the fields
// a revert would not overwrite (changed again since: it opens a conflict for them). Pure,
// tested in revert.test.ts.

/** What a revert undoes, and how the dialog names it. */
export type RevertSubject =
  | { kind: 'operation'; operationId: string; label: string }
  | { kind: 'commit'; fabricId: string; commit: string; label: string };

const short = (sha: string) => sha.slice(0, 10);

/**
 * The revert an operation's page offers: a write-back that pushed its commit is reverted as an
 * operation; an ingestion by the commit it read (that commit only). Dry runs, unfinished or
 * failed operations and the other directions offer none.
 */
export function operationRevert(op: {
  id: string;
  fabricId: string;
  direction: OperationDirection;
  status: OperationStatus;
  commitSha?: string | null;
  dryRun: boolean;
  pushed?: boolean | null;
}): RevertSubject | null {
  if (op.dryRun || !op.commitSha || !(op.status === 'SUCCEEDED' || op.status === 'PARTIALLY_SUCCEEDED')) return null;
  if (op.direction === 'GUI_TO_GIT' || op.direction === 'BIDIRECTIONAL') {
    if (op.pushed === false) return null;
    return { kind: 'operation', operationId: op.id, label: `operation ${op.id.slice(0, 8)} (commit ${short(op.commitSha)})` };
  }
  if (op.direction === 'GIT_TO_GUI') {
    return { kind: 'commit', fabricId: op.fabricId, commit: op.commitSha, label: `commit ${short(op.commitSha)} (the head this ingestion read)` };
  }
  return null;
}

/**
 * The revert a History event offers: a write-back by its operation, any other commit of the
 * resource (an external commit, a creation, a deletion) by the commit — the whole commit, every
 * resource it changed in the fabric's directory.
 */
export function eventRevert(
  e: { kind: string; commit?: string | null; operationId?: string | null; message?: string | null },
  fabricId: string,
): RevertSubject | null {
  if (!e.commit || !['GIT_COMMIT', 'WRITE_BACK', 'CREATED', 'DELETED', 'REVERTED'].includes(e.kind)) return null;
  const subject = (e.message ?? '').split('\n')[0].trim();
  const named = subject ? ` "${subject}"` : '';
  if (e.operationId && (e.kind === 'WRITE_BACK' || e.kind === 'REVERTED')) {
    return { kind: 'operation', operationId: e.operationId, label: `write-back ${short(e.commit)}${named}` };
  }
  return { kind: 'commit', fabricId, commit: e.commit, label: `commit ${short(e.commit)}${named}` };
}

export interface RevertConflict {
  kind: string;
  namespace: string;
  name: string;
  paths: string[];
}

const str = (v: JsonValue | undefined): string => (typeof v === 'string' ? v : '');

/**
 * Fields the revert would not set back because they changed again since: the dry run lists
 * them in `details.conflicts`, as a write-back dry run does.
 */
export function revertConflicts(details: JsonValue | null | undefined): RevertConflict[] {
  const d = isJsonObject(details ?? undefined) ? (details as { [k: string]: JsonValue }) : {};
  const list = Array.isArray(d.conflicts) ? d.conflicts : [];
  return list.filter(isJsonObject).map((c) => ({
    kind: str(c.kind),
    namespace: str(c.namespace),
    name: str(c.name),
    paths: (Array.isArray(c.paths) ? c.paths : []).filter((p): p is string => typeof p === 'string'),
  }));
}
