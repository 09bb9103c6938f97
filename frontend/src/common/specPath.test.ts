import { describe, expect, it } from 'vitest';
import { parsePath, specSegments } from './specPath';

describe('parsePath', () => {
  it('parses dotted, bracketed, indexed and keyed-list segments', () => {
    expect(parsePath('spec.subnets.default.vlan')).toEqual([{ key: 'spec' }, { key: 'subnets' }, { key: 'default' }, { key: 'vlan' }]);
    expect(parsePath('spec.labels["fabric.githedgehog.com/vpc"]')).toEqual([
      { key: 'spec' },
      { key: 'labels' },
      { key: 'fabric.githedgehog.com/vpc' },
    ]);
    expect(parsePath('spec.list[0].x')).toEqual([{ key: 'spec' }, { key: 'list' }, { index: 0 }, { key: 'x' }]);
    expect(parsePath('spec.permit[vpc-1+vpc-2].vpc-2.subnets')).toEqual([
      { key: 'spec' },
      { key: 'permit' },
      { identity: 'vpc-1+vpc-2' },
      { key: 'vpc-2' },
      { key: 'subnets' },
    ]);
    expect(specSegments('spec.a')).toEqual([{ key: 'a' }]);
    expect(specSegments('a.b')).toEqual([{ key: 'a' }, { key: 'b' }]);
  });
});
