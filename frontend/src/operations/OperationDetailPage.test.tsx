// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { Provider, type Client } from 'urql';
import { fromValue, never } from 'wonka';
import { OperationDetailPage } from './OperationDetailPage';
import { SessionContext } from '../auth/session';
import type { Role } from '../graphql/generated/graphql';

afterEach(cleanup);

const SHA = 'abcdef0123456789abcdef0123456789abcdef01';

const operation = {
  id: 'op-123456789',
  fabricId: '1',
  direction: 'GUI_TO_GIT',
  trigger: 'API',
  status: 'PARTIALLY_SUCCEEDED',
  phase: 'done',
  percent: 100,
  counters: { filesProcessed: 1, created: 0, updated: 1, deleted: 0, unchanged: 3, conflicts: 1 },
  errors: [{ path: 'fabric/bad.yaml', message: 'not YAML' }],
  message: 'committed abcdef0123',
  commitMessage: 'HNP: update 1 VPC\n\nHNP-Operation: op-123456789\nHNP-User: alice\n',
  commitSha: SHA,
  pullRequestUrl: null,
  requestedBy: 'alice',
  dryRun: false,
  createdAt: '2026-03-10T12:00:00Z',
  startedAt: '2026-03-10T12:00:01Z',
  finishedAt: '2026-03-10T12:00:04.5Z',
  phases: [
    { phase: 'fetch', at: '2026-03-10T12:00:01Z' },
    { phase: 'render', at: '2026-03-10T12:00:02Z' },
    { phase: 'push', at: '2026-03-10T12:00:04Z' },
    { phase: 'done', at: '2026-03-10T12:00:04.5Z' },
  ],
  details: {
    files: [{ path: 'fabric/vpcs.yaml', action: 'update', diff: '--- a/fabric/vpcs.yaml\n+++ b/fabric/vpcs.yaml\n-    vlan: 1200\n+    vlan: 1201\n' }],
    auto_merged: [{ kind: 'VPC', namespace: 'default', name: 'vpc-1', paths: ['spec.subnets.default.dhcp'] }],
    conflicts: [{ kind: 'VPC', namespace: 'default', name: 'vpc-2', type: 'concurrent_modification', paths: ['spec.subnets.default.vlan'], conflict_id: 7 }],
    skipped: [{ kind: 'VPC', namespace: 'default', name: 'vpc-3', reason: 'has an open conflict' }],
    warnings: [],
    attempts: 1,
    pushed: true,
    commit: SHA,
  },
};

function renderPage(op: object | null, role: Role = 'VIEWER') {
  const executeQuery = vi.fn(() =>
    fromValue({
      data: {
        syncOperation: op,
        fabrics: [{ id: '1', name: 'demo', gitBranch: 'main', openPullRequestUrl: null, gitRepository: { id: '1', url: 'https://github.com/acme/fabric.git', provider: 'GITHUB', defaultBranch: 'main', writeMode: 'DIRECT_PUSH' } }],
      },
    }),
  );
  const executeSubscription = vi.fn(() => never);
  // The revert's dry run (RevertDialog): a finished dry-run operation that would write one file.
  const mutation = vi.fn(() => ({
    toPromise: () =>
      Promise.resolve({
        data: {
          revertOperation: {
            ...operation,
            id: 'dry-run-1',
            dryRun: true,
            status: 'SUCCEEDED',
            commitMessage: 'Revert "HNP: update 1 VPC"\n',
            details: { files: [{ path: 'fabric/vpcs.yaml', action: 'update', diff: '-    vlan: 1201\n+    vlan: 1200\n' }], conflicts: [] },
          },
        },
      }),
  }));
  const client = { executeQuery, executeSubscription, executeMutation: vi.fn(() => never), mutation } as unknown as Client;
  const session = { user: { id: '1', username: 'u', role }, login: () => {}, logout: () => {} };
  render(
    <SessionContext.Provider value={session}>
      <Provider value={client}>
        <MemoryRouter initialEntries={['/operations/op-123456789']}>
          <Routes>
            <Route path="/operations/:id" element={<OperationDetailPage />} />
          </Routes>
        </MemoryRouter>
      </Provider>
    </SessionContext.Provider>,
  );
  return { executeQuery, executeSubscription, mutation };
}

describe('OperationDetailPage', () => {
  it('shows trigger, user, timings per phase, files with diffs, merges, conflicts, skips, errors and the commit', () => {
    const { executeQuery, executeSubscription } = renderPage(operation);
    expect((executeQuery.mock.calls[0] as unknown[])[0]).toMatchObject({ variables: { id: 'op-123456789' } });
    // Finished: no live progress subscription.
    expect(executeSubscription).not.toHaveBeenCalled();
    expect(screen.getByTestId('operation-user').textContent).toBe('alice');
    expect(screen.getByTestId('operation-trigger').textContent).toBe('API');
    expect(screen.getByTestId('operation-ran').textContent).toBe('3.5 s');
    expect(screen.getByRole('link', { name: 'demo' }).getAttribute('href')).toBe('/fabrics/1');
    const commit = within(screen.getByTestId('operation-commit')).getByRole('link');
    expect(commit.getAttribute('href')).toBe(`https://github.com/acme/fabric/commit/${SHA}`);
    expect(screen.getByTestId('operation-commit-message').textContent).toContain('HNP-User: alice');

    const phases = within(screen.getByTestId('operation-phases')).getAllByRole('row').slice(1);
    expect(phases.map((r) => [r.getAttribute('data-phase'), r.lastElementChild?.textContent])).toEqual([
      ['fetch', '1.0 s'],
      ['render', '2.0 s'],
      ['push', '500 ms'],
    ]);

    const file = screen.getByTestId('operation-file');
    expect(file.getAttribute('data-path')).toBe('fabric/vpcs.yaml');
    expect(file.querySelector('.diff-line.add')?.textContent).toContain('vlan: 1201');
    expect(screen.getByTestId('operation-auto-merged').textContent).toContain('spec.subnets.default.dhcp');
    expect(within(screen.getByTestId('operation-conflicts')).getByRole('link', { name: 'VPC vpc-2' }).getAttribute('href')).toBe('/conflicts/7');
    expect(screen.getByTestId('operation-skipped').textContent).toContain('skipped VPC vpc-3: has an open conflict');
    expect(screen.getByTestId('operation-errors').textContent).toContain('fabric/bad.yaml: not YAML');
  });

  it('follows a running operation over its progress subscription', () => {
    const { executeSubscription } = renderPage({ ...operation, status: 'RUNNING', finishedAt: null, phases: [{ phase: 'fetch', at: '2026-03-10T12:00:01Z' }], details: null });
    expect(executeSubscription).toHaveBeenCalled();
    expect((executeSubscription.mock.calls[0] as unknown[])[0]).toMatchObject({ variables: { operationId: 'op-123456789' } });
    expect(screen.getByTestId('operation-detail').getAttribute('data-status')).toBe('RUNNING');
    expect(screen.getByText('No files written.')).toBeTruthy();
  });

  it('says so when the operation does not exist', () => {
    renderPage(null);
    expect(screen.getByText('Operation op-123456789 not found.')).toBeTruthy();
  });

  it('offers operators a Revert of a write-back that pushed its commit, previewed first', async () => {
    const { mutation } = renderPage(operation, 'OPERATOR');
    fireEvent.click(screen.getByTestId('operation-revert'));
    const dialog = await screen.findByRole('dialog', { name: 'Review changes' });
    await within(dialog).findByTestId('review-file');
    expect((mutation.mock.calls[0] as unknown[])[1]).toEqual({ operationId: 'op-123456789', dryRun: true });
    expect(within(dialog).getByText(/Revert operation op-12345/)).toBeTruthy();
    expect(within(dialog).getByRole('button', { name: 'Revert' })).toBeTruthy();
    expect(within(dialog).getByTestId('review-target').textContent).toBe('branch main');
  });

  it('offers no Revert to viewers, nor of a dry run or an operation without a commit', () => {
    renderPage(operation, 'VIEWER');
    expect(screen.queryByTestId('operation-revert')).toBeNull();
    cleanup();
    renderPage({ ...operation, dryRun: true }, 'ADMIN');
    expect(screen.queryByTestId('operation-revert')).toBeNull();
    cleanup();
    renderPage({ ...operation, commitSha: null }, 'ADMIN');
    expect(screen.queryByTestId('operation-revert')).toBeNull();
  });
});
