import { Link } from 'react-router-dom';
import { useQuery } from 'urql';
import { FabricsQuery } from './operations';
import { Badge } from '../common/Badge';
import { ErrorBox } from '../common/ErrorBox';
import { timeAgo } from '../common/time';
import { usePageTitle } from '../common/usePageTitle';

export function FabricsPage() {
  const [{ data, error, fetching }] = useQuery({ query: FabricsQuery });
  usePageTitle('Fabrics');
  return (
    <section>
      <h1>Fabrics</h1>
      <ErrorBox error={error} />
      {fetching && !data && <p>Loading…</p>}
      {data && data.fabrics.length === 0 && <p>No fabrics yet.</p>}
      {data && data.fabrics.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Repository</th>
              <th>Directory</th>
              <th>Sync Status</th>
              <th>Last Sync</th>
              <th>Drift</th>
              <th>Open Conflicts</th>
              <th>Drafts</th>
            </tr>
          </thead>
          <tbody>
            {data.fabrics.map((f) => (
              <tr key={f.id}>
                <td>
                  <Link to={`/fabrics/${f.id}`}>{f.name}</Link>
                </td>
                <td>{f.gitRepository ? f.gitRepository.name : <span className="muted">none</span>}</td>
                <td>
                  <code>{f.gitopsDirectory}</code>
                </td>
                <td>
                  <Badge value={f.syncStatus} />
                </td>
                <td title={f.lastSync ?? ''}>{timeAgo(f.lastSync)}</td>
                <td>{f.driftCount}</td>
                <td>{f.openConflicts > 0 ? <Badge value="OPEN" label={String(f.openConflicts)} /> : 0}</td>
                <td>{f.pendingDrafts}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
