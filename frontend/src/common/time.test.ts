import { describe, expect, it } from 'vitest';
import { shortSha, timeAgo } from './time';

const now = Date.parse('2026-03-10T12:00:00Z');
const ago = (ms: number) => new Date(now - ms).toISOString();

describe('timeAgo', () => {
  it('says Never without a timestamp', () => {
    expect(timeAgo(null, now)).toBe('Never');
    expect(timeAgo(undefined, now)).toBe('Never');
    expect(timeAgo('not a date', now)).toBe('Never');
  });
  it('formats seconds, minutes, hours, days, months, years', () => {
    expect(timeAgo(ago(3_000), now)).toBe('just now');
    expect(timeAgo(ago(45_000), now)).toBe('45s ago');
    expect(timeAgo(ago(5 * 60_000), now)).toBe('5m ago');
    expect(timeAgo(ago(3 * 3_600_000), now)).toBe('3h ago');
    expect(timeAgo(ago(2 * 86_400_000), now)).toBe('2d ago');
    expect(timeAgo(ago(65 * 86_400_000), now)).toBe('2mo ago');
    expect(timeAgo(ago(800 * 86_400_000), now)).toBe('2y ago');
  });
  it('treats future timestamps (clock skew) as just now', () => {
    expect(timeAgo(new Date(now + 60_000).toISOString(), now)).toBe('just now');
  });
});

describe('shortSha', () => {
  it('shortens to 10 characters', () => {
    expect(shortSha('0123456789abcdef')).toBe('0123456789');
    expect(shortSha(null)).toBe('');
  });
});
