// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { Provider, type Client } from 'urql';
import { RevertDialog } from './RevertDialog';

afterEach(cleanup);

const finished = (id: string, dryRun: boolean, details: object | null) => ({
  id,
  fabricId: '1',
  direction: 'GUI_TO_GIT',
  trigger: 'API',
  status: 'SUCCEEDED',
  phase: 'done',
  percent: 100,
  counters: { filesProcessed: 1, created: 0, updated: 1, deleted: 0, unchanged: 0, conflicts: 0 },
  errors: [],
  message: null,
  commitSha: null,
  pullRequestUrl: null,
  requestedBy: 'admin',
  dryRun,
  autoMerged: 0,
  createdAt: '2026-03-10T12:00:00Z',
  startedAt: '2026-03-10T12:00:00Z',
  finishedAt: '2026-03-10T12:00:01Z',
  details,
  commitMessage: dryRun ? 'Revert "HNP: update 1 VPC"\n\nHNP-Reverts-Operation: 42\nHNP-Operation: dry\nHNP-User: admin\n' : null,
});

const DETAILS = {
  files: [{ path: 'fabrics/demo/vpc-test.yaml', action: 'update', diff: '--- a/x\n+++ b/x\n-    vlan: 1234\n+    vlan: 1200\n' }],
  skipped: [],
  warnings: [],
  conflicts: [{ kind: 'VPC', namespace: 'default', name: 'vpc-test', type: 'concurrent_modification', paths: ['spec.subnets.default.dhcp.range.end'] }],
  commit: 'deadbeef',
};

function setup(subject: Parameters<typeof RevertDialog>[0]['subject']) {
  const mutation = vi.fn((_doc: unknown, vars: { dryRun: boolean }) => ({
    toPromise: () => {
      const op = vars.dryRun ? finished('dry-1', true, DETAILS) : finished('real-2', false, null);
      return Promise.resolve({ data: { revertOperation: op, revertCommit: op } });
    },
  }));
  const client = { mutation, query: vi.fn(), executeQuery: vi.fn() } as unknown as Client;
  const onClose = vi.fn();
  render(
    <Provider value={client}>
      <MemoryRouter initialEntries={['/start']}>
        <Routes>
          <Route path="/start" element={<RevertDialog subject={subject} target={{ pullRequest: false, branch: 'main' }} onClose={onClose} />} />
          <Route path="/operations/:id" element={<p data-testid="landed">operation page</p>} />
        </Routes>
      </MemoryRouter>
    </Provider>,
  );
  return { mutation, onClose };
}

describe('RevertDialog', () => {
  it('previews the revert (diff, message, fields in conflict), then runs it and opens the new operation', async () => {
    const { mutation, onClose } = setup({ kind: 'operation', operationId: '42', label: 'write-back abc "HNP: update 1 VPC"' });
    const dialog = await screen.findByRole('dialog', { name: 'Review changes' });
    await within(dialog).findByTestId('review-file');
    expect(mutation).toHaveBeenCalledTimes(1);
    expect(mutation.mock.calls[0][1]).toEqual({ operationId: '42', dryRun: true });
    expect(within(dialog).getByText(/Revert write-back abc/)).toBeTruthy();
    expect(dialog.querySelector('.diff-line.add')?.textContent).toContain('vlan: 1200');
    // The dry run's trailers are not the real run's.
    const message = within(dialog).getByTestId('review-message').textContent ?? '';
    expect(message).toContain('Revert "HNP: update 1 VPC"');
    expect(message).not.toContain('HNP-Operation');
    expect(within(dialog).getByTestId('revert-conflicts').textContent).toContain('spec.subnets.default.dhcp.range.end');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Revert' }));
    await screen.findByTestId('landed');
    expect(mutation).toHaveBeenCalledTimes(2);
    expect(mutation.mock.calls[1][1]).toEqual({ operationId: '42', dryRun: false });
    expect(onClose).toHaveBeenCalled();
  });

  it('reverts a commit with revertCommit; Cancel runs nothing', async () => {
    const { mutation, onClose } = setup({ kind: 'commit', fabricId: '1', commit: 'abcdef01', label: 'commit abcdef01' });
    const dialog = await screen.findByRole('dialog', { name: 'Review changes' });
    await within(dialog).findByTestId('review-file');
    expect(mutation.mock.calls[0][1]).toEqual({ fabricId: '1', commit: 'abcdef01', dryRun: true });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(onClose).toHaveBeenCalled();
    expect(mutation).toHaveBeenCalledTimes(1);
  });
});
