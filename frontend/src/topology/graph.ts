// Pure topology helpers: layers by role, state colours, server clusters for large fabrics and
// the highlight sets of a VPC or of pending changes. No React, no ELK (tested in graph.test.ts).
import type { TopologyNodeKind, TopologyState } from '../graphql/generated/graphql';

export interface TopoNode {
  id: string;
  kind: TopologyNodeKind;
  name: string;
  role?: string | null;
  groups: string[];
  redundancyGroup?: { type: string; group: string } | null;
  resourceId?: string | null;
  state: TopologyState;
}

export interface TopoLink {
  id: string;
  from: string;
  to: string;
  fromPort: string;
  toPort?: string | null;
  connection: string;
  kind: string;
  resourceId?: string | null;
  state: TopologyState;
}

export interface ImpactNames {
  switches: string[];
  ports: { switch: string; port: string }[];
  servers: string[];
  externals: string[];
  gateways: string[];
  connections: string[];
}

/** Worst first: the order the API documents for `TopologyState`. */
export const STATE_ORDER: TopologyState[] = ['ADMISSION_ERROR', 'CONFLICT', 'DRIFT', 'PENDING', 'IN_SYNC', 'UNKNOWN'];

export const STATE_COLORS: Record<TopologyState, string> = {
  ADMISSION_ERROR: '#c62828',
  CONFLICT: '#8e24aa',
  DRIFT: '#ef6c00',
  PENDING: '#1565c0',
  IN_SYNC: '#2e7d32',
  UNKNOWN: '#8a94a3',
};

export const STATE_TEXT: Record<TopologyState, string> = {
  ADMISSION_ERROR: 'admission error',
  CONFLICT: 'conflict',
  DRIFT: 'drift',
  PENDING: 'pending draft',
  IN_SYNC: 'in sync',
  UNKNOWN: 'unknown',
};

/** The colour of a state (unknown states grey). */
export function stateColor(state: string): string {
  return STATE_COLORS[state as TopologyState] ?? STATE_COLORS.UNKNOWN;
}

/** The worst of some states (`UNKNOWN` for none). */
export function worstState(states: Iterable<TopologyState>): TopologyState {
  let best = STATE_ORDER.length - 1;
  for (const s of states) {
    const i = STATE_ORDER.indexOf(s);
    if (i >= 0 && i < best) best = i;
  }
  return STATE_ORDER[best];
}

/** Layers from the top: externals and gateways at the edge, spines, leaves, servers. */
export const LAYER = { edge: 0, spine: 1, leaf: 2, server: 3 } as const;

/** The layer of a node by its kind and a switch's role. */
export function layerOf(node: Pick<TopoNode, 'kind' | 'role'>): number {
  switch (node.kind) {
    case 'EXTERNAL':
    case 'EXTERNAL_PEER':
    case 'GATEWAY':
      return LAYER.edge;
    case 'SWITCH':
      return node.role === 'spine' ? LAYER.spine : LAYER.leaf;
    default:
      return LAYER.server;
  }
}

/** Above this many nodes, servers are grouped per leaf group into one node per group. */
export const CLUSTER_THRESHOLD = 500;

export interface ViewNode {
  id: string;
  name: string;
  kind: TopologyNodeKind | 'CLUSTER';
  layer: number;
  state: TopologyState;
  role?: string | null;
  resourceId?: string | null;
  /** A cluster's key and the server ids it stands for. */
  cluster?: { key: string; members: string[] };
}

export interface ViewLink {
  id: string;
  from: string;
  to: string;
  state: TopologyState;
  title: string;
  resourceId?: string | null;
  /** The topology links drawn by this one (one, except towards a cluster). */
  members: string[];
}

export interface View {
  nodes: ViewNode[];
  links: ViewLink[];
  /** Topology node id → the view node drawing it (a cluster for a grouped server). */
  nodeOf: Map<string, string>;
  /** Topology link id → the view link drawing it. */
  linkOf: Map<string, string>;
  clustered: boolean;
}

/** A switch's group for clustering: its redundancy group, else its name. */
function switchGroup(n: TopoNode): string {
  return n.redundancyGroup?.group ?? n.name;
}

/**
 * The cluster key of every server: the sorted groups of the switches it links to (`eslag-1`,
 * `leaf-0001`, `leaf-01+leaf-07`), `unattached` for a server without links.
 */
export function serverClusters(nodes: TopoNode[], links: TopoLink[]): Map<string, string> {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const groups = new Map<string, Set<string>>();
  for (const l of links) {
    for (const [a, b] of [
      [l.from, l.to],
      [l.to, l.from],
    ]) {
      const server = byId.get(a);
      const sw = byId.get(b);
      if (server?.kind === 'SERVER' && sw?.kind === 'SWITCH') {
        const set = groups.get(a) ?? new Set<string>();
        set.add(switchGroup(sw));
        groups.set(a, set);
      }
    }
  }
  const out = new Map<string, string>();
  for (const n of nodes) {
    if (n.kind !== 'SERVER') continue;
    const g = groups.get(n.id);
    out.set(n.id, g ? [...g].sort().join('+') : 'unattached');
  }
  return out;
}

function linkTitle(l: TopoLink, nameOf: (id: string) => string): string {
  const far = l.toPort ? ` ${l.toPort}` : '';
  return `${nameOf(l.from)} ${l.fromPort} → ${nameOf(l.to)}${far} (${l.kind} ${l.connection}) — ${STATE_TEXT[l.state] ?? l.state}`;
}

/**
 * What is drawn: every node and link, or — when `cluster` — servers grouped per leaf group into
 * one node each ("24 servers"), except the groups in `expanded`; links towards a cluster are
 * merged per switch (their count in the title).
 */
export function buildView(nodes: TopoNode[], links: TopoLink[], cluster: boolean, expanded: ReadonlySet<string> = new Set()): View {
  const nodeOf = new Map<string, string>();
  const linkOf = new Map<string, string>();
  const out: ViewNode[] = [];
  const keys = cluster ? serverClusters(nodes, links) : new Map<string, string>();
  const clusters = new Map<string, TopoNode[]>();
  for (const n of nodes) {
    const key = keys.get(n.id);
    if (key !== undefined && !expanded.has(key)) {
      const members = clusters.get(key) ?? [];
      members.push(n);
      clusters.set(key, members);
      nodeOf.set(n.id, `cluster/${key}`);
      continue;
    }
    nodeOf.set(n.id, n.id);
    out.push({ id: n.id, name: n.name, kind: n.kind, layer: layerOf(n), state: n.state, role: n.role, resourceId: n.resourceId });
  }
  for (const [key, members] of [...clusters].sort(([a], [b]) => a.localeCompare(b))) {
    out.push({
      id: `cluster/${key}`,
      name: `${members.length} server${members.length === 1 ? '' : 's'}`,
      kind: 'CLUSTER',
      layer: LAYER.server,
      state: worstState(members.map((m) => m.state)),
      cluster: { key, members: members.map((m) => m.id) },
    });
  }
  const names = new Map(nodes.map((n) => [n.id, n.name]));
  const nameOf = (id: string) => names.get(id) ?? id;
  const outLinks: ViewLink[] = [];
  const merged = new Map<string, { from: string; to: string; members: TopoLink[] }>();
  for (const l of links) {
    const from = nodeOf.get(l.from) ?? l.from;
    const to = nodeOf.get(l.to) ?? l.to;
    if (from === l.from && to === l.to) {
      linkOf.set(l.id, l.id);
      outLinks.push({ id: l.id, from, to, state: l.state, title: linkTitle(l, nameOf), resourceId: l.resourceId, members: [l.id] });
      continue;
    }
    const id = `merged/${from}|${to}`;
    linkOf.set(l.id, id);
    const m = merged.get(id) ?? { from, to, members: [] };
    m.members.push(l);
    merged.set(id, m);
  }
  for (const [id, m] of merged) {
    outLinks.push({
      id,
      from: m.from,
      to: m.to,
      state: worstState(m.members.map((l) => l.state)),
      title: `${m.members.length} link${m.members.length === 1 ? '' : 's'} ${nameOf(m.from)} → ${m.to.replace(/^cluster\//, 'servers of ')}`,
      members: m.members.map((l) => l.id),
    });
  }
  return { nodes: out, links: outLinks, nodeOf, linkOf, clustered: clusters.size > 0 };
}

export interface Highlight {
  nodes: Set<string>;
  links: Set<string>;
}

/** Topology ids → the view ids drawing them. */
export function toView(view: View, ids: { nodes: Iterable<string>; links: Iterable<string> }): Highlight {
  const nodes = new Set<string>();
  const links = new Set<string>();
  for (const n of ids.nodes) {
    const v = view.nodeOf.get(n);
    if (v) nodes.add(v);
  }
  for (const l of ids.links) {
    const v = view.linkOf.get(l);
    if (v) links.add(v);
  }
  return { nodes, links };
}

/**
 * The topology nodes and links pending changes touch: the named switches, servers, externals
 * and gateways; the links of the named connections and those on a named switch port.
 */
export function impactIds(impact: ImpactNames, nodes: TopoNode[], links: TopoLink[]): { nodes: Set<string>; links: Set<string> } {
  const wanted = new Map<TopologyNodeKind, Set<string>>([
    ['SWITCH', new Set(impact.switches)],
    ['SERVER', new Set(impact.servers)],
    ['EXTERNAL', new Set(impact.externals)],
    ['GATEWAY', new Set(impact.gateways)],
  ]);
  const outNodes = new Set<string>();
  for (const n of nodes) if (wanted.get(n.kind)?.has(n.name)) outNodes.add(n.id);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const ports = new Set(impact.ports.map((p) => `${p.switch}\u0000${p.port}`));
  const connections = new Set(impact.connections);
  const onPort = (id: string, port: string | null | undefined) => {
    const n = byId.get(id);
    return !!port && n?.kind === 'SWITCH' && ports.has(`${n.name}\u0000${port}`);
  };
  const outLinks = new Set<string>();
  for (const l of links) {
    if (connections.has(l.connection) || onPort(l.from, l.fromPort) || onPort(l.to, l.toPort)) outLinks.add(l.id);
  }
  return { nodes: outNodes, links: outLinks };
}
