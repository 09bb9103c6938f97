import { describe, expect, it } from 'vitest';
import { duration, parseDetails, phaseTimings } from './details';

describe('parseDetails', () => {
  it('reads files, auto-merged paths, opened conflicts, skipped drafts and the push', () => {
    const r = parseDetails({
      files: [{ path: 'fabric/vpcs.yaml', action: 'update', diff: '-a\n+b\n' }],
      auto_merged: [{ kind: 'VPC', namespace: 'default', name: 'v1', paths: ['spec.subnets.default.vlan'] }],
      conflicts: [{ kind: 'VPC', namespace: 'default', name: 'v2', type: 'concurrent_modification', paths: ['spec.x'], conflict_id: 7 }],
      skipped: [{ kind: 'VPC', namespace: 'default', name: 'v3', reason: 'invalid' }],
      attempts: 2,
      pushed: true,
      commit: 'abc',
      pull_request_url: null,
    });
    expect(r.files).toEqual([{ path: 'fabric/vpcs.yaml', action: 'update', diff: '-a\n+b\n' }]);
    expect(r.autoMerged).toEqual([{ kind: 'VPC', namespace: 'default', name: 'v1', paths: ['spec.subnets.default.vlan'] }]);
    expect(r.openedConflicts).toEqual([
      { kind: 'VPC', namespace: 'default', name: 'v2', type: 'concurrent_modification', paths: ['spec.x'], conflictId: '7' },
    ]);
    expect(r.skipped[0].reason).toBe('invalid');
    expect(r).toMatchObject({ attempts: 2, pushed: true, commit: 'abc', pullRequestUrl: null, conflicts: 1 });
  });

  it('is empty for an ingestion without details', () => {
    const r = parseDetails(null);
    expect(r).toMatchObject({ files: [], autoMerged: [], openedConflicts: [], attempts: null, pushed: null, commit: null });
  });
});

describe('duration and phase timings', () => {
  it('formats durations', () => {
    expect(duration('2026-01-01T00:00:00Z', '2026-01-01T00:00:00.350Z')).toBe('350 ms');
    expect(duration('2026-01-01T00:00:00Z', '2026-01-01T00:00:04.2Z')).toBe('4.2 s');
    expect(duration('2026-01-01T00:00:00Z', '2026-01-01T00:03:05Z')).toBe('3 min 5 s');
    expect(duration(null, '2026-01-01T00:00:00Z')).toBe('—');
  });

  it('keeps the first event of each phase and times it until the next', () => {
    const t = phaseTimings(
      [
        { phase: 'fetch', at: '2026-01-01T00:00:00Z' },
        { phase: 'fetch', at: '2026-01-01T00:00:01Z' },
        { phase: 'parse', at: '2026-01-01T00:00:02Z' },
        { phase: null, at: '2026-01-01T00:00:03Z' },
      ],
      '2026-01-01T00:00:02.5Z',
    );
    expect(t).toEqual([
      { phase: 'fetch', at: '2026-01-01T00:00:00Z', took: '2.0 s' },
      { phase: 'parse', at: '2026-01-01T00:00:02Z', took: '500 ms' },
    ]);
  });
});
