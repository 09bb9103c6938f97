import { describe, expect, it } from 'vitest';
import { buildView, impactIds, layerOf, LAYER, serverClusters, stateColor, STATE_COLORS, STATE_ORDER, toView, worstState, type TopoLink, type TopoNode } from './graph';
import { MAX_UP_EDGES, nodeSize, toElkGraph } from './layout';

const sw = (name: string, role: string, group?: string): TopoNode => ({
  id: `switch/${name}`,
  kind: 'SWITCH',
  name,
  role,
  groups: [],
  redundancyGroup: group ? { type: 'eslag', group } : null,
  resourceId: name,
  state: 'IN_SYNC',
});
const server = (name: string, state: TopoNode['state'] = 'IN_SYNC'): TopoNode => ({ id: `server/${name}`, kind: 'SERVER', name, groups: [], resourceId: name, state });
const link = (conn: string, i: number, from: string, to: string, fromPort: string, toPort: string | null, state: TopoLink['state'] = 'IN_SYNC'): TopoLink => ({
  id: `${conn}/${i}`,
  from,
  to,
  fromPort,
  toPort,
  connection: conn,
  kind: 'unbundled',
  resourceId: conn,
  state,
});

// spine-01 over leaf-01/leaf-02 (eslag-1) and leaf-03 (no redundancy); s1 dual-homed, s2 on
// leaf-01 only (same group), s3 on leaf-03, s4 without links; an external peer on leaf-03.
const nodes: TopoNode[] = [
  sw('spine-01', 'spine'),
  sw('leaf-01', 'server-leaf', 'eslag-1'),
  sw('leaf-02', 'server-leaf', 'eslag-1'),
  sw('leaf-03', 'border-leaf'),
  server('s1'),
  server('s2', 'DRIFT'),
  server('s3', 'PENDING'),
  server('s4'),
  { id: 'external-peer/x', kind: 'EXTERNAL_PEER', name: 'x', groups: [], state: 'UNKNOWN' },
  { id: 'external/internet', kind: 'EXTERNAL', name: 'internet', groups: [], state: 'UNKNOWN' },
];
const links: TopoLink[] = [
  link('f1', 0, 'switch/spine-01', 'switch/leaf-01', 'E1/1', 'E1/49'),
  link('f1', 1, 'switch/spine-01', 'switch/leaf-01', 'E1/2', 'E1/50'),
  link('f2', 0, 'switch/spine-01', 'switch/leaf-03', 'E1/3', 'E1/49'),
  link('c1', 0, 'switch/leaf-01', 'server/s1', 'E1/1', 'enp2s1'),
  link('c1', 1, 'switch/leaf-02', 'server/s1', 'E1/1', 'enp2s2', 'CONFLICT'),
  link('c2', 0, 'switch/leaf-01', 'server/s2', 'E1/2', 'enp2s1'),
  link('c3', 0, 'switch/leaf-03', 'server/s3', 'E1/5', 'enp2s1'),
  link('ext', 0, 'switch/leaf-03', 'external-peer/x', 'E1/48', null),
  link('peer', 0, 'switch/leaf-01', 'switch/leaf-02', 'E1/55', 'E1/55'),
];

describe('states', () => {
  it('orders states worst first and colours each one distinctly', () => {
    expect(worstState(['IN_SYNC', 'DRIFT', 'PENDING'])).toBe('DRIFT');
    expect(worstState(['UNKNOWN', 'ADMISSION_ERROR', 'CONFLICT'])).toBe('ADMISSION_ERROR');
    expect(worstState(['IN_SYNC', 'UNKNOWN'])).toBe('IN_SYNC');
    expect(worstState([])).toBe('UNKNOWN');
    expect(new Set(STATE_ORDER.map((s) => STATE_COLORS[s])).size).toBe(STATE_ORDER.length);
    expect(stateColor('CONFLICT')).toBe(STATE_COLORS.CONFLICT);
    expect(stateColor('SOMETHING_NEW')).toBe(STATE_COLORS.UNKNOWN);
  });
});

describe('layers by role', () => {
  it('puts externals at the edge, spines above leaves, servers below', () => {
    const layer = Object.fromEntries(nodes.map((n) => [n.name, layerOf(n)]));
    expect(layer).toMatchObject({ internet: LAYER.edge, x: LAYER.edge, 'spine-01': LAYER.spine, 'leaf-01': LAYER.leaf, 'leaf-03': LAYER.leaf, s1: LAYER.server });
    expect(LAYER.edge < LAYER.spine && LAYER.spine < LAYER.leaf && LAYER.leaf < LAYER.server).toBe(true);
    expect(layerOf({ kind: 'GATEWAY', role: null })).toBe(LAYER.edge);
  });

  it('gives ELK one partition per layer and only edges between layers, pointing down', () => {
    const g = toElkGraph(buildView(nodes, links, false));
    const part = Object.fromEntries((g.children ?? []).map((c) => [c.id, Number(c.layoutOptions?.['elk.partitioning.partition'])]));
    expect(part['switch/spine-01']).toBe(LAYER.spine);
    expect(part['server/s1']).toBe(LAYER.server);
    expect(g.layoutOptions?.['elk.partitioning.activate']).toBe('true');
    const edges = (g.edges ?? []).map((e) => [e.sources[0], e.targets[0]]);
    for (const [a, b] of edges) expect(part[a]).toBeLessThan(part[b]);
    // the two spine-01–leaf-01 links are one ELK edge; the leaf-01–leaf-02 peer link none
    expect(edges.filter(([a, b]) => a === 'switch/spine-01' && b === 'switch/leaf-01')).toHaveLength(1);
    expect(edges.some(([a, b]) => a === 'switch/leaf-01' && b === 'switch/leaf-02')).toBe(false);
    expect(edges).toContainEqual(['external-peer/x', 'switch/leaf-03']);
    expect(nodeSize('a-very-long-switch-name-01', 'SWITCH').width).toBeGreaterThan(nodeSize('s1', 'SWITCH').width);
  });
});

describe('clustering', () => {
  it('keys servers by the groups of the switches they link to', () => {
    const keys = serverClusters(nodes, links);
    expect(Object.fromEntries(keys)).toEqual({ 'server/s1': 'eslag-1', 'server/s2': 'eslag-1', 'server/s3': 'leaf-03', 'server/s4': 'unattached' });
  });

  it('draws every node and link as is without clustering', () => {
    const v = buildView(nodes, links, false);
    expect(v.nodes.map((n) => n.id).sort()).toEqual(nodes.map((n) => n.id).sort());
    expect(v.links.map((l) => l.id).sort()).toEqual(links.map((l) => l.id).sort());
    expect(v.clustered).toBe(false);
  });

  it('groups servers into one node per group, worst state, links merged per switch', () => {
    const v = buildView(nodes, links, true);
    const clusters = v.nodes.filter((n) => n.kind === 'CLUSTER');
    expect(clusters.map((c) => [c.id, c.name, c.state, c.cluster?.members])).toEqual([
      ['cluster/eslag-1', '2 servers', 'DRIFT', ['server/s1', 'server/s2']],
      ['cluster/leaf-03', '1 server', 'PENDING', ['server/s3']],
      ['cluster/unattached', '1 server', 'IN_SYNC', ['server/s4']],
    ]);
    expect(v.nodes.some((n) => n.kind === 'SERVER')).toBe(false);
    const merged = v.links.find((l) => l.id === 'merged/switch/leaf-01|cluster/eslag-1');
    expect(merged?.members).toEqual(['c1/0', 'c2/0']);
    expect(v.links.find((l) => l.id === 'merged/switch/leaf-02|cluster/eslag-1')?.state).toBe('CONFLICT');
    // links between switches stay one per physical link
    expect(v.links.filter((l) => l.id.startsWith('f1/'))).toHaveLength(2);
    expect(v.nodeOf.get('server/s2')).toBe('cluster/eslag-1');
    expect(v.linkOf.get('c1/1')).toBe('merged/switch/leaf-02|cluster/eslag-1');
  });

  it('draws the servers of an expanded group one by one', () => {
    const v = buildView(nodes, links, true, new Set(['eslag-1']));
    expect(v.nodes.map((n) => n.id)).toEqual(expect.arrayContaining(['server/s1', 'server/s2', 'cluster/leaf-03']));
    expect(v.nodes.some((n) => n.id === 'cluster/eslag-1')).toBe(false);
    expect(v.links.some((l) => l.id === 'c1/1')).toBe(true);
  });
});

describe('highlights', () => {
  it('maps topology ids onto what is drawn (a grouped server onto its group)', () => {
    const v = buildView(nodes, links, true);
    const h = toView(v, { nodes: ['server/s1', 'switch/leaf-01', 'nope'], links: ['c1/0', 'f2/0'] });
    expect([...h.nodes].sort()).toEqual(['cluster/eslag-1', 'switch/leaf-01']);
    expect([...h.links].sort()).toEqual(['f2/0', 'merged/switch/leaf-01|cluster/eslag-1']);
  });

  it('finds the nodes and links pending changes touch: by name, by connection, by switch port', () => {
    const ids = impactIds(
      { switches: ['leaf-03'], ports: [{ switch: 'leaf-02', port: 'E1/1' }, { switch: 'leaf-01', port: 'E1/49' }], servers: ['s2'], externals: ['internet'], gateways: [], connections: ['c3'] },
      nodes,
      links,
    );
    expect([...ids.nodes].sort()).toEqual(['external/internet', 'server/s2', 'switch/leaf-03']);
    // leaf-02 E1/1 is c1/1 (from side); leaf-01 E1/49 is the far side of f1/0
    expect([...ids.links].sort()).toEqual(['c1/1', 'c3/0', 'f1/0']);
  });
});

describe('ELK input of a large fabric', () => {
  it('keeps at most MAX_UP_EDGES upward edges per node', () => {
    const spines = Array.from({ length: 6 }, (_, i) => sw(`spine-${i}`, 'spine'));
    const leaf = sw('leaf-x', 'server-leaf');
    const ls = spines.map((s, i) => link(`f${i}`, 0, s.id, leaf.id, 'E1/1', `E1/${49 + i}`));
    const g = toElkGraph(buildView([...spines, leaf], ls, false));
    expect(g.edges).toHaveLength(MAX_UP_EDGES);
    expect(g.layoutOptions?.['elk.layered.layering.strategy']).toBe('LONGEST_PATH');
  });
});
