import { useState } from 'react';
import { useQuery } from 'urql';
import { AuditEventsQuery } from './operations';
import { ErrorBox } from '../common/ErrorBox';
import { timeAgo } from '../common/time';

/** The audit log, newest first. */
export function AuditPanel() {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [{ data, error }] = useQuery({ query: AuditEventsQuery, variables: { first: 50, after: cursors[cursors.length - 1] } });
  const conn = data?.auditEvents;
  return (
    <div className="card">
      <h2>Audit log</h2>
      <ErrorBox error={error} />
      {conn && (
        <>
          <p className="muted">{conn.totalCount} events</p>
          <table className="table audit">
            <thead>
              <tr>
                <th>When</th>
                <th>Actor</th>
                <th>Action</th>
                <th>Target</th>
                <th>Summary</th>
              </tr>
            </thead>
            <tbody>
              {conn.nodes.map((e) => (
                <tr key={e.id}>
                  <td title={e.createdAt}>{timeAgo(e.createdAt)}</td>
                  <td>{e.actor ?? 'system'}</td>
                  <td>
                    <code>{e.action}</code>
                  </td>
                  <td>
                    {e.targetType}
                    {e.targetId ? ` ${e.targetId}` : ''}
                  </td>
                  <td>{e.summary}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="pager">
            <button type="button" disabled={cursors.length === 1} onClick={() => setCursors(cursors.slice(0, -1))}>
              Previous
            </button>
            <button type="button" disabled={!conn.pageInfo.hasNextPage} onClick={() => setCursors([...cursors, conn.pageInfo.endCursor ?? null])}>
              Next
            </button>
          </div>
        </>
      )}
    </div>
  );
}
