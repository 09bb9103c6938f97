import { Link, useParams } from 'react-router-dom';
import { useQuery } from 'urql';
import { ErrorBox } from '../common/ErrorBox';
import { Badge } from '../common/Badge';
import { usePageTitle } from '../common/usePageTitle';
import { UnifiedDiff } from '../fabrics/ReviewDialog';
import { Problems } from '../resources/Problems';
import { PendingChangesQuery } from './operations';
import './pending.css';

/** A titled list of names (nothing when empty). */
function NameList({ title, testId, names }: { title: string; testId: string; names: string[] }) {
  return (
    <div className="impact-group" data-testid={testId}>
      <h3>
        {title} <span className="muted">({names.length})</span>
      </h3>
      {names.length === 0 ? (
        <p className="muted">none</p>
      ) : (
        <ul>
          {names.map((n) => (
            <li key={n} data-name={n}>
              {n}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * `/fabrics/:id/pending`: every pending draft of the fabric with its unified diff and admission
 * problems, and the impact of all of them together (switches, ports, servers, VPCs, externals).
 */
export default function PendingChangesPage() {
  const { id = '' } = useParams();
  const [{ data, error, fetching }, refetch] = useQuery({ query: PendingChangesQuery, variables: { id }, requestPolicy: 'cache-and-network' });
  const fabric = data?.fabric;
  usePageTitle(fabric ? `Pending changes of ${fabric.name}` : 'Pending changes');
  if (fetching && !data) return <p>Loading…</p>;
  if (!fabric) {
    return (
      <section>
        <ErrorBox error={error} />
        {!error && <p>Fabric not found.</p>}
      </section>
    );
  }
  const { resources, impact } = fabric.pendingChanges;
  return (
    <section>
      <p className="crumbs">
        <Link to="/fabrics">Fabrics</Link> / <Link to={`/fabrics/${fabric.id}`}>{fabric.name}</Link> / Pending changes
      </p>
      <h1>Pending changes</h1>
      <ErrorBox error={error} />
      <p>
        <span data-testid="pending-count">{resources.length}</span> pending draft{resources.length === 1 ? '' : 's'}.{' '}
        <button type="button" className="link" onClick={() => refetch({ requestPolicy: 'network-only' })}>
          Refresh
        </button>{' '}
        <Link to={`/fabrics/${fabric.id}/topology`}>Topology</Link>
      </p>
      {resources.length > 0 && (
        <div className="card" data-testid="pending-impact">
          <h2>Impact</h2>
          <div className="impact-grid">
            <NameList title="Switches" testId="impact-switches" names={impact.switches} />
            <div className="impact-group" data-testid="impact-ports">
              <h3>
                Ports <span className="muted">({impact.ports.length})</span>
              </h3>
              {impact.ports.length === 0 ? (
                <p className="muted">none</p>
              ) : (
                <ul>
                  {impact.ports.map((p) => (
                    <li key={`${p.switch}/${p.port}`} data-name={`${p.switch}/${p.port}`}>
                      {p.switch} <code>{p.port}</code>
                    </li>
                  ))}
                </ul>
              )}
            </div>
            <NameList title="Servers" testId="impact-servers" names={impact.servers} />
            <NameList title="VPCs" testId="impact-vpcs" names={impact.vpcs} />
            <NameList title="Externals" testId="impact-externals" names={impact.externals} />
            {impact.gateways.length > 0 && <NameList title="Gateways" testId="impact-gateways" names={impact.gateways} />}
            <NameList title="Connections" testId="impact-connections" names={impact.connections} />
          </div>
        </div>
      )}
      {resources.map((r) => (
        <div className="card" key={r.resourceId} data-testid="pending-resource" data-resource={`${r.kind}/${r.name}`}>
          <h2>
            <Link to={`/resources/${r.resourceId}`}>
              {r.kind} {r.name}
            </Link>{' '}
            <Badge value={r.operation} />
            {r.namespace && <span className="muted"> ({r.namespace})</span>}
          </h2>
          <Problems problems={r.problems} title="Admission problems" testId="pending-problems" />
          {r.diff ? <UnifiedDiff diff={r.diff} /> : <p className="muted">No change to the YAML.</p>}
        </div>
      ))}
    </section>
  );
}
