import { describe, expect, it } from 'vitest';
import { changes, filterVariables, targetLink, EMPTY_FILTER } from './audit';

describe('targetLink', () => {
  it('maps targets to their pages', () => {
    expect(targetLink('resource', '12')).toBe('/resources/12');
    expect(targetLink('fabric', '3')).toBe('/fabrics/3');
    expect(targetLink('sync_operation', 'abc')).toBe('/operations/abc');
    expect(targetLink('conflict', '5')).toBe('/conflicts/5');
    expect(targetLink('git_repository', '1')).toBe('/repositories');
    expect(targetLink('feature_flag', 'bidirectional_sync', '4')).toBe('/fabrics/4');
    expect(targetLink('feature_flag', 'bidirectional_sync', null)).toBe('/admin');
    expect(targetLink('user', '2')).toBeNull();
    expect(targetLink('resource', null)).toBeNull();
  });
});

describe('changes', () => {
  it('lists the fields whose values differ', () => {
    expect(changes({ enabled: true, reason: 'x' }, { enabled: false, reason: 'x' })).toEqual([{ field: 'enabled', before: 'true', after: 'false' }]);
    expect(changes(null, { enabled: false })).toEqual([{ field: 'enabled', before: '—', after: 'false' }]);
    expect(changes({ spec: { vlan: 1 } }, { spec: { vlan: 2 } })).toEqual([{ field: 'spec', before: '{"vlan":1}', after: '{"vlan":2}' }]);
    expect(changes(null, null)).toEqual([]);
    expect(changes('a', 'b')).toEqual([{ field: '', before: 'a', after: 'b' }]);
  });
});

describe('filterVariables', () => {
  it('turns blanks into null and local times into RFC 3339', () => {
    expect(filterVariables(EMPTY_FILTER)).toEqual({ actor: null, action: null, targetType: null, targetId: null, since: null, until: null });
    const v = filterVariables({ ...EMPTY_FILTER, actor: ' admin ', since: '2026-03-01T10:00' });
    expect(v.actor).toBe('admin');
    expect(v.since).toBe(new Date('2026-03-01T10:00').toISOString());
  });
});
