import { describe, expect, it } from 'vitest';
import { commitMessage, confirmLabel, parseDryRun, sameFiles, withoutTrailers } from './review';

describe('parseDryRun', () => {
  it('reads files, skipped drafts, warnings and the commit', () => {
    const r = parseDryRun({
      files: [{ path: 'fab/vpcs/a.yaml', action: 'update', diff: '--- a\n+++ b\n-x\n+y\n' }, { nope: 1 }],
      skipped: [{ kind: 'VPC', namespace: 'default', name: 'b', reason: 'has an open conflict; resolve it first' }],
      warnings: [],
      conflicts: [{}, {}],
      commit: 'abc',
    });
    expect(r.files).toEqual([{ path: 'fab/vpcs/a.yaml', action: 'update', diff: '--- a\n+++ b\n-x\n+y\n' }]);
    expect(r.skipped[0].name).toBe('b');
    expect(r.conflicts).toBe(2);
    expect(r.commit).toBe('abc');
  });
  it('treats missing details as nothing to write', () => {
    expect(parseDryRun(null)).toEqual({ files: [], skipped: [], warnings: [], conflicts: 0, commit: null });
  });
});

describe('commitMessage', () => {
  it('summarises like the server: updates, creates, deletes; one line per resource in kind/namespace/name order', () => {
    const msg = commitMessage(
      [
        { kind: 'VPC', namespace: 'default', name: 'b', operation: 'UPDATE' },
        { kind: 'VPCAttachment', namespace: 'default', name: 'x', operation: 'CREATE' },
        { kind: 'VPC', namespace: 'default', name: 'a', operation: 'UPDATE' },
        { kind: 'Switch', namespace: 'default', name: 's1', operation: 'DELETE' },
        { kind: 'VPC', namespace: 'default', name: 'c', operation: 'UPDATE' },
      ],
      [{ kind: 'VPC', namespace: 'default', name: 'c' }],
    );
    expect(msg).toBe(
      'HNP: update 2 VPCs, create 1 VPCAttachment, delete 1 Switch\n\n' +
        '- delete Switch default/s1\n- update VPC default/a\n- update VPC default/b\n- create VPCAttachment default/x\n',
    );
  });
  it('pluralises kinds ending in s, h or x with -es', () => {
    const two = (kind: string) => [
      { kind, namespace: 'default', name: 'a', operation: 'UPDATE' as const },
      { kind, namespace: 'default', name: 'b', operation: 'UPDATE' as const },
    ];
    expect(commitMessage(two('Switch')).split('\n')[0]).toBe('HNP: update 2 Switches');
    expect(commitMessage(two('Server')).split('\n')[0]).toBe('HNP: update 2 Servers');
  });
  it('is empty without drafts', () => {
    expect(commitMessage([])).toBe('');
  });
});

describe('confirmLabel and sameFiles', () => {
  it('names the write by the target', () => {
    expect(confirmLabel({ pullRequest: false, branch: 'main' })).toBe('Commit and push');
    expect(confirmLabel({ pullRequest: true, branch: 'main' })).toBe('Open pull request');
  });
  it('compares file lists regardless of order, but not diffs', () => {
    const a = { path: 'a', action: 'update', diff: '+1' };
    const b = { path: 'b', action: 'create', diff: '+2' };
    expect(sameFiles([a, b], [b, a])).toBe(true);
    expect(sameFiles([a, b], [a, { ...b, diff: '+3' }])).toBe(false);
    expect(sameFiles([a], [a, b])).toBe(false);
  });
});

describe('withoutTrailers', () => {
  it('drops the dry run\'s HNP-Operation and HNP-User trailers only', () => {
    const built = 'HNP: update 1 VPC\n\n- update VPC default/vpc-test\n\nHNP-Operation: 1234\nHNP-User: admin\n';
    expect(withoutTrailers(built)).toBe('HNP: update 1 VPC\n\n- update VPC default/vpc-test');
    expect(withoutTrailers('Subject\n\nSigned-off-by: x\n')).toBe('Subject\n\nSigned-off-by: x');
  });
});
