/** Display helpers for the API token / login session listing. */

export interface TokenLike {
  prefix: string;
  createdAt: string;
  expiresAt?: string | null;
  revoked: boolean;
}

export type TokenState = 'active' | 'revoked' | 'expired';

export function tokenState(t: TokenLike, now: number = Date.now()): TokenState {
  if (t.revoked) return 'revoked';
  if (t.expiresAt) {
    const at = Date.parse(t.expiresAt);
    if (!Number.isNaN(at) && at <= now) return 'expired';
  }
  return 'active';
}

/** "never", "expired", or "in 5m" / "in 11h" / "in 3d". */
export function expiresLabel(iso: string | null | undefined, now: number = Date.now()): string {
  if (!iso) return 'never';
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  const s = Math.round((at - now) / 1000);
  if (s <= 0) return 'expired';
  if (s < 60) return `in ${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `in ${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `in ${h}h`;
  return `in ${Math.floor(h / 24)}d`;
}

/** Usable tokens first, then newest first (the API lists oldest first). */
export function sortTokens<T extends TokenLike>(tokens: readonly T[], now: number = Date.now()): T[] {
  const rank = (t: T) => (tokenState(t, now) === 'active' ? 0 : 1);
  return [...tokens].sort((a, b) => rank(a) - rank(b) || Date.parse(b.createdAt) - Date.parse(a.createdAt));
}
