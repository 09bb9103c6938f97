import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { ApiTokensQuery, CreateApiTokenMutation, RevokeApiTokenMutation } from './operations';
import { ErrorBox } from '../common/ErrorBox';
import { timeAgo } from '../common/time';
import { useSession } from '../auth/session';
import { expiresLabel, sortTokens, tokenState } from './tokens';

/** API tokens and sessions of a user: listing, creation and revocation. */
export function TokensPanel() {
  const { user: me } = useSession();
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
              const current = own && t.current;
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
