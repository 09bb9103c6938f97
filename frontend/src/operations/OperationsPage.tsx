import { useEffect, useRef, useState } from 'react';
import { useQuery, useSubscription } from 'urql';
import { OperationEventsSubscription, OperationsQuery } from './operations';
import { ErrorBox } from '../common/ErrorBox';
import { OperationList } from './OperationList';
import { usePageTitle } from '../common/usePageTitle';

const PAGE = 50;

export function OperationsPage() {
  const [fabricId, setFabricId] = useState('');
  usePageTitle('Operations');
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [{ data, error, fetching }, refetch] = useQuery({
    query: OperationsQuery,
    variables: { fabricId: fabricId || null, first: PAGE, after: cursors[cursors.length - 1] },
  });
  // Live: operations queued, started or finished anywhere refresh the list (debounced).
  const [events] = useSubscription({ query: OperationEventsSubscription });
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => {
    const kind = events.data?.fabricEvents.kind;
    if (!kind?.startsWith('operation_')) return;
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => refetch({ requestPolicy: 'network-only' }), 300);
  }, [events.data, refetch]);
  useEffect(() => () => clearTimeout(timer.current), []);
  const fabricName = (id: string) => data?.fabrics.find((f) => f.id === id)?.name ?? id;
  const conn = data?.syncOperations;
  return (
    <section>
      <h1>Operations</h1>
      <div className="filters">
        <label>
          Fabric
          <select
            value={fabricId}
            onChange={(e) => {
              setFabricId(e.target.value);
              setCursors([null]);
            }}
          >
            <option value="">all</option>
            {data?.fabrics.map((f) => (
              <option key={f.id} value={f.id}>
                {f.name}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => refetch({ requestPolicy: 'network-only' })}>
          Refresh
        </button>
      </div>
      <ErrorBox error={error} />
      {fetching && !data && <p>Loading…</p>}
      {conn && (
        <>
          <p className="muted">{conn.totalCount} operations</p>
          <OperationList operations={conn.nodes} showFabric={fabricName} />
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
    </section>
  );
}
