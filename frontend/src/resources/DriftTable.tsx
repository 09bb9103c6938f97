import type { JsonValue } from '../graphql/scalars';
import { parseDrift, type DriftDifference } from './drift';
import { timeAgo } from '../common/time';

/**
 * The drift report of a resource (`Resource.drift`): one row per differing field, each with an
 * "Adopt" action (the cluster's value into the draft) when `onAdopt` is given; differences an
 * ignore rule hides are listed apart as ignored.
 */
export function DriftTable({
  drift: value,
  onAdopt,
  onKeepGit,
  file,
  busy,
}: {
  drift: JsonValue | null | undefined;
  /** Adopts the cluster's values at `paths` (all differing paths when empty). */
  onAdopt?: (paths: string[]) => void;
  /** Marks `paths` as "Git is right" (all drifted paths when empty). */
  onKeepGit?: (paths: string[]) => void;
  /** The managed file to re-apply when Git is kept. */
  file?: string | null;
  busy?: boolean;
}) {
  const drift = parseDrift(value);
  if (!drift || (drift.differences.length === 0 && drift.ignored.length === 0)) return null;
  const rows = (items: DriftDifference[], adoptable: boolean) =>
    items.map((d) => (
      <tr key={d.path} data-drift-path={d.path}>
        <td>
          <code>{d.path}</code>
        </td>
        <td>
          <code>{JSON.stringify(d.desired)}</code>
        </td>
        <td>
          <code>{JSON.stringify(d.actual)}</code>
        </td>
        <td title={d.since}>{d.since ? timeAgo(d.since) : <span className="muted">—</span>}</td>
        <td>{d.manager ? `${d.manager}${d.operation ? ` (${d.operation})` : ''}` : <span className="muted">unknown</span>}</td>
        {onAdopt && (
          <td>
            {!adoptable ? (
              <span className="muted">ignored</span>
            ) : (
              <>
                <button type="button" className="small" disabled={busy} onClick={() => onAdopt([d.path])} aria-label={`Adopt ${d.path}`}>
                  Adopt
                </button>{' '}
                {d.keptGitBy ? (
                  <span className="muted small" data-testid="kept-git" title={d.keptGitAt}>
                    Git kept by {d.keptGitBy} {timeAgo(d.keptGitAt)}
                    {file ? ` · re-apply ${file} to the cluster` : ''}
                  </span>
                ) : (
                  onKeepGit && (
                    <button type="button" className="small" disabled={busy} onClick={() => onKeepGit([d.path])} aria-label={`Keep Git ${d.path}`}>
                      Keep Git
                    </button>
                  )
                )}
              </>
            )}
          </td>
        )}
      </tr>
    ));
  return (
    <div data-testid="drift-table">
      <h3>Drift</h3>
      <p className="muted">
        score {drift.score ?? '?'} · compared {drift.compared ?? '?'}
        {onAdopt && drift.differences.length > 0 && (
          <>
            {' '}
            ·{' '}
            <button type="button" className="small" disabled={busy} onClick={() => onAdopt([])}>
              Adopt all
            </button>{' '}
            <span className="small">(the cluster's values become the draft; Git changes only when the draft is synced)</span>
          </>
        )}
      </p>
      <table className="table">
        <thead>
          <tr>
            <th>Path</th>
            <th>Desired</th>
            <th>Actual</th>
            <th>Since</th>
            <th>Changed by</th>
            {onAdopt && <th />}
          </tr>
        </thead>
        <tbody>
          {rows(drift.differences, true)}
          {rows(drift.ignored, false)}
        </tbody>
      </table>
    </div>
  );
}
