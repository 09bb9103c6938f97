import { useState } from 'react';
import { usePageTitle } from '../common/usePageTitle';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { useQuery } from 'urql';
import { ConflictsQuery } from './operations';
import { FabricsQuery } from '../fabrics/operations';
import { Badge } from '../common/Badge';
import { ErrorBox } from '../common/ErrorBox';
import { shortSha, timeAgo } from '../common/time';
import { ThreeWayMerge } from './ThreeWayMerge';

export default function ConflictsPage() {
  usePageTitle('Conflicts');
  const { id } = useParams();
  const [params] = useSearchParams();
  const [showResolved, setShowResolved] = useState(false);
  const [notice, setNotice] = useState<{ text: string; fabricId: string } | null>(null);
  const [{ data, error, fetching }, refetch] = useQuery({
    query: ConflictsQuery,
    variables: { status: showResolved ? null : 'OPEN' },
  });
  const [fabrics] = useQuery({ query: FabricsQuery });
  const fabricName = (fid: string) => fabrics.data?.fabrics.find((f) => f.id === fid)?.name ?? fid;
  const conflicts = data?.conflicts ?? [];
  const resourceParam = params.get('resource');
  const selected =
    conflicts.find((c) => c.id === id) ??
    (resourceParam ? conflicts.find((c) => c.resourceId === resourceParam && c.status === 'OPEN') : undefined);

  return (
    <section>
      <h1>Conflicts</h1>
      <label className="inline">
        <input type="checkbox" checked={showResolved} onChange={(e) => setShowResolved(e.target.checked)} /> include resolved
      </label>
      <ErrorBox error={error} />
      {notice && (
        <p className="info-box" data-testid="resolve-notice">
          {notice.text} <Link to={`/fabrics/${notice.fabricId}`}>Open fabric</Link>
        </p>
      )}
      {fetching && !data && <p>Loading…</p>}
      {data && conflicts.length === 0 && <p data-testid="no-conflicts">No open conflicts.</p>}
      {conflicts.length > 0 && (
        <table className="table conflicts">
          <thead>
            <tr>
              <th>Resource</th>
              <th>Fabric</th>
              <th>Type</th>
              <th>Status</th>
              <th>Paths</th>
              <th>Git commit</th>
              <th>Detected</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {conflicts.map((c) => (
              <tr key={c.id} className={selected?.id === c.id ? 'selected' : ''}>
                <td>
                  {c.resource ? (
                    <Link to={`/resources/${c.resource.id}`}>
                      {c.resource.kind} {c.resource.name}
                    </Link>
                  ) : (
                    c.resourceId
                  )}
                </td>
                <td>{fabricName(c.fabricId)}</td>
                <td>{c.type.replace(/_/g, ' ')}</td>
                <td>
                  <Badge value={c.status} /> {c.resolution && <span className="muted">{c.resolution}</span>}
                </td>
                <td>
                  {c.paths.map((p) => (
                    <code key={p} className="path">
                      {p}
                    </code>
                  ))}
                </td>
                <td>
                  <code>{shortSha(c.gitCommit)}</code>
                </td>
                <td>{timeAgo(c.detectedAt)}</td>
                <td>
                  <Link className="button small" to={`/conflicts/${c.id}`}>
                    {c.status === 'OPEN' ? 'Resolve' : 'View'}
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {selected && (
        <ThreeWayMerge
          key={selected.id}
          conflict={selected}
          onResolved={(text) => {
            setNotice({ text, fabricId: selected.fabricId });
            refetch({ requestPolicy: 'network-only' });
          }}
        />
      )}
      {id && data && !selected && <p className="muted">Conflict {id} is not in this list.</p>}
    </section>
  );
}
