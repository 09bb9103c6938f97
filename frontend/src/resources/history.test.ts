import { describe, expect, it } from 'vitest';
import { appendPage, channelOf, formatValue, groupByDay, hasCommitDiff, hasFieldDiff, isRevertable, kindLabel, splitActor, subject, type HistoryEvent } from './history';

const ev = (kind: HistoryEvent['kind'], at: string, extra: Partial<HistoryEvent> = {}): HistoryEvent => ({ kind, at, paths: [], ...extra });

describe('history', () => {
  it('labels every kind readably', () => {
    expect(kindLabel('GIT_COMMIT')).toBe('Git commit');
    expect(kindLabel('WRITE_BACK')).toBe('Write-back');
    expect(kindLabel('DRAFT_SAVED')).toBe('Draft saved');
    expect(kindLabel('CONFLICT_OPENED')).toBe('Conflict opened');
    expect(kindLabel('DRIFT_STARTED')).toBe('Drift started');
    expect(kindLabel('REVERTED')).toBe('Reverted');
    expect(kindLabel('SOMETHING_NEW')).toBe('something new');
  });

  it('tells the path a change took', () => {
    expect(channelOf(ev('GIT_COMMIT', ''))).toBe('git');
    expect(channelOf(ev('WRITE_BACK', '', { operationId: '7' }))).toBe('ui');
    expect(channelOf(ev('DRAFT_SAVED', ''))).toBe('ui');
    expect(channelOf(ev('CONFLICT_OPENED', ''))).toBe('git');
    expect(channelOf(ev('CONFLICT_RESOLVED', ''))).toBe('ui');
    expect(channelOf(ev('DRIFT_STARTED', ''))).toBe('cluster');
    expect(channelOf(ev('DRIFT_ENDED', ''))).toBe('cluster');
    // A creation: by an external commit, or by a write-back (an operation).
    expect(channelOf(ev('CREATED', '', { commit: 'abc' }))).toBe('git');
    expect(channelOf(ev('CREATED', '', { commit: 'abc', operationId: '3' }))).toBe('ui');
  });

  it('splits a Git author and keeps HNP users as they are', () => {
    expect(splitActor('Ada Lovelace <ada@example.com>')).toEqual({ name: 'Ada Lovelace', email: 'ada@example.com' });
    expect(splitActor('<ops@example.com>')).toEqual({ name: 'ops@example.com', email: 'ops@example.com' });
    expect(splitActor('admin')).toEqual({ name: 'admin', email: null });
    expect(splitActor(null)).toEqual({ name: '—', email: null });
    expect(subject('Fix vlan\n\nlonger body')).toBe('Fix vlan');
    expect(subject(null)).toBe('');
  });

  it('offers field diffs and revert only where they mean something', () => {
    expect(hasFieldDiff(ev('GIT_COMMIT', '', { paths: ['spec.vlan'] }))).toBe(true);
    expect(hasFieldDiff(ev('GIT_COMMIT', '', { paths: [] }))).toBe(false);
    expect(hasFieldDiff(ev('DRAFT_DISCARDED', '', { paths: ['spec.vlan'] }))).toBe(false);
    expect(isRevertable(ev('GIT_COMMIT', '', { commit: 'abc' }))).toBe(true);
    expect(isRevertable(ev('WRITE_BACK', '', { commit: 'abc', operationId: '1' }))).toBe(true);
    expect(isRevertable(ev('GIT_COMMIT', ''))).toBe(false);
    expect(isRevertable(ev('DRAFT_SAVED', '', { commit: 'abc' }))).toBe(false);
  });

  it('appends the next page, dropping the events a shift of new ones repeats', () => {
    const a = ev('GIT_COMMIT', '2026-03-10T12:00:05Z', { commit: 'a' });
    const b = ev('GIT_COMMIT', '2026-03-10T12:00:04Z', { commit: 'b' });
    const c = ev('GIT_COMMIT', '2026-03-10T12:00:03Z', { commit: 'c' });
    const d = ev('GIT_COMMIT', '2026-03-10T12:00:02Z', { commit: 'd' });
    const first = appendPage(null, { totalCount: 4, pageInfo: { hasNextPage: true, endCursor: '1' }, nodes: [a, b] });
    expect(first).toEqual({ events: [a, b], totalCount: 4, endCursor: '1', hasNextPage: true });
    // Nothing recorded meanwhile: the next page follows on.
    const next = appendPage(first, { totalCount: 4, pageInfo: { hasNextPage: false, endCursor: '3' }, nodes: [c, d] });
    expect(next.events.map((e) => e.commit)).toEqual(['a', 'b', 'c', 'd']);
    expect(next.hasNextPage).toBe(false);
    // One event recorded since the first page: the page starts one earlier (b again).
    const shifted = appendPage(first, { totalCount: 5, pageInfo: { hasNextPage: true, endCursor: '3' }, nodes: [b, c] });
    expect(shifted.events.map((e) => e.commit)).toEqual(['a', 'b', 'c']);
    expect(shifted.totalCount).toBe(5);
  });

  it('groups events by local day, newest first, with Today and Yesterday', () => {
    const now = new Date(2026, 2, 10, 15, 0, 0);
    const iso = (d: number, h: number) => new Date(2026, 2, d, h, 0, 0).toISOString();
    const groups = groupByDay([ev('DRAFT_SAVED', iso(10, 14)), ev('GIT_COMMIT', iso(10, 9)), ev('WRITE_BACK', iso(9, 20)), ev('CREATED', iso(1, 8))], now);
    expect(groups.map((g) => [g.label, g.events.length])).toEqual([
      ['Today', 2],
      ['Yesterday', 1],
      [new Date(2026, 2, 1).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' }), 1],
    ]);
    expect(groups[0].day).toBe('2026-03-10');
    expect(groupByDay([], now)).toEqual([]);
  });

  it('formats the values of a field diff', () => {
    expect(formatValue(null)).toEqual({ text: '—', multiline: false, absent: true });
    expect(formatValue(undefined).absent).toBe(true);
    expect(formatValue(1900)).toEqual({ text: '1900', multiline: false, absent: false });
    expect(formatValue(false).text).toBe('false');
    expect(formatValue('10.0.1.0/24').text).toBe('10.0.1.0/24');
    expect(formatValue('').text).toBe('""');
    expect(formatValue([]).text).toBe('[]');
    expect(formatValue({}).text).toBe('{}');
    expect(formatValue({ vlan: 7, dhcp: { enable: true } })).toEqual({ text: 'vlan: 7\ndhcp:\n  enable: true', multiline: true, absent: false });
    expect(hasCommitDiff(ev('GIT_COMMIT', '', { commit: 'abc' }))).toBe(true);
    expect(hasCommitDiff(ev('GIT_COMMIT', ''))).toBe(false);
    expect(hasCommitDiff(ev('DRAFT_SAVED', '', { commit: 'abc' }))).toBe(false);
  });
});
