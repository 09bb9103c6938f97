// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { FabricStatus, type FabricStatusInput } from './FabricStatus';
import { announcement } from './announce';
import { initialProgress } from '../operations/progress';

afterEach(cleanup);

const base: FabricStatusInput = {
  id: '7',
  pendingDrafts: 0,
  desiredStateCommit: 'a'.repeat(40),
  remoteHeadCommit: 'a'.repeat(40),
  openConflicts: 0,
  driftCount: 0,
  clusterConfigured: true,
  lastClusterRead: '2026-03-10T12:00:00Z',
};

function show(f: Partial<FabricStatusInput>) {
  render(
    <MemoryRouter>
      <FabricStatus fabric={{ ...base, ...f }} />
    </MemoryRouter>,
  );
  const item = (key: string) => {
    const li = screen.getByTestId(`status-${key}`);
    const link = within(li).getByRole('link');
    return { state: li.getAttribute('data-state'), text: link.textContent, href: link.getAttribute('href') };
  };
  return { git: item('git'), cluster: item('cluster'), conflicts: item('conflicts') };
}

describe('FabricStatus', () => {
  it('all in sync', () => {
    const s = show({});
    expect(s.git).toEqual({ state: 'in-sync', text: 'in sync', href: '/resources?fabric=7' });
    expect(s.cluster).toEqual({ state: 'in-sync', text: 'in sync', href: '/resources?fabric=7&drift=IN_SYNC' });
    expect(s.conflicts).toEqual({ state: 'none', text: 'none', href: '/resources?fabric=7&conflict=DETECTED' });
  });

  it('pending drafts and a newer remote head are both told, linking to the drafts', () => {
    const s = show({ pendingDrafts: 3, remoteHeadCommit: 'b'.repeat(40) });
    expect(s.git.state).toBe('ahead-and-drafts');
    expect(s.git.text).toBe(`Git ahead (remote ${'b'.repeat(10)}) · 3 pending drafts`);
    expect(s.git.href).toBe('/resources?fabric=7&draft=yes');
    cleanup();
    expect(show({ pendingDrafts: 1 }).git).toMatchObject({ state: 'drafts', text: '1 pending draft' });
  });

  it('a remote head the fabric already passed (stale until re-read) is not "Git ahead"', () => {
    const stale = 'c'.repeat(40);
    expect(show({ remoteHeadCommit: stale, knownCommits: [stale] }).git.state).toBe('in-sync');
    cleanup();
    expect(show({ remoteHeadCommit: stale, knownCommits: ['d'.repeat(40)] }).git.state).toBe('ahead');
  });

  it('cluster: unknown until the first read, not configured, drift counted', () => {
    expect(show({ lastClusterRead: null }).cluster).toMatchObject({ state: 'unknown', text: 'unknown (not read yet)' });
    cleanup();
    expect(show({ clusterConfigured: false }).cluster).toMatchObject({ state: 'not-configured', text: 'not configured' });
    cleanup();
    expect(show({ driftCount: 4 }).cluster).toEqual({ state: 'drift', text: '4 drifted', href: '/resources?fabric=7&state=DRIFTED' });
    cleanup();
    expect(show({ driftCount: 2, actualOnlyCount: 1 }).cluster).toMatchObject({ state: 'drift', text: '1 drifted · 1 only in cluster' });
    cleanup();
    expect(show({ driftCount: 1, actualOnlyCount: 1 }).cluster).toMatchObject({ state: 'drift', text: '1 only in cluster' });
  });

  it('open conflicts link to the conflicted resources', () => {
    expect(show({ openConflicts: 2 }).conflicts).toEqual({ state: 'open', text: '2 open', href: '/resources?fabric=7&conflict=DETECTED' });
  });
});

describe('announcement', () => {
  it('says label, status and phase, not the percentage; then the outcome', () => {
    expect(announcement(initialProgress)).toBe('');
    const running = { ...initialProgress, operationId: 'op', label: 'Sync to Git', status: 'RUNNING' as const, phase: 'commit', percent: 55 };
    expect(announcement(running)).toBe('Sync to Git: running, commit');
    expect(announcement({ ...running, percent: 60 })).toBe(announcement(running));
    expect(announcement({ ...running, status: 'SUCCEEDED', done: true, message: 'pushed abc' })).toBe('Sync to Git finished: succeeded. pushed abc');
  });
});
