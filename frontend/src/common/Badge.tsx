const TONES: Record<string, string> = {
  IN_SYNC: 'ok',
  APPLIED: 'ok',
  STALE: 'warn',
  SYNCED: 'ok',
  SUCCEEDED: 'ok',
  CONNECTED: 'ok',
  INITIALIZED: 'ok',
  COMMITTED: 'info',
  RESOLVED: 'ok',
  NONE: 'muted',
  UNKNOWN: 'muted',
  UNTESTED: 'muted',
  NEVER_SYNCED: 'muted',
  QUEUED: 'info',
  RUNNING: 'info',
  SYNCING: 'info',
  DRAFT: 'info',
  PENDING: 'info',
  OUT_OF_SYNC: 'warn',
  DRIFTED: 'warn',
  SPEC_DRIFT: 'warn',
  DESIRED_ONLY: 'warn',
  ACTUAL_ONLY: 'warn',
  PARTIALLY_SUCCEEDED: 'warn',
  NOT_INITIALIZED: 'warn',
  ORPHANED: 'warn',
  RESOLVING: 'warn',
  CANCELLED: 'muted',
  OPEN: 'bad',
  DETECTED: 'bad',
  ERROR: 'bad',
  FAILED: 'bad',
  INVALID_STRUCTURE: 'bad',
  INVALID: 'bad',
};

export function Badge({ value, label }: { value: string | null | undefined; label?: string }) {
  if (!value) return null;
  const tone = TONES[value] ?? 'muted';
  return (
    <span className={`badge badge-${tone}`} data-value={value}>
      {label ?? value.replace(/_/g, ' ')}
    </span>
  );
}
