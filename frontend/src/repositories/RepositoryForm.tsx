import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { useMutation } from 'urql';
import { UpdateFabricMutation } from '../fabrics/operations';
import { CreateRepositoryMutation, UpdateRepositoryMutation } from './operations';
import type { CredentialsInput, Provider, RepositoryFieldsFragment, WriteMode } from '../graphql/generated/graphql';
import { ErrorBox } from '../common/ErrorBox';

type AuthKind = 'keep' | 'none' | 'token' | 'basic' | 'ssh';

/** Creates or edits a repository (credentials are write-only), optionally attaching a fabric. */
export function RepositoryForm({ repo, attachFabric, onDone }: { repo?: RepositoryFieldsFragment; attachFabric: string | null; onDone: () => void }) {
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
