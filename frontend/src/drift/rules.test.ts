import { describe, expect, it } from 'vitest';
import { ruleProblem } from './rules';

describe('ruleProblem', () => {
  const ok = { kind: 'VPC', path: 'spec.subnets.*.vlan', reason: 'VLANs are assigned by the fabric' };

  it('accepts a complete rule', () => {
    expect(ruleProblem(ok)).toBeNull();
  });

  it('names the field that is missing or wrong', () => {
    expect(ruleProblem({ ...ok, kind: ' ' })?.field).toBe('kind');
    expect(ruleProblem({ ...ok, path: '' })?.field).toBe('path');
    expect(ruleProblem({ ...ok, path: 'subnets.vlan' })?.message).toMatch(/starts with spec\./);
    expect(ruleProblem({ ...ok, path: 'spec..vlan' })?.message).toMatch(/empty segment/);
    expect(ruleProblem({ ...ok, reason: '' })?.field).toBe('reason');
  });
});
