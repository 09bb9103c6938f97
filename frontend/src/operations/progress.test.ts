import { describe, expect, it } from 'vitest';
import { initialProgress, progressReducer, type ProgressEvent, type ProgressState } from './progress';

const counters = { filesProcessed: 0, created: 0, updated: 0, deleted: 0, unchanged: 0, conflicts: 0 };
const ev = (over: Partial<ProgressEvent>): ProgressEvent => ({
  operationId: '7',
  status: 'RUNNING',
  phase: null,
  percent: 0,
  message: null,
  counters,
  at: '2026-01-01T00:00:00Z',
  ...over,
});
const started = (): ProgressState => progressReducer(initialProgress, { type: 'start', operationId: '7', label: 'Sync to Git' });

describe('progressReducer', () => {
  it('starts queued at 0%', () => {
    const s = started();
    expect(s).toMatchObject({ operationId: '7', label: 'Sync to Git', status: 'QUEUED', percent: 0, done: false });
  });

  it('follows phases and percent', () => {
    let s = started();
    s = progressReducer(s, { type: 'event', event: ev({ phase: 'fetch', percent: 10, at: '2026-01-01T00:00:01Z' }) });
    s = progressReducer(s, { type: 'event', event: ev({ phase: 'diff', percent: 40, at: '2026-01-01T00:00:02Z' }) });
    expect(s).toMatchObject({ status: 'RUNNING', phase: 'diff', percent: 40, done: false });
  });

  it('never goes backwards in percent or time', () => {
    let s = started();
    s = progressReducer(s, { type: 'event', event: ev({ phase: 'diff', percent: 40, at: '2026-01-01T00:00:05Z' }) });
    const late = progressReducer(s, { type: 'event', event: ev({ phase: 'fetch', percent: 10, at: '2026-01-01T00:00:01Z' }) });
    expect(late).toBe(s);
    const lower = progressReducer(s, { type: 'event', event: ev({ phase: 'push', percent: 20, at: '2026-01-01T00:00:06Z' }) });
    expect(lower.percent).toBe(40);
    expect(lower.phase).toBe('push');
  });

  it('ignores events of other operations', () => {
    const s = started();
    expect(progressReducer(s, { type: 'event', event: ev({ operationId: '8', percent: 50 }) })).toBe(s);
  });

  it('completes at 100% on success and stops afterwards', () => {
    let s = started();
    s = progressReducer(s, {
      type: 'event',
      event: ev({ status: 'SUCCEEDED', percent: 95, message: 'committed abc', counters: { ...counters, updated: 1 }, at: '2026-01-01T00:00:03Z' }),
    });
    expect(s).toMatchObject({ status: 'SUCCEEDED', percent: 100, done: true, message: 'committed abc' });
    expect(s.counters?.updated).toBe(1);
    const after = progressReducer(s, { type: 'event', event: ev({ status: 'RUNNING', at: '2026-01-01T00:00:09Z' }) });
    expect(after).toBe(s);
  });

  it('keeps the reached percent on failure', () => {
    let s = started();
    s = progressReducer(s, { type: 'event', event: ev({ percent: 30, at: '2026-01-01T00:00:01Z' }) });
    s = progressReducer(s, { type: 'event', event: ev({ status: 'FAILED', percent: 0, message: 'push rejected', at: '2026-01-01T00:00:02Z' }) });
    expect(s).toMatchObject({ status: 'FAILED', percent: 30, done: true, message: 'push rejected' });
  });

  it('clamps percent and resets', () => {
    let s = started();
    s = progressReducer(s, { type: 'event', event: ev({ percent: 250 }) });
    expect(s.percent).toBe(100);
    expect(progressReducer(s, { type: 'reset' })).toEqual(initialProgress);
  });

  it('a start in a terminal status is done at once', () => {
    const s = progressReducer(initialProgress, { type: 'start', operationId: '9', label: 'x', status: 'SUCCEEDED', percent: 100 });
    expect(s.done).toBe(true);
  });
});
