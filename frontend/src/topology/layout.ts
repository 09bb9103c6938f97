// ELK layered layout of a topology view, computed in a Web Worker (elkjs' own elk-worker).
// The layers come from the roles (graph.ts layerOf) through ELK's partitioning; ELK orders the
// nodes within each layer to keep crossings low.
import type { ELK as ElkApi, ElkNode, ElkExtendedEdge } from 'elkjs/lib/elk-api';
import type { View } from './graph';

export const NODE_HEIGHT = 34;

/** A node's box: wide enough for its name. */
export function nodeSize(name: string, kind: string): { width: number; height: number } {
  const width = Math.max(kind === 'CLUSTER' ? 110 : 80, Math.round(name.length * 7.2) + 24);
  return { width, height: kind === 'CLUSTER' ? NODE_HEIGHT + 8 : NODE_HEIGHT };
}

export const LAYOUT_OPTIONS: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.partitioning.activate': 'true',
  'elk.separateConnectedComponents': 'false',
  'elk.layered.spacing.nodeNodeBetweenLayers': '90',
  'elk.spacing.nodeNode': '18',
  // The layers are fixed by the partitions: the cheap layering is enough (network simplex
  // costs seconds on a few hundred nodes).
  'elk.layered.layering.strategy': 'LONGEST_PATH',
  'elk.layered.crossingMinimization.strategy': 'LAYER_SWEEP',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.edgeRouting': 'POLYLINE',
};

/** Upward ELK edges kept per node: enough to order a layer under the one above it. */
export const MAX_UP_EDGES = 3;

/**
 * The ELK input: one child per view node, partitioned by its layer; one edge per pair of
 * nodes in different layers, pointing down (links inside a layer are drawn but do not shape
 * it), at most MAX_UP_EDGES per lower node (a leaf under 8 spines needs no 8 edges to be placed).
 */
export function toElkGraph(view: View): ElkNode {
  const layer = new Map(view.nodes.map((n) => [n.id, n.layer]));
  const children: ElkNode[] = view.nodes.map((n) => ({
    id: n.id,
    ...nodeSize(n.name, n.kind),
    layoutOptions: { 'elk.partitioning.partition': String(n.layer) },
  }));
  const seen = new Set<string>();
  const up = new Map<string, number>();
  const edges: ElkExtendedEdge[] = [];
  for (const l of view.links) {
    const a = layer.get(l.from);
    const b = layer.get(l.to);
    if (a === undefined || b === undefined || a === b) continue;
    const [src, dst] = a < b ? [l.from, l.to] : [l.to, l.from];
    const key = `${src}\u0000${dst}`;
    if (seen.has(key) || (up.get(dst) ?? 0) >= MAX_UP_EDGES) continue;
    seen.add(key);
    up.set(dst, (up.get(dst) ?? 0) + 1);
    edges.push({ id: `e${edges.length}`, sources: [src], targets: [dst] });
  }
  return { id: 'root', layoutOptions: LAYOUT_OPTIONS, children, edges };
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Layout {
  boxes: Map<string, Box>;
  width: number;
  height: number;
}

/** ELK's output as boxes by node id. */
export function fromElk(result: ElkNode): Layout {
  const boxes = new Map<string, Box>();
  for (const c of result.children ?? []) {
    boxes.set(c.id, { x: c.x ?? 0, y: c.y ?? 0, width: c.width ?? 0, height: c.height ?? 0 });
  }
  return { boxes, width: result.width ?? 0, height: result.height ?? 0 };
}

let elk: Promise<ElkApi> | null = null;

/** One ELK instance per page load, its work done in a Web Worker. */
export function prepareLayout(): void {
  void getElk();
}

function getElk(): Promise<ElkApi> {
  elk ??= Promise.all([import('elkjs/lib/elk-api.js'), import('elkjs/lib/elk-worker.min.js?url')]).then(([api, url]) => {
    const ELK = api.default;
    return new ELK({ workerUrl: url.default, workerFactory: (u?: string) => new Worker(u ?? url.default) });
  });
  return elk;
}

/** Lays the view out (in the worker). */
export async function layoutView(view: View): Promise<Layout> {
  const e = await getElk();
  return fromElk((await e.layout(toElkGraph(view))) as ElkNode);
}
