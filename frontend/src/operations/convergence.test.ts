import { describe, expect, it } from 'vitest';
import { after, convergenceSteps } from './convergence';

const committedAt = '2026-12-07T10:00:00Z';

describe('convergenceSteps', () => {
  it('waits for the cluster before the switches', () => {
    const steps = convergenceSteps({ committedAt, switches: ['leaf-01', 'leaf-02'], pendingSwitches: ['leaf-01', 'leaf-02'] });
    expect(steps.map((s) => [s.key, s.done])).toEqual([
      ['committed', true],
      ['in_cluster', false],
      ['applied', false],
    ]);
    expect(steps[2].detail).toBe('waiting for the cluster (2 switches affected)');
  });

  it('names the switches still pending once in the cluster', () => {
    const steps = convergenceSteps({
      committedAt,
      inClusterAt: '2026-12-07T10:05:00Z',
      switches: ['leaf-01', 'leaf-02'],
      pendingSwitches: ['leaf-02'],
    });
    expect(steps[1]).toMatchObject({ done: true, afterSeconds: 300 });
    expect(steps[2].detail).toBe('1 of 2 applied · waiting for leaf-02');
  });

  it('is done when applied, with the time after the commit', () => {
    const steps = convergenceSteps({
      committedAt,
      inClusterAt: '2026-12-07T10:05:00Z',
      appliedAt: '2026-12-07T10:06:03Z',
      switches: ['leaf-01'],
      pendingSwitches: [],
    });
    expect(steps.every((s) => s.done)).toBe(true);
    expect(after(steps[2].afterSeconds)).toBe('+6m 3s');
    expect(steps[2].detail).toBe('1 switch applied it');
  });

  it('says when no switch is affected and shortens long lists', () => {
    expect(convergenceSteps({ committedAt, switches: [], pendingSwitches: [] })[2].detail).toBe('no switch affected');
    const many = Array.from({ length: 9 }, (_, i) => `leaf-0${i + 1}`);
    const steps = convergenceSteps({ committedAt, inClusterAt: committedAt, switches: many, pendingSwitches: many });
    expect(steps[2].detail).toBe('0 of 9 applied · waiting for leaf-01, leaf-02, leaf-03, leaf-04, leaf-05, leaf-06 and 3 more');
  });

  it('formats durations after the commit', () => {
    expect(after(null)).toBe('');
    expect(after(42)).toBe('+42s');
    expect(after(7260)).toBe('+2h 1m');
  });
});
