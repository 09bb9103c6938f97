import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { ApiTokensQuery, AuditEventsQuery, CreateApiTokenMutation, CreateUserMutation, FeatureFlagsQuery, RevokeApiTokenMutation, SetFeatureFlagMutation, UpdateUserMutation, UsersQuery } from './operations';
import type { FeatureFlagKey, Role } from '../graphql/generated/graphql';
import { ErrorBox } from '../common/ErrorBox';
import { timeAgo } from '../common/time';
import { useSession } from '../auth/session';
import { expiresLabel, isCurrentToken, sortTokens, tokenState } from './tokens';

const ROLES: Role[] = ['VIEWER', 'OPERATOR', 'ADMIN'];

export function AdminPage() {
  return (
    <section>
      <h1>Admin</h1>
      <FlagsPanel />
      <UsersPanel />
      <TokensPanel />
      <AuditPanel />
    </section>
  );
}

interface FlagRow {
  key: FeatureFlagKey;
  enabled: boolean;
  source: string;
  reason?: string | null;
  updatedBy?: string | null;
}

function FlagsPanel() {
  const [{ data, error }, refetch] = useQuery({ query: FeatureFlagsQuery });
  const [result, setFlag] = useMutation(SetFeatureFlagMutation);
  const [reason, setReason] = useState('');
  const toggle = async (f: FlagRow, fabricId: string | null) => {
    const res = await setFlag({ key: f.key, enabled: !f.enabled, fabricId, reason: reason || null });
    if (res.data) refetch({ requestPolicy: 'network-only' });
  };
  const row = (f: FlagRow, fabricId: string | null) => (
    <tr key={`${fabricId ?? 'global'}-${f.key}`}>
      <td>
        <code>{f.key}</code>
      </td>
      <td>{f.enabled ? 'enabled' : <span className="bad">disabled</span>}</td>
      <td>{f.source}</td>
      <td>{f.reason ? <span className="warn">{f.reason}</span> : <span className="muted">—</span>}</td>
      <td>{f.updatedBy ?? ''}</td>
      <td>
        <button type="button" className="small" disabled={result.fetching} onClick={() => void toggle(f, fabricId)}>
          {f.enabled ? 'Disable' : 'Enable'}
        </button>
      </td>
    </tr>
  );
  const head = (
    <thead>
      <tr>
        <th>Flag</th>
        <th>Value</th>
        <th>Source</th>
        <th>Reason</th>
        <th>Updated by</th>
        <th />
      </tr>
    </thead>
  );
  return (
    <div className="card">
      <h2>Feature flags</h2>
      <ErrorBox error={error ?? result.error} />
      <label>
        Reason for the next change (optional)
        <input value={reason} onChange={(e) => setReason(e.target.value)} />
      </label>
      <h3>Global</h3>
      <table className="table">
        {head}
        <tbody>{data?.featureFlags.map((f) => row(f, null))}</tbody>
      </table>
      {data?.fabrics.map((fab) => (
        <div key={fab.id}>
          <h3>Fabric {fab.name}</h3>
          <table className="table">
            {head}
            <tbody>{fab.featureFlags.map((f) => row(f, fab.id))}</tbody>
          </table>
        </div>
      ))}
    </div>
  );
}

function UsersPanel() {
  const [{ data, error }, refetch] = useQuery({ query: UsersQuery });
  const [createResult, createUser] = useMutation(CreateUserMutation);
  const { user: me } = useSession();
  const [updateResult, updateUser] = useMutation(UpdateUserMutation);
  const change = async (vars: { id: string; active?: boolean; role?: Role }) => {
    const res = await updateUser(vars);
    if (res.data) refetch({ requestPolicy: 'network-only' });
  };
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('VIEWER');
  const [created, setCreated] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const res = await createUser({ username, password, role });
    if (res.data) {
      setCreated(`User ${res.data.createUser.username} created (${res.data.createUser.role}).`);
      setUsername('');
      setPassword('');
      refetch({ requestPolicy: 'network-only' });
    }
  };
  return (
    <div className="card">
      <h2>Users</h2>
      <ErrorBox error={error ?? updateResult.error} />
      <table className="table users">
        <thead>
          <tr>
            <th>Username</th>
            <th>Role</th>
            <th>Active</th>
            <th>Last login</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {data?.users.map((u) => (
            <tr key={u.id} data-user={u.username}>
              <td>{u.username}</td>
              <td>
                <select
                  aria-label={`Role of ${u.username}`}
                  value={u.role}
                  disabled={updateResult.fetching}
                  onChange={(e) => void change({ id: u.id, role: e.target.value as Role })}
                >
                  {ROLES.map((r) => (
                    <option key={r}>{r}</option>
                  ))}
                </select>
              </td>
              <td data-testid="user-active">{u.isActive ? 'yes' : <span className="bad">no</span>}</td>
              <td>{timeAgo(u.lastLoginAt)}</td>
              <td>
                {u.isActive ? (
                  <button
                    type="button"
                    className="small"
                    disabled={updateResult.fetching || u.id === me?.id}
                    title={u.id === me?.id ? 'You cannot deactivate yourself' : 'Ends their sessions; their API tokens stop working'}
                    onClick={() => void change({ id: u.id, active: false })}
                  >
                    Deactivate
                  </button>
                ) : (
                  <button type="button" className="small" disabled={updateResult.fetching} onClick={() => void change({ id: u.id, active: true })}>
                    Reactivate
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form onSubmit={submit} className="inline-form" data-testid="create-user">
        <h3>Create user</h3>
        <label>
          New username
          <input value={username} onChange={(e) => setUsername(e.target.value)} required />
        </label>
        <label>
          New password
          <input type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </label>
        <label>
          Role
          <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={createResult.fetching}>
          Create user
        </button>
      </form>
      <ErrorBox error={createResult.error} />
      {created && <p className="info-box">{created}</p>}
    </div>
  );
}

function TokensPanel() {
  const { user: me, token: sessionToken } = useSession();
  const myName = me?.username ?? '';
  const [listInput, setListInput] = useState(myName);
  const [listed, setListed] = useState(myName);
  const [{ data, error, fetching }, refetch] = useQuery({
    query: ApiTokensQuery,
    variables: { username: listed || null },
    requestPolicy: 'cache-and-network',
  });
  const [secret, setSecret] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [forUser, setForUser] = useState('');
  const [createResult, createToken] = useMutation(CreateApiTokenMutation);
  const [revokeResult, revoke] = useMutation(RevokeApiTokenMutation);
  const reload = () => refetch({ requestPolicy: 'network-only' });
  const doRevoke = async (id: string) => {
    const res = await revoke({ id });
    if (res.data) reload();
  };
  const own = !listed || listed === myName;
  const tokens = sortTokens(data?.apiTokens ?? []);
  return (
    <div className="card" data-testid="tokens-panel">
      <h2>API tokens and sessions</h2>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          const u = listInput.trim();
          if (u === listed) reload();
          else setListed(u);
        }}
      >
        <label>
          Tokens of user
          <input value={listInput} onChange={(e) => setListInput(e.target.value)} placeholder="yourself" />
        </label>
        <button type="submit" disabled={fetching}>
          Show tokens
        </button>
      </form>
      <ErrorBox error={error} />
      {data && (
        <table className="table tokens" data-testid="token-list" data-username={listed || myName}>
          <thead>
            <tr>
              <th>Name</th>
              <th>Prefix</th>
              <th>Created</th>
              <th>Last used</th>
              <th>Expires</th>
              <th>Session</th>
              <th>Revoked</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {tokens.length === 0 && (
              <tr>
                <td colSpan={8} className="muted">
                  No tokens or sessions for {listed || myName}.
                </td>
              </tr>
            )}
            {tokens.map((t) => {
              const current = own && isCurrentToken(t, sessionToken);
              const state = tokenState(t);
              return (
                <tr key={t.id} data-token={t.prefix} data-session={t.session} data-current={current} data-state={state}>
                  <td>
                    {t.name}
                    {current && <span className="badge badge-info">this session</span>}
                  </td>
                  <td>
                    <code>{t.prefix}</code>
                  </td>
                  <td title={t.createdAt}>{timeAgo(t.createdAt)}</td>
                  <td title={t.lastUsedAt ?? undefined}>{timeAgo(t.lastUsedAt)}</td>
                  <td title={t.expiresAt ?? undefined}>{state === 'expired' ? <span className="muted">expired</span> : expiresLabel(t.expiresAt)}</td>
                  <td>{t.session ? 'yes' : 'no'}</td>
                  <td>{t.revoked ? <span className="bad">yes</span> : 'no'}</td>
                  <td>
                    <button
                      type="button"
                      className="small"
                      disabled={state !== 'active' || current || revokeResult.fetching}
                      title={current ? 'This is your current session: use Log out' : undefined}
                      onClick={() => void doRevoke(t.id)}
                    >
                      Revoke
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <ErrorBox error={revokeResult.error} />
      <form
        className="inline-form"
        data-testid="create-token"
        onSubmit={async (e) => {
          e.preventDefault();
          const res = await createToken({ name, username: forUser.trim() || null });
          const c = res.data?.createApiToken;
          if (c) {
            setSecret(c.token);
            setName('');
            reload();
          }
        }}
      >
        <h3>Create token</h3>
        <label>
          Token name
          <input value={name} onChange={(e) => setName(e.target.value)} required />
        </label>
        <label>
          For user (optional)
          <input value={forUser} onChange={(e) => setForUser(e.target.value)} placeholder="yourself" />
        </label>
        <button type="submit" disabled={createResult.fetching}>
          Create token
        </button>
      </form>
      <ErrorBox error={createResult.error} />
      {secret && (
        <p className="info-box">
          New token (shown once): <code data-testid="new-token">{secret}</code>
        </p>
      )}
    </div>
  );
}

function AuditPanel() {
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
