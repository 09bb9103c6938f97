import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { useLocation, useNavigate } from 'react-router-dom';
import { LoginMutation } from './operations';
import { useSession } from './session';
import { ErrorBox } from '../common/ErrorBox';
import { usePageTitle } from '../common/usePageTitle';

export function LoginPage() {
  const { login } = useSession();
  usePageTitle('Log in');
  const navigate = useNavigate();
  const location = useLocation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [result, run] = useMutation(LoginMutation);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await run({ username, password });
    const payload = r.data?.login;
    if (payload) {
      // The server set the session cookie; the token in the answer is not kept. The page asked
      // for (a deep link) stays: the shell renders it now.
      login(payload.user);
      if (location.pathname === '/login') navigate('/fabrics', { replace: true });
    }
  };

  return (
    <div className="login">
      <form onSubmit={submit} className="card login-card">
        <h1>HNP Sync</h1>
        <label>
          Username
          <input name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required />
        </label>
        <label>
          Password
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </label>
        <button type="submit" disabled={result.fetching}>
          Log in
        </button>
        <ErrorBox error={result.error} />
      </form>
    </div>
  );
}
