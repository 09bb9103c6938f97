import { createContext, useContext } from 'react';
import type { Role } from '../graphql/generated/graphql';

/**
 * The signed-in user. The session itself is the server's HttpOnly `hnp_session` cookie (set by
 * `login`, cleared by `logout`): scripts never see the token, nothing is kept in storage, and
 * every tab of the browser shares the session.
 */
export interface SessionUser {
  id: string;
  username: string;
  role: Role;
}

export interface Session {
  user: SessionUser | null;
  login: (user: SessionUser) => void;
  logout: () => void;
}

export const SessionContext = createContext<Session>({
  user: null,
  login: () => {},
  logout: () => {},
});

export function useSession(): Session {
  return useContext(SessionContext);
}

/** Operators and admins may mutate; viewers only read. */
export function canOperate(role: Role | undefined | null): boolean {
  return role === 'OPERATOR' || role === 'ADMIN';
}

export function isAdmin(role: Role | undefined | null): boolean {
  return role === 'ADMIN';
}
