import { Link } from 'react-router-dom';
import { shortSha, timeAgo } from '../common/time';

export interface FabricStatusInput {
  id: string;
  pendingDrafts: number;
  desiredStateCommit?: string | null;
  remoteHeadCommit?: string | null;
  openConflicts: number;
  driftCount: number;
  /** Of `driftCount`, the resources only in the cluster (orphans, `Fabric.actualOnlyCount`). */
  actualOnlyCount?: number;
  clusterConfigured: boolean;
  /** When the cluster was last read (`Fabric.lastClusterRead`); null before the first read. */
  lastClusterRead?: string | null;
  /**
   * Commits this fabric's finished operations (not dry runs) already recorded: a remote head
   * equal to one of them is a head the fabric has passed (the head is re-read only every few
   * minutes), not Git being ahead.
   */
  knownCommits?: string[];
}

export interface Indicator {
  key: 'git' | 'cluster' | 'conflicts';
  label: string;
  /** `ok`, `warn`, `bad`, `muted` (the badge tone). */
  tone: 'ok' | 'warn' | 'bad' | 'muted';
  /** Machine-readable state for tests and styling. */
  state: string;
  text: string;
  /** The resource list filtered to what the indicator counts. */
  href: string;
  /** More about the state (the cluster indicator: when it was read). */
  title?: string;
}

/** "2 drifted", "1 drifted · 1 only in cluster", "1 only in cluster": orphans told apart. */
function driftText(drifted: number, actualOnly: number): string {
  const only = Math.min(actualOnly, drifted);
  const parts = [];
  if (drifted - only > 0) parts.push(`${drifted - only} drifted`);
  if (only > 0) parts.push(`${only} only in cluster`);
  return parts.join(' · ');
}

/** The three indicators of a fabric: Git, cluster, conflicts — each from what the API says. */
export function indicators(f: FabricStatusInput): Indicator[] {
  const base = `/resources?fabric=${encodeURIComponent(f.id)}`;
  const ahead =
    !!f.remoteHeadCommit &&
    !!f.desiredStateCommit &&
    f.remoteHeadCommit !== f.desiredStateCommit &&
    !(f.knownCommits ?? []).includes(f.remoteHeadCommit);
  const gitParts: string[] = [];
  if (ahead) gitParts.push(`Git ahead (remote ${shortSha(f.remoteHeadCommit)})`);
  if (f.pendingDrafts > 0) gitParts.push(`${f.pendingDrafts} pending draft${f.pendingDrafts === 1 ? '' : 's'}`);
  const neverRead = !f.desiredStateCommit;
  const git: Indicator = {
    key: 'git',
    label: 'Git',
    tone: gitParts.length ? 'warn' : neverRead ? 'muted' : 'ok',
    state: ahead && f.pendingDrafts > 0 ? 'ahead-and-drafts' : ahead ? 'ahead' : f.pendingDrafts > 0 ? 'drafts' : neverRead ? 'never-synced' : 'in-sync',
    text: gitParts.length ? gitParts.join(' · ') : neverRead ? 'never synced' : 'in sync',
    href: f.pendingDrafts > 0 ? `${base}&draft=yes` : base,
  };
  let cluster: Indicator;
  if (!f.clusterConfigured) {
    cluster = { key: 'cluster', label: 'Cluster', tone: 'muted', state: 'not-configured', text: 'not configured', href: base };
  } else if (!f.lastClusterRead) {
    cluster = { key: 'cluster', label: 'Cluster', tone: 'muted', state: 'unknown', text: 'unknown (not read yet)', href: `${base}&drift=UNKNOWN` };
  } else if (f.driftCount > 0) {
    cluster = {
      key: 'cluster',
      label: 'Cluster',
      tone: 'warn',
      state: 'drift',
      text: driftText(f.driftCount, f.actualOnlyCount ?? 0),
      title: `read ${timeAgo(f.lastClusterRead)}`,
      href: `${base}&state=DRIFTED`,
    };
  } else {
    cluster = { key: 'cluster', label: 'Cluster', tone: 'ok', state: 'in-sync', text: 'in sync', href: `${base}&drift=IN_SYNC`, title: `read ${timeAgo(f.lastClusterRead)}` };
  }
  const conflicts: Indicator = {
    key: 'conflicts',
    label: 'Conflicts',
    tone: f.openConflicts > 0 ? 'bad' : 'ok',
    state: f.openConflicts > 0 ? 'open' : 'none',
    text: f.openConflicts > 0 ? `${f.openConflicts} open` : 'none',
    href: `${base}&conflict=DETECTED`,
  };
  return [git, cluster, conflicts];
}

/** Separate Git / cluster / conflicts indicators, each linking to the filtered resource list. */
export function FabricStatus(props: { fabric: FabricStatusInput }) {
  return (
    <ul className="status-indicators" aria-label="Fabric status" data-testid="fabric-status">
      {indicators(props.fabric).map((i) => (
        <li key={i.key} data-testid={`status-${i.key}`} data-state={i.state}>
          <span className="status-label">{i.label}</span>{' '}
          <Link to={i.href} className={`badge badge-${i.tone}`} title={i.title}>
            {i.text}
          </Link>
        </li>
      ))}
    </ul>
  );
}
