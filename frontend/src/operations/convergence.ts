// A write-back's way to the switches (`SyncOperation.convergence`): committed → in the cluster →
// applied by the affected switches' Agents, as three steps with their times.

export interface ConvergenceData {
  committedAt: string;
  inClusterAt?: string | null;
  appliedAt?: string | null;
  switches: string[];
  pendingSwitches: string[];
}

export interface ConvergenceStep {
  /** `committed`, `in_cluster` or `applied` (stable keys for tests and styling). */
  key: 'committed' | 'in_cluster' | 'applied';
  label: string;
  done: boolean;
  at: string | null;
  /** Seconds since the commit when done. */
  afterSeconds: number | null;
  detail: string;
}

const seconds = (from: string, to: string | null | undefined): number | null => {
  if (!to) return null;
  const d = (Date.parse(to) - Date.parse(from)) / 1000;
  return Number.isNaN(d) ? null : Math.max(0, Math.round(d));
};

/** "+42s", "+3m 5s", "+2h 1m" after the commit. */
export function after(s: number | null): string {
  if (s == null) return '';
  if (s < 60) return `+${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `+${m}m ${s % 60}s`;
  return `+${Math.floor(m / 60)}h ${m % 60}m`;
}

const list = (names: string[], max = 6) =>
  names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')} and ${names.length - max} more`;

export function convergenceSteps(c: ConvergenceData): ConvergenceStep[] {
  const applied = c.appliedAt ?? null;
  const inCluster = c.inClusterAt ?? null;
  const total = c.switches.length;
  const done = total - c.pendingSwitches.length;
  let switchDetail: string;
  if (total === 0) switchDetail = 'no switch affected';
  else if (applied) switchDetail = `${total} switch${total === 1 ? '' : 'es'} applied it`;
  else if (!inCluster) switchDetail = `waiting for the cluster (${total} switch${total === 1 ? '' : 'es'} affected)`;
  else switchDetail = `${done} of ${total} applied · waiting for ${list(c.pendingSwitches)}`;
  return [
    { key: 'committed', label: 'Committed', done: true, at: c.committedAt, afterSeconds: 0, detail: 'pushed to Git' },
    {
      key: 'in_cluster',
      label: 'In cluster',
      done: inCluster != null,
      at: inCluster,
      afterSeconds: seconds(c.committedAt, inCluster),
      detail: inCluster ? 'seen by a cluster read' : 'waiting for a cluster read that matches Git',
    },
    {
      key: 'applied',
      label: 'On switches',
      done: applied != null,
      at: applied,
      afterSeconds: seconds(c.committedAt, applied),
      detail: switchDetail,
    },
  ];
}
