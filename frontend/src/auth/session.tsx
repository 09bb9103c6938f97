import { createContext, useContext } from 'react';
import type { Role } from '../graphql/generated/graphql';

export const TOKEN_KEY = 'hnp.token';
export const USER_KEY = 'hnp.user';

export interface SessionUser {
  id: string;
  username: string;
  role: Role;
}

export interface Session {
  token: string | null;
  user: SessionUser | null;
  login: (token: string, user: SessionUser) => void;
  logout: () => void;
}

export const SessionContext = createContext<Session>({
  token: null,
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
