import { describe, expect, it } from 'vitest';
import { blameLines, blameSummary, type FieldBlame } from './blame';

const spec = {
  subnets: { 'subnet-1': { subnet: '10.0.1.0/24', vlan: 1001, dhcp: { enable: true } } },
  permit: [['subnet-1', 'subnet-2']],
  ipv4Namespace: 'default',
  labels: {},
};

const git: Omit<FieldBlame, 'path'> = { commit: 'a'.repeat(40), author: 'Ada <ada@example.com>', at: '2026-03-10T12:00:00Z', source: 'GIT' };
const gui: Omit<FieldBlame, 'path'> = { commit: 'b'.repeat(40), author: 'admin', at: '2026-03-11T12:00:00Z', source: 'GUI' };

describe('blame beside the spec', () => {
  it('puts each leaf on its YAML line, in document order', () => {
    const blame: FieldBlame[] = [
      { path: 'spec.subnets.subnet-1.subnet', ...git },
      { path: 'spec.subnets.subnet-1.vlan', ...gui },
      { path: 'spec.subnets.subnet-1.dhcp.enable', ...git },
      { path: 'spec.permit[0][0]', ...git },
      { path: 'spec.permit[0][1]', ...git },
      { path: 'spec.ipv4Namespace', commit: null, author: null, at: null, source: null },
      { path: 'spec.labels', ...git },
    ];
    const view = blameLines(spec, blame);
    expect(view.unplaced).toEqual([]);
    const placed = view.lines.filter((l) => l.blame).map((l) => [l.text.trim(), l.blame!.path]);
    expect(placed).toEqual([
      ['subnet: 10.0.1.0/24', 'spec.subnets.subnet-1.subnet'],
      ['vlan: 1001', 'spec.subnets.subnet-1.vlan'],
      ['enable: true', 'spec.subnets.subnet-1.dhcp.enable'],
      ['- - subnet-1', 'spec.permit[0][0]'],
      ['- subnet-2', 'spec.permit[0][1]'],
      ['ipv4Namespace: default', 'spec.ipv4Namespace'],
      ['labels: {}', 'spec.labels'],
    ]);
    // Key lines carry no blame.
    expect(view.lines.find((l) => l.text.trim() === 'subnets:')?.blame).toBeNull();
    expect(view.lines.map((l) => l.line)).toEqual(view.lines.map((_, i) => i + 1));
  });

  it('marks a leaf set by the same commit as the leaf above, and keeps leaves it cannot place', () => {
    const view = blameLines(spec, [
      { path: 'spec.subnets.subnet-1.subnet', ...git },
      { path: 'spec.subnets.subnet-1.vlan', ...git },
      { path: 'spec.subnets.subnet-1.dhcp.enable', ...gui },
      { path: 'spec.gone.field', ...gui },
    ]);
    const repeat = view.lines.filter((l) => l.blame).map((l) => l.repeat);
    expect(repeat).toEqual([false, true, false]);
    expect(view.unplaced.map((b) => b.path)).toEqual(['spec.gone.field']);
  });

  it('has no lines without a spec, and counts sources', () => {
    expect(blameLines(null, [{ path: 'spec.x', ...git }])).toEqual({ lines: [], unplaced: [{ path: 'spec.x', ...git }] });
    expect(blameSummary([{ path: 'a', ...git }, { path: 'b', ...gui }, { path: 'c', ...gui }, { path: 'd' }])).toEqual({ git: 1, gui: 2, unknown: 1 });
  });
});
