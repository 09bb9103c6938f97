import { isJsonObject, type JsonValue } from '../graphql/scalars';

// The "Review changes" step before anything writes to Git: what a dry run reported (the
// operation's `details`), the commit message the server will compose, and the target.

export interface PlannedFile {
  path: string;
  /** `create`, `update` or `delete` (of the file). */
  action: string;
  /** Unified diff. */
  diff: string;
}

export interface NamedResource {
  kind: string;
  namespace: string;
  name: string;
}

export interface SkippedDraft extends NamedResource {
  reason: string;
}

export interface DryRunReport {
  files: PlannedFile[];
  skipped: SkippedDraft[];
  warnings: { kind: string; namespace: string; name: string; path: string; message: string }[];
  /** Conflicts the dry run's ingestion found (bidirectional). */
  conflicts: number;
  /** The commit the dry run built (not on any branch), or null when nothing would change. */
  commit: string | null;
}

const str = (v: JsonValue | undefined): string => (typeof v === 'string' ? v : '');
const list = (v: JsonValue | undefined): JsonValue[] => (Array.isArray(v) ? v : []);

/** Reads a write-back operation's `details` (`files`, `skipped`, `warnings`, `conflicts`, `commit`). */
export function parseDryRun(details: JsonValue | null | undefined): DryRunReport {
  const d = isJsonObject(details ?? undefined) ? (details as { [k: string]: JsonValue }) : {};
  return {
    files: list(d.files)
      .filter(isJsonObject)
      .map((f) => ({ path: str(f.path), action: str(f.action), diff: str(f.diff) }))
      .filter((f) => f.path !== ''),
    skipped: list(d.skipped)
      .filter(isJsonObject)
      .map((s) => ({ kind: str(s.kind), namespace: str(s.namespace), name: str(s.name), reason: str(s.reason) })),
    warnings: list(d.warnings)
      .filter(isJsonObject)
      .map((w) => ({ kind: str(w.kind), namespace: str(w.namespace), name: str(w.name), path: str(w.path), message: str(w.message) })),
    conflicts: list(d.conflicts).length,
    commit: typeof d.commit === 'string' ? d.commit : null,
  };
}

export interface DraftItem extends NamedResource {
  operation: 'CREATE' | 'UPDATE' | 'DELETE';
}

function plural(kind: string, count: number): string {
  if (count === 1) return kind;
  return /[shx]$/.test(kind) ? `${kind}es` : `${kind}s`;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The subject and body of the write-back commit for these drafts, composed as the server does
 * (`HNP: update 3 VPCs, create 1 VPCAttachment`, then one line per resource in kind, namespace,
 * name order). Drafts the dry run skipped are left out. The server appends the `HNP-Operation`
 * and `HNP-User` trailers when it commits.
 */
/**
 * A commit message built by the server (`SyncOperation.commitMessage` of a dry run) without its
 * `HNP-Operation` and `HNP-User` trailers: the dry run's are not the real run's.
 */
export function withoutTrailers(message: string): string {
  return message
    .split('\n')
    .filter((l) => !/^HNP-(Operation|User):/.test(l))
    .join('\n')
    .trimEnd();
}

export function commitMessage(drafts: DraftItem[], skipped: NamedResource[] = []): string {
  const skip = new Set(skipped.map((s) => `${s.kind}\u0000${s.namespace}\u0000${s.name}`));
  const items = drafts
    .filter((d) => !skip.has(`${d.kind}\u0000${d.namespace}\u0000${d.name}`))
    .sort((a, b) => cmp(a.kind, b.kind) || cmp(a.namespace, b.namespace) || cmp(a.name, b.name));
  if (items.length === 0) return '';
  const order = { UPDATE: 0, CREATE: 1, DELETE: 2 } as const;
  const verb = (op: DraftItem['operation']) => op.toLowerCase();
  const groups = new Map<string, { order: number; kind: string; op: DraftItem['operation']; count: number }>();
  for (const i of items) {
    const key = `${order[i.operation]}\u0000${i.kind}`;
    const g = groups.get(key) ?? { order: order[i.operation], kind: i.kind, op: i.operation, count: 0 };
    g.count++;
    groups.set(key, g);
  }
  const parts = [...groups.values()]
    .sort((a, b) => a.order - b.order || cmp(a.kind, b.kind))
    .map((g) => `${verb(g.op)} ${g.count} ${plural(g.kind, g.count)}`);
  const body = items.map((i) => `- ${verb(i.operation)} ${i.kind} ${i.namespace}/${i.name}`).join('\n');
  return `HNP: ${parts.join(', ')}\n\n${body}\n`;
}

export interface ReviewTarget {
  /** `pull request` mode opens (or updates) a pull request instead of pushing to the branch. */
  pullRequest: boolean;
  branch: string;
  /** An open pull request write-back would update (pull-request mode). */
  openPullRequestUrl?: string | null;
}

/** Where a fabric's writes go: its branch (or the repository's default), a pull request in pull-request mode. */
export function reviewTargetOf(fabric: {
  gitBranch?: string | null;
  openPullRequestUrl?: string | null;
  gitRepository?: { defaultBranch?: string | null; writeMode?: string | null } | null;
}): ReviewTarget {
  return {
    pullRequest: fabric.gitRepository?.writeMode === 'PULL_REQUEST',
    branch: fabric.gitBranch ?? fabric.gitRepository?.defaultBranch ?? 'main',
    openPullRequestUrl: fabric.openPullRequestUrl,
  };
}

/** The confirm button's label. */
export function confirmLabel(target: ReviewTarget): string {
  return target.pullRequest ? 'Open pull request' : 'Commit and push';
}

/** Whether two dry-run reports change the same files in the same way. */
export function sameFiles(a: PlannedFile[], b: PlannedFile[]): boolean {
  const key = (f: PlannedFile[]) =>
    JSON.stringify([...f].sort((x, y) => cmp(x.path, y.path)).map((x) => [x.path, x.action, x.diff]));
  return key(a) === key(b);
}
