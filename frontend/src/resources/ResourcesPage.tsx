import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useQuery } from 'urql';
import { FabricsQuery } from '../fabrics/operations';
import { ResourcesQuery } from './operations';
import type { AdmissionFilter, ConflictStatus, DriftStatus, ResourceState } from '../graphql/generated/graphql';
import { canOperate, useSession } from '../auth/session';
import { Badge } from '../common/Badge';
import { ErrorBox } from '../common/ErrorBox';
import { timeAgo } from '../common/time';
import { KINDS } from './kinds';
import { usePageTitle } from '../common/usePageTitle';

export const PAGE_SIZE = 50;
const STATES: ResourceState[] = ['DRAFT', 'COMMITTED', 'SYNCED', 'DRIFTED', 'ORPHANED', 'PENDING'];
const DRIFTS: DriftStatus[] = ['UNKNOWN', 'IN_SYNC', 'SPEC_DRIFT', 'DESIRED_ONLY', 'ACTUAL_ONLY'];
const CONFLICTS: ConflictStatus[] = ['NONE', 'DETECTED', 'RESOLVING', 'RESOLVED'];

export function ResourcesPage() {
  const { user } = useSession();
  const [params, setParams] = useSearchParams();
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const page = cursors.length - 1;
  const filter = {
    fabricId: params.get('fabric') || null,
    kind: params.get('kind') || null,
    search: params.get('q') || null,
    state: (params.get('state') || null) as ResourceState | null,
    driftStatus: (params.get('drift') || null) as DriftStatus | null,
    conflictStatus: (params.get('conflict') || null) as ConflictStatus | null,
    hasDraft: params.get('draft') === 'yes' ? true : params.get('draft') === 'no' ? false : null,
    admission: (params.get('admission') || null) as AdmissionFilter | null,
  };
  const [{ data, error, fetching }] = useQuery({
    query: ResourcesQuery,
    variables: { ...filter, first: PAGE_SIZE, after: cursors[page] },
  });
  const [fabrics] = useQuery({ query: FabricsQuery });
  usePageTitle('Resources');

  const setFilter = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
    setCursors([null]);
  };
  const fabricName = (id: string) => fabrics.data?.fabrics.find((f) => f.id === id)?.name ?? id;
  const conn = data?.resources;

  return (
    <section>
      <h1>Resources</h1>
      <div className="filters">
        <label>
          Fabric
          <select value={filter.fabricId ?? ''} onChange={(e) => setFilter('fabric', e.target.value)}>
            <option value="">all</option>
            {fabrics.data?.fabrics.map((f) => (
              <option key={f.id} value={f.id}>
                {f.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Kind
          <select value={filter.kind ?? ''} onChange={(e) => setFilter('kind', e.target.value)}>
            <option value="">all</option>
            {KINDS.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        </label>
        <label>
          State
          <select value={filter.state ?? ''} onChange={(e) => setFilter('state', e.target.value)}>
            <option value="">all</option>
            {STATES.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        </label>
        <label>
          Drift
          <select value={filter.driftStatus ?? ''} onChange={(e) => setFilter('drift', e.target.value)}>
            <option value="">all</option>
            {DRIFTS.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        </label>
        <label>
          Conflict
          <select value={filter.conflictStatus ?? ''} onChange={(e) => setFilter('conflict', e.target.value)}>
            <option value="">all</option>
            {CONFLICTS.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        </label>
        <label>
          Has draft
          <select value={params.get('draft') ?? ''} onChange={(e) => setFilter('draft', e.target.value)}>
            <option value="">any</option>
            <option value="yes">yes</option>
            <option value="no">no</option>
          </select>
        </label>
        <label>
          Admission
          <select value={filter.admission ?? ''} onChange={(e) => setFilter('admission', e.target.value)} data-testid="admission-filter">
            <option value="">any</option>
            <option value="INVALID">Invalid</option>
            <option value="VALID">Valid</option>
          </select>
        </label>
        <label>
          Search
          <input type="search" placeholder="name or spec value (subnet, VLAN, port)…" defaultValue={filter.search ?? ''} onChange={(e) => setFilter('q', e.target.value)} />
        </label>
        {canOperate(user?.role) && (
          <Link className="button" to="/resources/new">
            New resource
          </Link>
        )}
      </div>
      <ErrorBox error={error} />
      {fetching && !data && <p>Loading…</p>}
      {conn && (
        <>
          <p className="muted">
            {conn.totalCount} resources · page {page + 1} of {Math.max(1, Math.ceil(conn.totalCount / PAGE_SIZE))}
          </p>
          <table className="table resources">
            <thead>
              <tr>
                <th>Name</th>
                <th>Kind</th>
                <th>Namespace</th>
                <th>Status</th>
                <th>Drift</th>
                <th>File Sync</th>
                <th>Conflicts</th>
                <th className="actions-cell">Actions</th>
              </tr>
            </thead>
            <tbody>
              {conn.nodes.map((r) => (
                <tr key={r.id} data-resource={`${r.kind}/${r.name}`}>
                  <td>
                    <Link to={`/resources/${r.id}`}>{r.name}</Link>
                    {!filter.fabricId && <div className="muted small">{fabricName(r.fabricId)}</div>}
                  </td>
                  <td>{r.kind}</td>
                  <td>{r.namespace}</td>
                  <td>
                    <span data-testid="resource-state">
                      <Badge value={r.resourceState} />
                    </span>
                    {r.hasDraft && <Badge value="DRAFT" label={`draft ${(r.draftOperation ?? '').toLowerCase()}`} />}
                    {r.admissionErrors.length > 0 && (
                      <span data-testid="admission-invalid" title={r.admissionErrors.map((p) => `${p.path}: ${p.message}`).join('\n')}>
                        <Badge value="INVALID" label="invalid" />
                      </span>
                    )}
                  </td>
                  <td>
                    <Badge value={r.driftStatus} />
                  </td>
                  <td title={r.lastFileSync ?? ''}>{timeAgo(r.lastFileSync)}</td>
                  <td>
                    <Badge value={r.conflictStatus} />
                  </td>
                  <td className="actions-cell">
                    <div className="actions">
                      <Link to={`/resources/${r.id}`}>View</Link>
                      {r.conflictStatus === 'DETECTED' && (
                        <Link className="button small" to={`/conflicts?resource=${r.id}`}>
                          Resolve
                        </Link>
                      )}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="pager">
            <button type="button" disabled={page === 0} onClick={() => setCursors(cursors.slice(0, -1))}>
              Previous
            </button>
            <button
              type="button"
              disabled={!conn.pageInfo.hasNextPage}
              onClick={() => setCursors([...cursors, conn.pageInfo.endCursor ?? null])}
            >
              Next
            </button>
          </div>
        </>
      )}
    </section>
  );
}
