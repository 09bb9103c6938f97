import { describe, expect, it } from 'vitest';
import { expiresLabel, sortTokens, tokenState } from './tokens';

const now = Date.parse('2026-03-10T12:00:00Z');
const at = (ms: number) => new Date(now + ms).toISOString();
const tok = (over: Partial<{ prefix: string; createdAt: string; expiresAt: string | null; revoked: boolean }> = {}) => ({
  prefix: 'hnp_0123abcd',
  createdAt: at(-60_000),
  expiresAt: null,
  revoked: false,
  ...over,
});

describe('tokenState', () => {
  it('is active without expiry, expired past it, revoked first', () => {
    expect(tokenState(tok(), now)).toBe('active');
    expect(tokenState(tok({ expiresAt: at(3_600_000) }), now)).toBe('active');
    expect(tokenState(tok({ expiresAt: at(-1) }), now)).toBe('expired');
    expect(tokenState(tok({ expiresAt: at(-1), revoked: true }), now)).toBe('revoked');
  });
});

describe('expiresLabel', () => {
  it('formats the remaining time', () => {
    expect(expiresLabel(null, now)).toBe('never');
    expect(expiresLabel(at(-5_000), now)).toBe('expired');
    expect(expiresLabel(at(30_000), now)).toBe('in 30s');
    expect(expiresLabel(at(5 * 60_000), now)).toBe('in 5m');
    expect(expiresLabel(at(11 * 3_600_000 + 59 * 60_000), now)).toBe('in 11h');
    expect(expiresLabel(at(3 * 86_400_000), now)).toBe('in 3d');
  });
});

describe('sortTokens', () => {
  it('puts usable tokens first, newest first', () => {
    const old = tok({ prefix: 'old', createdAt: at(-3_600_000) });
    const recent = tok({ prefix: 'recent', createdAt: at(-60_000) });
    const revoked = tok({ prefix: 'revoked', createdAt: at(-1_000), revoked: true });
    const expired = tok({ prefix: 'expired', createdAt: at(-7_200_000), expiresAt: at(-1_000) });
    expect(sortTokens([old, revoked, expired, recent], now).map((t) => t.prefix)).toEqual(['recent', 'old', 'revoked', 'expired']);
  });
});
