import { useState } from 'react';
import { usePageTitle } from '../common/usePageTitle';
import { Link, useSearchParams } from 'react-router-dom';
import { useMutation, useQuery } from 'urql';
import { DeleteRepositoryMutation, RepositoriesQuery, TestConnectionMutation } from './operations';
import { canOperate, isAdmin, useSession } from '../auth/session';
import { Badge } from '../common/Badge';
import { ErrorBox } from '../common/ErrorBox';
import { timeAgo } from '../common/time';
import { RepositoryForm } from './RepositoryForm';

export function RepositoriesPage() {
  usePageTitle('Repositories');
  const { user } = useSession();
  const admin = isAdmin(user?.role);
  const [params, setParams] = useSearchParams();
  const [{ data, error, fetching }, refetch] = useQuery({ query: RepositoriesQuery });
  const [editing, setEditing] = useState<string | null>(params.get('new') ? 'new' : null);
  const [testResult, testConnection] = useMutation(TestConnectionMutation);
  const [deleteResult, deleteRepo] = useMutation(DeleteRepositoryMutation);
  const [testedId, setTestedId] = useState<string | null>(null);
  const repos = data?.gitRepositories ?? [];
  const editingRepo = repos.find((r) => r.id === editing);
  const test = testResult.data?.testGitRepositoryConnection;

  return (
    <section>
      <h1>Repositories</h1>
      <ErrorBox error={error} />
      <ErrorBox error={deleteResult.error} title="Delete failed" />
      {admin && editing === null && (
        <button type="button" onClick={() => setEditing('new')}>
          Add Repository
        </button>
      )}
      {editing !== null && (editing === 'new' || editingRepo) && (
        <RepositoryForm
          key={editing}
          repo={editingRepo}
          attachFabric={params.get('attachFabric')}
          onDone={() => {
            setEditing(null);
            if (params.get('new')) setParams({}, { replace: true });
            refetch({ requestPolicy: 'network-only' });
          }}
        />
      )}
      {fetching && !data && <p>Loading…</p>}
      {data && repos.length === 0 && <p>No repositories.</p>}
      {repos.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th>Name</th>
              <th>URL</th>
              <th>Auth</th>
              <th>Branch</th>
              <th>Write mode</th>
              <th>Connection</th>
              <th>Fabrics</th>
              <th>Actions</th>
            </tr>
          </thead>
          <tbody>
            {repos.map((r) => (
              <tr key={r.id} data-repository={r.name}>
                <td>{r.name}</td>
                <td>
                  <code>{r.url}</code>
                </td>
                <td>
                  {r.authType}
                  {r.hasCredentials ? ' (stored)' : ''}
                </td>
                <td>{r.defaultBranch}</td>
                <td>{r.writeMode.replace(/_/g, ' ')}</td>
                <td>
                  <Badge value={r.connectionStatus} />
                  {r.lastValidated && <div className="muted small">{timeAgo(r.lastValidated)}</div>}
                  {r.validationError && <div className="bad small">{r.validationError}</div>}
                </td>
                <td>
                  {r.fabrics.length === 0 ? (
                    <span className="muted">none</span>
                  ) : (
                    r.fabrics.map((f) => (
                      <Link key={f.id} to={`/fabrics/${f.id}`} className="tag">
                        {f.name}
                      </Link>
                    ))
                  )}
                </td>
                <td className="actions-cell">
                  <div className="actions">
                  <button
                    type="button"
                    className="small"
                    disabled={!canOperate(user?.role) || testResult.fetching}
                    onClick={() => {
                      setTestedId(r.id);
                      void testConnection({ id: r.id });
                    }}
                  >
                    Test Connection
                  </button>
                  {admin && (
                    <>
                      <button type="button" className="small" onClick={() => setEditing(r.id)}>
                        Edit
                      </button>
                      <button
                        type="button"
                        className="small danger"
                        onClick={async () => {
                          if (!window.confirm(`Delete repository ${r.name}?`)) return;
                          const res = await deleteRepo({ id: r.id });
                          if (!res.error) refetch({ requestPolicy: 'network-only' });
                        }}
                      >
                        Delete
                      </button>
                    </>
                  )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {testedId && (
        <div className="card" data-testid="connection-test">
          <h2>Connection test</h2>
          {testResult.fetching && <p>Testing…</p>}
          <ErrorBox error={testResult.error} />
          {test && (
            <div>
              <p>
                {test.ok ? <Badge value="CONNECTED" label="OK" /> : <Badge value="FAILED" label="FAILED" />} <code>{test.url}</code>
              </p>
              {test.defaultBranch && <p>Default branch: {test.defaultBranch}</p>}
              {test.branches.length > 0 && <p>Branches: {test.branches.join(', ')}</p>}
              {!test.ok && (
                <p className="bad">
                  {test.errorKind && <code className="error-code">{test.errorKind}</code>} {test.error}
                </p>
              )}
            </div>
          )}
        </div>
      )}
    </section>
  );
}
