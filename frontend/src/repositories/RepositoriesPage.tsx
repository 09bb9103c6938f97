import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useMutation, useQuery } from 'urql';
import { UpdateFabricMutation } from '../fabrics/operations';
import { CreateRepositoryMutation, DeleteRepositoryMutation, RepositoriesQuery, TestConnectionMutation, UpdateRepositoryMutation } from './operations';
import type { CredentialsInput, Provider, RepositoryFieldsFragment, WriteMode } from '../graphql/generated/graphql';
import { canOperate, isAdmin, useSession } from '../auth/session';
import { Badge } from '../common/Badge';
import { ErrorBox } from '../common/ErrorBox';
import { timeAgo } from '../common/time';

type AuthKind = 'keep' | 'none' | 'token' | 'basic' | 'ssh';

export function RepositoriesPage() {
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
                <td className="actions">
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

function RepositoryForm({ repo, attachFabric, onDone }: { repo?: RepositoryFieldsFragment; attachFabric: string | null; onDone: () => void }) {
  const navigate = useNavigate();
  const [name, setName] = useState(repo?.name ?? '');
  const [url, setUrl] = useState(repo?.url ?? '');
  const [provider, setProvider] = useState<Provider>(repo?.provider ?? 'GENERIC');
  const [branch, setBranch] = useState(repo?.defaultBranch ?? '');
  const [writeMode, setWriteMode] = useState<WriteMode>(repo?.writeMode ?? 'DIRECT_PUSH');
  const [author, setAuthor] = useState(repo ? `${repo.commitAuthorName} <${repo.commitAuthorEmail}>` : '');
  const [auth, setAuth] = useState<AuthKind>(repo ? 'keep' : 'none');
  const [token, setToken] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [sshKey, setSshKey] = useState('');
  const [hostKeys, setHostKeys] = useState((repo?.sshHostKeys ?? []).join('\n'));
  const [webhookSecret, setWebhookSecret] = useState('');
  const [createResult, create] = useMutation(CreateRepositoryMutation);
  const [updateResult, update] = useMutation(UpdateRepositoryMutation);
  const [attachResult, attach] = useMutation(UpdateFabricMutation);

  const credentials = (): CredentialsInput | null => {
    if (auth === 'token') return { token };
    if (auth === 'basic') return { username, password };
    if (auth === 'ssh') return { sshPrivateKey: sshKey };
    return null;
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const keys = hostKeys.split('\n').map((s) => s.trim()).filter(Boolean);
    const creds = credentials();
    if (repo) {
      const res = await update({
        id: repo.id,
        input: {
          name: name || null,
          defaultBranch: branch || null,
          writeMode,
          commitAuthor: author || null,
          sshHostKeys: keys,
          credentials: creds,
          clearCredentials: auth === 'none',
          webhookSecret: webhookSecret || null,
        },
      });
      if (res.data) onDone();
      return;
    }
    const res = await create({
      input: {
        name: name || null,
        url,
        provider,
        defaultBranch: branch || null,
        writeMode,
        commitAuthor: author || null,
        sshHostKeys: keys,
        credentials: creds,
        webhookSecret: webhookSecret || null,
      },
    });
    const created = res.data?.createGitRepository;
    if (!created) return;
    if (attachFabric) {
      const a = await attach({ id: attachFabric, input: { gitRepositoryId: created.id } });
      if (a.data) {
        navigate(`/fabrics/${attachFabric}`);
        return;
      }
      return;
    }
    onDone();
  };

  return (
    <form className="card" onSubmit={submit} data-testid="repository-form">
      <h2>{repo ? `Edit repository ${repo.name}` : 'Add Repository'}</h2>
      {attachFabric && <p className="muted">The new repository will be attached to the fabric you came from.</p>}
      <div className="form-grid">
        <label>
          Name
          <input value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          URL
          <input value={url} onChange={(e) => setUrl(e.target.value)} disabled={!!repo} required placeholder="https://github.com/org/repo.git" />
        </label>
        <label>
          Provider
          <select value={provider} onChange={(e) => setProvider(e.target.value as Provider)} disabled={!!repo}>
            <option>GENERIC</option>
            <option>GITHUB</option>
            <option>GITLAB</option>
          </select>
        </label>
        <label>
          Default branch
          <input value={branch} onChange={(e) => setBranch(e.target.value)} placeholder="main" />
        </label>
        <label>
          Write mode
          <select value={writeMode} onChange={(e) => setWriteMode(e.target.value as WriteMode)}>
            <option value="DIRECT_PUSH">direct push</option>
            <option value="PULL_REQUEST">pull request</option>
          </select>
        </label>
        <label>
          Commit author
          <input value={author} onChange={(e) => setAuthor(e.target.value)} placeholder="HNP Sync <hnp@example.com>" />
        </label>
        <label>
          Credentials
          <select value={auth} onChange={(e) => setAuth(e.target.value as AuthKind)}>
            {repo && <option value="keep">keep stored ({repo.authType})</option>}
            <option value="none">{repo ? 'remove credentials' : 'none'}</option>
            <option value="token">token</option>
            <option value="basic">username + password</option>
            <option value="ssh">SSH private key</option>
          </select>
        </label>
        {auth === 'token' && (
          <label>
            Token
            <input type="password" autoComplete="off" value={token} onChange={(e) => setToken(e.target.value)} required />
          </label>
        )}
        {auth === 'basic' && (
          <>
            <label>
              Git username
              <input autoComplete="off" value={username} onChange={(e) => setUsername(e.target.value)} required />
            </label>
            <label>
              Git password
              <input type="password" autoComplete="off" value={password} onChange={(e) => setPassword(e.target.value)} required />
            </label>
          </>
        )}
        {auth === 'ssh' && (
          <label className="wide">
            SSH private key
            <textarea rows={5} value={sshKey} onChange={(e) => setSshKey(e.target.value)} required />
          </label>
        )}
        <label className="wide">
          SSH host keys (one a line)
          <textarea rows={2} value={hostKeys} onChange={(e) => setHostKeys(e.target.value)} />
        </label>
        <label>
          Webhook secret {repo?.hasWebhookSecret ? '(stored; leave empty to keep)' : ''}
          <input type="password" autoComplete="off" value={webhookSecret} onChange={(e) => setWebhookSecret(e.target.value)} />
        </label>
      </div>
      <p className="muted small">Credentials are write-only: they are stored encrypted and never shown again.</p>
      <ErrorBox error={createResult.error ?? updateResult.error ?? attachResult.error} />
      <div className="buttons">
        <button type="submit" disabled={createResult.fetching || updateResult.fetching}>
          {repo ? 'Save' : 'Create'}
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
