// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { ReviewDialog } from './ReviewDialog';
import type { DryRunReport } from './review';

afterEach(cleanup);

const report: DryRunReport = {
  files: [
    { path: 'demo/vpcs/vpc-test.yaml', action: 'update', diff: '--- a/demo/vpcs/vpc-test.yaml\n+++ b/demo/vpcs/vpc-test.yaml\n@@ -1,3 +1,3 @@\n-    vlan: 1200\n+    vlan: 1201\n' },
    { path: 'demo/vpcs/new.yaml', action: 'create', diff: '+++ b/demo/vpcs/new.yaml\n+kind: VPC\n' },
  ],
  skipped: [{ kind: 'VPC', namespace: 'default', name: 'blocked', reason: 'has an open conflict; resolve it first' }],
  warnings: [],
  conflicts: 0,
  commit: 'deadbeef',
};

function setup(props: Partial<Parameters<typeof ReviewDialog>[0]> = {}) {
  const onConfirm = vi.fn();
  const onCancel = vi.fn();
  render(
    <ReviewDialog
      action="Sync to Git"
      target={{ pullRequest: false, branch: 'main' }}
      report={report}
      message={'HNP: update 1 VPC\n\n- update VPC default/vpc-test\n'}
      onConfirm={onConfirm}
      onCancel={onCancel}
      {...props}
    />,
  );
  return { onConfirm, onCancel, dialog: screen.getByRole('dialog', { name: 'Review changes' }) };
}

describe('ReviewDialog', () => {
  it('lists every file with its unified diff, the commit message and the branch', () => {
    const { dialog } = setup();
    const files = within(dialog).getAllByTestId('review-file');
    expect(files.map((f) => f.getAttribute('data-path'))).toEqual(['demo/vpcs/vpc-test.yaml', 'demo/vpcs/new.yaml']);
    expect(files[0].querySelector('.diff-line.del')?.textContent).toContain('vlan: 1200');
    expect(files[0].querySelector('.diff-line.add')?.textContent).toContain('vlan: 1201');
    expect(within(dialog).getByTestId('review-message').textContent).toContain('HNP: update 1 VPC');
    expect(within(dialog).getByTestId('review-target').textContent).toBe('branch main');
    expect(within(dialog).getByText(/has an open conflict/)).toBeTruthy();
  });

  it('Cancel calls only onCancel; Commit and push calls onConfirm', () => {
    const { dialog, onConfirm, onCancel } = setup();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(onCancel).toHaveBeenCalledTimes(1);
    expect(onConfirm).not.toHaveBeenCalled();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Commit and push' }));
    expect(onConfirm).toHaveBeenCalledTimes(1);
  });

  it('Tab stays inside the dialog', () => {
    const { dialog } = setup();
    const cancel = within(dialog).getByRole('button', { name: 'Cancel' });
    cancel.focus();
    fireEvent.keyDown(cancel, { key: 'Tab' });
    expect(dialog.contains(document.activeElement)).toBe(true);
    expect(document.activeElement).not.toBe(cancel);
    fireEvent.keyDown(document.activeElement!, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(cancel);
  });

  it('Escape cancels', () => {
    const { dialog, onCancel, onConfirm } = setup();
    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(onCancel).toHaveBeenCalledTimes(1);
    expect(onConfirm).not.toHaveBeenCalled();
  });

  it('in pull-request mode offers "Open pull request" and names the pull request as target', () => {
    const { dialog } = setup({ target: { pullRequest: true, branch: 'main', openPullRequestUrl: 'https://github.com/o/r/pull/7' } });
    expect(within(dialog).queryByRole('button', { name: 'Commit and push' })).toBeNull();
    within(dialog).getByRole('button', { name: 'Open pull request' });
    expect(within(dialog).getByTestId('review-target').textContent).toContain('pull request into main');
  });

  it('cannot confirm while the dry run runs, after it failed, or when nothing would change', () => {
    setup({ loading: true, report: undefined, message: undefined });
    expect((screen.getByRole('button', { name: 'Commit and push' }) as HTMLButtonElement).disabled).toBe(true);
    screen.getByText('Running a dry run…');
    cleanup();
    setup({ errorText: 'The dry run failed: remote gone' });
    expect((screen.getByRole('button', { name: 'Commit and push' }) as HTMLButtonElement).disabled).toBe(true);
    cleanup();
    setup({ report: { ...report, files: [], skipped: [] }, message: '' });
    screen.getByTestId('review-nothing');
    expect((screen.getByRole('button', { name: 'Commit and push' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('Sync Bidirectional may run with nothing to write (it also reads Git)', () => {
    const { dialog, onConfirm } = setup({ action: 'Sync Bidirectional', allowEmpty: true, report: { ...report, files: [], conflicts: 1 }, message: '' });
    within(dialog).getByText(/still reads Git/);
    within(dialog).getByText(/found 1 conflict/);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Commit and push' }));
    expect(onConfirm).toHaveBeenCalledTimes(1);
  });

  it('without a dry run (Initialize Directories) shows the note and can confirm', () => {
    const { dialog, onConfirm } = setup({ report: undefined, message: undefined, note: 'The API has no dry run for Initialize Directories.' });
    within(dialog).getByText(/no dry run/);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Commit and push' }));
    expect(onConfirm).toHaveBeenCalledTimes(1);
  });
});
