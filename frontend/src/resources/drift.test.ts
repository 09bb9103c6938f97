import { describe, expect, it } from 'vitest';
import { parseDrift } from './drift';

describe('parseDrift', () => {
  it('reads the report of core resource_drift', () => {
    expect(
      parseDrift({ score: 0.5, compared: 2, differences: [{ path: 'spec.vlan', desired: 1000, actual: 1001 }] }),
    ).toEqual({ score: 0.5, compared: 2, differences: [{ path: 'spec.vlan', desired: 1000, actual: 1001 }], ignored: [] });
  });

  it('reads when a path started drifting and which field manager wrote it', () => {
    const d = parseDrift({
      differences: [{ path: 'spec.vlan', desired: 1, actual: 2, since: '2026-12-07T00:00:00Z', manager: 'kubectl-edit', operation: 'Update' }],
    });
    expect(d?.differences[0]).toEqual({ path: 'spec.vlan', desired: 1, actual: 2, since: '2026-12-07T00:00:00Z', manager: 'kubectl-edit', operation: 'Update' });
  });

  it('reads who chose to keep Git for a path', () => {
    const d = parseDrift({
      differences: [{ path: 'spec.vlan', desired: 1, actual: 2, kept_git_by: 'alice', kept_git_at: '2026-12-07T10:00:00Z' }, { path: 'spec.b', kept_git_by: 7 }],
    });
    expect(d?.differences[0]).toMatchObject({ keptGitBy: 'alice', keptGitAt: '2026-12-07T10:00:00Z' });
    expect(d?.differences[1].keptGitBy).toBeUndefined();
  });

  it('reads the differences an ignore rule hides apart from the drift', () => {
    const d = parseDrift({
      differences: [],
      ignored: [{ path: 'spec.subnets.default.vlan', desired: 1101, actual: 1111 }, { nopath: true }],
    });
    expect(d?.differences).toEqual([]);
    expect(d?.ignored).toEqual([{ path: 'spec.subnets.default.vlan', desired: 1101, actual: 1111 }]);
  });

  it('keeps a side that is null and leaves out a missing one', () => {
    const d = parseDrift({ differences: [{ path: 'spec.a', desired: null }] });
    expect(d?.differences[0]).toEqual({ path: 'spec.a', desired: null, actual: undefined });
    expect(d?.score).toBeUndefined();
  });

  it('is null without a report and drops malformed entries', () => {
    expect(parseDrift(null)).toBeNull();
    expect(parseDrift(undefined)).toBeNull();
    expect(parseDrift('drift')).toBeNull();
    expect(parseDrift({ differences: [1, { path: 2 }, { path: 'spec.ok' }] })?.differences).toEqual([{ path: 'spec.ok', desired: undefined, actual: undefined }]);
    expect(parseDrift({ differences: 'x' })?.differences).toEqual([]);
  });
});
