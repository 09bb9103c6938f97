import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../graphql/scalars';
import { specSegments } from '../common/specPath';
import { autoMerge, getAt, mergeWithChoices, setAt, type Side } from './merge';

describe('getAt / setAt', () => {
  const doc: JsonValue = { a: { b: 1 }, permit: [{ 'vpc-1': {}, 'vpc-2': { s: ['x'] } }], list: [1, 2] };
  it('reads values', () => {
    expect(getAt(doc, specSegments('spec.a.b'))).toBe(1);
    expect(getAt(doc, specSegments('spec.permit[vpc-1+vpc-2].vpc-2.s'))).toEqual(['x']);
    expect(getAt(doc, specSegments('spec.list[1]'))).toBe(2);
    expect(getAt(doc, specSegments('spec.a.c.d'))).toBeUndefined();
  });
  it('writes copies and deletes', () => {
    const next = setAt(doc, specSegments('spec.a.b'), 2);
    expect(getAt(next, specSegments('spec.a.b'))).toBe(2);
    expect(getAt(doc, specSegments('spec.a.b'))).toBe(1);
    const removed = setAt(doc, specSegments('spec.a.b'), undefined);
    expect(removed).toMatchObject({ a: {} });
    const created = setAt({}, specSegments('spec.x.y'), 'z');
    expect(created).toEqual({ x: { y: 'z' } });
  });
});

describe('three-way field-choice merge', () => {
  const base: JsonValue = { subnets: { default: { vlan: 1201, subnet: '10.0.0.0/24' } }, ipv4Namespace: 'default' };
  const gui: JsonValue = { subnets: { default: { vlan: 1202, subnet: '10.0.0.0/24' } }, ipv4Namespace: 'default', vlanNamespace: 'gui' };
  const git: JsonValue = { subnets: { default: { vlan: 1300, subnet: '10.0.1.0/24' } }, ipv4Namespace: 'default' };
  const paths = ['spec.subnets.default.vlan'];

  it('auto-merges non-conflicting changes of both sides, git at conflicts', () => {
    expect(autoMerge(base, gui, git)).toEqual({
      subnets: { default: { vlan: 1300, subnet: '10.0.1.0/24' } },
      ipv4Namespace: 'default',
      vlanNamespace: 'gui',
    });
  });

  it('takes the chosen side at each conflicting path', () => {
    const sides = { base, gui, git };
    expect(getAt(mergeWithChoices(sides, paths, {}), specSegments(paths[0]))).toBe(1300);
    expect(getAt(mergeWithChoices(sides, paths, { [paths[0]]: 'gui' }), specSegments(paths[0]))).toBe(1202);
    const m = mergeWithChoices(sides, paths, { [paths[0]]: 'base' });
    expect(m).toEqual({ subnets: { default: { vlan: 1201, subnet: '10.0.1.0/24' } }, ipv4Namespace: 'default', vlanNamespace: 'gui' });
  });

  it('a side without the field removes it', () => {
    const sides: Record<Side, JsonValue> = { base: { a: 1, b: 1 }, gui: { a: 2, b: 1 }, git: { b: 1 } };
    expect(mergeWithChoices(sides, ['spec.a'], { 'spec.a': 'git' })).toEqual({ b: 1 });
    expect(mergeWithChoices(sides, ['spec.a'], { 'spec.a': 'gui' })).toEqual({ a: 2, b: 1 });
  });

  it('handles deleted-in-git (no git spec)', () => {
    expect(mergeWithChoices({ base: { a: 1 }, gui: { a: 2 }, git: undefined }, ['spec'], { spec: 'gui' })).toEqual({ a: 2 });
  });
});
