import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { CreateUserMutation, UpdateUserMutation, UsersQuery } from './operations';
import type { Role } from '../graphql/generated/graphql';
import { ErrorBox } from '../common/ErrorBox';
import { timeAgo } from '../common/time';
import { useSession } from '../auth/session';

const ROLES: Role[] = ['VIEWER', 'OPERATOR', 'ADMIN'];

/** Users: roles, deactivation and creation. */
export function UsersPanel() {
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
