import { Suspense, lazy, useCallback, useEffect, useMemo, useState } from 'react';
import { Navigate, NavLink, Route, Routes, useNavigate } from 'react-router-dom';
import { Provider, useMutation, useQuery } from 'urql';
import { makeClient } from './graphql/client';
import { SessionContext, isAdmin, useSession, type SessionUser } from './auth/session';
import { LogoutMutation, MeQuery } from './auth/operations';
import { hasCode } from './common/errors';
import { endSession } from './auth/logout';
import { LoginPage } from './auth/LoginPage';
import { FabricsPage } from './fabrics/FabricsPage';
import { FabricDetailPage } from './fabrics/FabricDetailPage';
import { ResourcesPage } from './resources/ResourcesPage';
import { RepositoriesPage } from './repositories/RepositoriesPage';
import { OperationsPage } from './operations/OperationsPage';
import { OperationDetailPage } from './operations/OperationDetailPage';
import { AdminPage } from './admin/AdminPage';
import { usePageTitle } from './common/usePageTitle';

// CodeMirror lives only in these routes' chunks.
const ResourceDetailPage = lazy(() => import('./resources/ResourceDetailPage'));
const NewResourcePage = lazy(() => import('./resources/NewResourcePage'));
const ConflictsPage = lazy(() => import('./conflicts/ConflictsPage'));
const PendingChangesPage = lazy(() => import('./pending/PendingChangesPage'));
// elkjs (its layout in a Web Worker) only in the topology route's chunk.
const TopologyPage = lazy(() => import('./topology/TopologyPage'));

export function App() {
  // undefined: the session cookie is being checked (`me`); null: signed out.
  const [user, setUser] = useState<SessionUser | null | undefined>(undefined);
  const userId = user?.id ?? null;
  // One client per signed-in user (and one while signed out): a new session starts from an
  // empty cache; subscriptions only while signed in.
  const { client, dispose } = useMemo(() => makeClient(userId !== null), [userId]);
  useEffect(() => dispose, [dispose]);
  useEffect(() => {
    if (user !== undefined) return;
    let live = true;
    void client
      .query(MeQuery, {}, { requestPolicy: 'network-only' })
      .toPromise()
      .then((r) => {
        const me = r.data?.me;
        if (live) setUser(me ? { id: me.id, username: me.username, role: me.role } : null);
      });
    return () => {
      live = false;
    };
  }, [client, user]);

  const login = useCallback((u: SessionUser) => setUser(u), []);
  const logout = useCallback(() => setUser(null), []);
  const session = useMemo(() => ({ user: user ?? null, login, logout }), [user, login, logout]);

  return (
    <SessionContext.Provider value={session}>
      <Provider value={client}>
        {user === undefined ? (
          <p className="muted" data-testid="session-check">
            Loading…
          </p>
        ) : user ? (
          <Shell />
        ) : (
          <Routes>
            <Route path="*" element={<LoginPage />} />
          </Routes>
        )}
      </Provider>
    </SessionContext.Provider>
  );
}

function Shell() {
  const { user, login, logout } = useSession();
  const navigate = useNavigate();
  const [me] = useQuery({ query: MeQuery, requestPolicy: 'network-only' });
  const [logoutResult, logoutOnServer] = useMutation(LogoutMutation);
  const logOut = async () => {
    // Ends the session server-side (the token stops working); the local session is cleared
    // even when that fails, e.g. because the session already expired.
    await endSession(
      () => logoutOnServer({}),
      () => {
        logout();
        navigate('/');
      },
    );
  };
  useEffect(() => {
    if (hasCode(me.error, 'UNAUTHENTICATED')) logout();
  }, [me.error, logout]);
  useEffect(() => {
    const u = me.data?.me;
    if (u && (u.role !== user?.role || u.username !== user?.username)) {
      login({ id: u.id, username: u.username, role: u.role });
    }
  }, [me.data, user, login]);
  const role = user?.role;
  return (
    <div className="app">
      <a
        className="skip-link"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">HNP Sync</span>
        <nav className="nav">
          <NavLink to="/fabrics">Fabrics</NavLink>
          <NavLink to="/resources">Resources</NavLink>
          <NavLink to="/conflicts">Conflicts</NavLink>
          <NavLink to="/repositories">Repositories</NavLink>
          <NavLink to="/operations">Operations</NavLink>
          {isAdmin(role) && <NavLink to="/admin">Admin</NavLink>}
        </nav>
        <span className="user">
          <span data-testid="current-user">{user?.username}</span>{' '}
          <span className="role" data-testid="current-role">
            {role}
          </span>{' '}
          <button type="button" className="link" disabled={logoutResult.fetching} onClick={() => void logOut()}>
            Log out
          </button>
        </span>
      </header>
      <main className="content" id="main" tabIndex={-1}>
        <Suspense fallback={<p>Loading…</p>}>
          <Routes>
            <Route path="/" element={<Navigate to="/fabrics" replace />} />
            <Route path="/login" element={<Navigate to="/fabrics" replace />} />
            <Route path="/fabrics" element={<FabricsPage />} />
            <Route path="/fabrics/:id" element={<FabricDetailPage />} />
            <Route path="/fabrics/:id/pending" element={<PendingChangesPage />} />
            <Route path="/fabrics/:id/topology" element={<TopologyPage />} />
            <Route path="/resources" element={<ResourcesPage />} />
            <Route path="/resources/new" element={<NewResourcePage />} />
            <Route path="/resources/:id" element={<ResourceDetailPage />} />
            <Route path="/conflicts" element={<ConflictsPage />} />
            <Route path="/conflicts/:id" element={<ConflictsPage />} />
            <Route path="/repositories" element={<RepositoriesPage />} />
            <Route path="/operations" element={<OperationsPage />} />
            <Route path="/operations/:id" element={<OperationDetailPage />} />
            <Route path="/admin" element={isAdmin(role) ? <AdminPage /> : <Titled title="Admins only" />} />
            <Route path="*" element={<Titled title="Not found" />} />
          </Routes>
        </Suspense>
      </main>
    </div>
  );
}

function Titled({ title }: { title: string }) {
  usePageTitle(title);
  return <p>{title}.</p>;
}
