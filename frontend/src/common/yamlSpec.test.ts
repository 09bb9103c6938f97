import { describe, expect, it } from 'vitest';
import { lineOfPath, specToYaml, yamlToSpec } from './yamlSpec';

const spec = {
  subnets: { default: { subnet: '10.10.200.0/24', vlan: 1200, dhcp: { enable: true, range: { start: '10.10.200.100' } } } },
  permit: [{ 'vpc-1': {}, 'vpc-2': { subnets: ['a'] } }],
};

describe('YAML ↔ spec', () => {
  it('round-trips a spec', () => {
    const text = specToYaml(spec);
    expect(text).toContain('vlan: 1200');
    const back = yamlToSpec(text);
    expect(back).toEqual({ ok: true, spec });
  });
  it('keeps types (numbers, booleans, strings that look like numbers when quoted)', () => {
    const r = yamlToSpec('vlan: 1201\nenable: false\nname: "0123"\n');
    expect(r).toEqual({ ok: true, spec: { vlan: 1201, enable: false, name: '0123' } });
  });
  it('empty text is an empty spec, null specs are empty text', () => {
    expect(yamlToSpec('')).toEqual({ ok: true, spec: {} });
    expect(specToYaml(null)).toBe('');
    expect(specToYaml(undefined)).toBe('');
  });
  it('rejects invalid YAML and non-mappings with a message', () => {
    const bad = yamlToSpec('subnets:\n  - a\n b: [');
    expect(bad.ok).toBe(false);
    expect(yamlToSpec('- a\n- b\n')).toEqual({ ok: false, error: 'the spec must be a YAML mapping' });
    expect(yamlToSpec('42')).toMatchObject({ ok: false });
  });
  it('finds the line of a server path', () => {
    const text = specToYaml(spec);
    const lines = text.split('\n');
    const n = lineOfPath(text, 'spec.subnets.default.vlan');
    expect(n).not.toBeNull();
    expect(lines[n! - 1]).toContain('vlan: 1200');
    const m = lineOfPath(text, 'spec.permit[vpc-1+vpc-2].vpc-2.subnets');
    expect(lines[m! - 1]).toContain('subnets');
    expect(lineOfPath(text, 'subnets.default.subnet')).toBe(lines.findIndex((l) => l.includes('subnet: 10')) + 1);
    expect(lineOfPath(text, 'spec.nope')).toBeNull();
  });
});
