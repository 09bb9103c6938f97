import { describe, expect, it } from 'vitest';
import { eventRevert, operationRevert, revertConflicts } from './revert';

const SHA = 'abcdef0123456789abcdef0123456789abcdef01';
const op = { id: 'a6beb565-bfee-4307-8708-2f9c8c92b968', fabricId: '1', direction: 'GUI_TO_GIT' as const, status: 'SUCCEEDED' as const, commitSha: SHA, dryRun: false };

describe('revert', () => {
  it('offers a write-back that pushed its commit as an operation, an ingestion by its commit', () => {
    expect(operationRevert(op)).toEqual({ kind: 'operation', operationId: op.id, label: 'operation a6beb565 (commit abcdef0123)' });
    expect(operationRevert({ ...op, direction: 'BIDIRECTIONAL', status: 'PARTIALLY_SUCCEEDED' })?.kind).toBe('operation');
    expect(operationRevert({ ...op, direction: 'GIT_TO_GUI' })).toEqual({ kind: 'commit', fabricId: '1', commit: SHA, label: 'commit abcdef0123 (the head this ingestion read)' });
    expect(operationRevert({ ...op, dryRun: true })).toBeNull();
    expect(operationRevert({ ...op, commitSha: null })).toBeNull();
    expect(operationRevert({ ...op, pushed: false })).toBeNull();
    expect(operationRevert({ ...op, status: 'FAILED' })).toBeNull();
    expect(operationRevert({ ...op, status: 'RUNNING' })).toBeNull();
    expect(operationRevert({ ...op, direction: 'CLUSTER_READ' })).toBeNull();
    expect(operationRevert({ ...op, direction: 'DIRECTORY_INIT' })).toBeNull();
  });

  it('offers a write-back event by its operation and other commits by the commit', () => {
    expect(eventRevert({ kind: 'WRITE_BACK', commit: SHA, operationId: '42', message: 'HNP: update 1 VPC\n\nbody' }, '1')).toEqual({
      kind: 'operation',
      operationId: '42',
      label: 'write-back abcdef0123 "HNP: update 1 VPC"',
    });
    expect(eventRevert({ kind: 'GIT_COMMIT', commit: SHA, message: 'e2e: shorter range' }, '3')).toEqual({ kind: 'commit', fabricId: '3', commit: SHA, label: 'commit abcdef0123 "e2e: shorter range"' });
    expect(eventRevert({ kind: 'CREATED', commit: SHA }, '3')?.kind).toBe('commit');
    expect(eventRevert({ kind: 'GIT_COMMIT', commit: null }, '3')).toBeNull();
    expect(eventRevert({ kind: 'DRAFT_SAVED', commit: SHA }, '3')).toBeNull();
  });

  it('reads the fields a revert would leave in conflict', () => {
    expect(
      revertConflicts({
        files: [],
        conflicts: [{ kind: 'VPC', namespace: 'default', name: 'vpc-1', type: 'concurrent_modification', paths: ['spec.subnets.default.vlan', 7] }, 'junk'],
      }),
    ).toEqual([{ kind: 'VPC', namespace: 'default', name: 'vpc-1', paths: ['spec.subnets.default.vlan'] }]);
    expect(revertConflicts(null)).toEqual([]);
    expect(revertConflicts({ conflicts: 3 })).toEqual([]);
  });
});
