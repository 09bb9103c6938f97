import type { OperationFieldsFragment } from '../graphql/generated/graphql';
import { Link } from 'react-router-dom';
import { Badge } from '../common/Badge';
import { shortSha, timeAgo } from '../common/time';
import { OperationOutcome } from './OperationOutcome';

export function OperationList({
  operations,
  showFabric,
  commitLink,
}: {
  operations: OperationFieldsFragment[];
  showFabric?: (id: string) => string;
  /** A web link for a commit SHA, when the repository's host is known. */
  commitLink?: (sha: string) => string | undefined;
}) {
  if (operations.length === 0) return <p className="muted">No operations yet.</p>;
  return (
    <table className="table operations">
      <thead>
        <tr>
          <th>Status</th>
          {showFabric && <th>Fabric</th>}
          <th>Direction</th>
          <th>Trigger</th>
          <th>Counters</th>
          <th>Commit</th>
          <th>When</th>
          <th>Message / errors</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {operations.map((op) => (
          <tr key={op.id} data-operation-id={op.id}>
            <td>
              <Badge value={op.status} />
              {op.dryRun && <span className="badge badge-muted">dry run</span>}
              {(op.status === 'RUNNING' || op.status === 'QUEUED') && <span className="muted"> {op.percent}%</span>}
              <OperationOutcome conflicts={op.counters.conflicts} autoMerged={op.autoMerged} />
            </td>
            {showFabric && <td>{showFabric(op.fabricId)}</td>}
            <td>{op.direction.replace(/_/g, ' ')}</td>
            <td>
              {op.trigger}
              {op.requestedBy ? ` · ${op.requestedBy}` : ''}
            </td>
            <td className="counters">
              files {op.counters.filesProcessed} · +{op.counters.created} ~{op.counters.updated} −{op.counters.deleted} ={op.counters.unchanged}
            </td>
            <td>
              {op.commitSha ? (
                commitLink?.(op.commitSha) ? (
                  <a href={commitLink(op.commitSha)} target="_blank" rel="noreferrer">
                    <code title={op.commitSha}>{shortSha(op.commitSha)}</code>
                  </a>
                ) : (
                  <code title={op.commitSha}>{shortSha(op.commitSha)}</code>
                )
              ) : (
                <span className="muted">—</span>
              )}
              {op.pullRequestUrl && (
                <>
                  {' '}
                  <a href={op.pullRequestUrl} target="_blank" rel="noreferrer">
                    PR
                  </a>
                </>
              )}
            </td>
            <td title={op.finishedAt ?? op.createdAt}>{timeAgo(op.finishedAt ?? op.startedAt ?? op.createdAt)}</td>
            <td>
              {op.message && <div>{op.message}</div>}
              {op.errors.length > 0 && (
                <ul className="file-errors">
                  {op.errors.map((e, i) => (
                    <li key={i}>
                      <code>{e.path}</code>: {e.message}
                    </li>
                  ))}
                </ul>
              )}
            </td>
            <td>
              <Link to={`/operations/${op.id}`} aria-label={`Details of operation ${op.id.slice(0, 8)}`}>
                Details
              </Link>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
