// The drawing: plain SVG, one memoized element per node and link. Zoom and pan change the
// transform of one <g> through a ref, so panning never re-renders React.
import { memo, useCallback, useEffect, useImperativeHandle, useRef, type Ref } from 'react';
import { stateColor, STATE_TEXT, type Highlight, type ViewLink, type ViewNode } from './graph';
import type { Box, Layout } from './layout';

export interface CanvasHandle {
  zoomBy: (factor: number) => void;
  fit: () => void;
}

interface Props {
  nodes: ViewNode[];
  links: ViewLink[];
  layout: Layout;
  /** Highlighted (VPC or pending changes); with `dimOthers`, everything else fades. */
  highlight: Highlight | null;
  dimOthers: boolean;
  pending: Highlight | null;
  onNode: (n: ViewNode) => void;
  onLink: (l: ViewLink) => void;
  handle?: Ref<CanvasHandle>;
  /** Called once the drawing is on screen (after the first paint of this layout). */
  onDrawn?: () => void;
}

interface Transform {
  x: number;
  y: number;
  k: number;
}

const KIND_TEXT: Record<string, string> = {
  SWITCH: 'switch',
  SERVER: 'server',
  GATEWAY: 'gateway',
  EXTERNAL: 'external',
  EXTERNAL_PEER: 'external peer',
  CLUSTER: 'server group',
};

function nodeTitle(n: ViewNode): string {
  const role = n.role ? ` (${n.role})` : '';
  const what = n.cluster ? `${n.name} on ${n.cluster.key.replace(/\+/g, ', ')} — click to expand` : `${KIND_TEXT[n.kind] ?? n.kind} ${n.name}${role}`;
  return `${what} — ${STATE_TEXT[n.state] ?? n.state}${n.resourceId ? ` — resource ${n.resourceId}` : ''}`;
}

const NodeView = memo(function NodeView({
  node,
  box,
  hl,
  dim,
  pending,
  onNode,
}: {
  node: ViewNode;
  box: Box;
  hl: boolean;
  dim: boolean;
  pending: boolean;
  onNode: (n: ViewNode) => void;
}) {
  const color = stateColor(node.state);
  const cluster = !!node.cluster;
  const actionable = cluster || !!node.resourceId;
  const label = cluster ? `${node.name} on ${node.cluster!.key}` : node.name;
  return (
    <g
      className={`topo-node kind-${node.kind.toLowerCase()}${hl ? ' hl' : ''}${dim ? ' dim' : ''}${pending ? ' pending' : ''}`}
      transform={`translate(${box.x},${box.y})`}
      data-node-id={node.id}
      data-name={node.name}
      data-state={node.state}
      data-highlight={hl ? 'true' : 'false'}
      data-pending={pending ? 'true' : 'false'}
      role={actionable ? (cluster ? 'button' : 'link') : 'img'}
      aria-label={label}
      aria-expanded={cluster ? false : undefined}
      tabIndex={actionable ? 0 : undefined}
      onClick={actionable ? () => onNode(node) : undefined}
      onKeyDown={
        actionable
          ? (e) => {
              if (e.key === 'Enter' || e.key === ' ') {
                e.preventDefault();
                onNode(node);
              }
            }
          : undefined
      }
    >
      <title>{nodeTitle(node)}</title>
      {pending && <rect className="pending-ring" x={-5} y={-5} width={box.width + 10} height={box.height + 10} rx={10} />}
      <rect
        width={box.width}
        height={box.height}
        rx={node.kind === 'SERVER' || cluster ? 4 : 8}
        fill={cluster ? '#fff' : `${color}22`}
        stroke={color}
        strokeWidth={hl ? 4 : 2}
        strokeDasharray={cluster ? '5 3' : undefined}
      />
      <text x={box.width / 2} y={box.height / 2} dy="0.35em" textAnchor="middle">
        {node.name}
      </text>
    </g>
  );
});

const LinkView = memo(function LinkView({
  link,
  x1,
  y1,
  x2,
  y2,
  curve,
  hl,
  dim,
  pending,
  onLink,
}: {
  link: ViewLink;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  curve: number;
  hl: boolean;
  dim: boolean;
  pending: boolean;
  onLink: (l: ViewLink) => void;
}) {
  const d = curve ? `M${x1},${y1} Q${(x1 + x2) / 2},${(y1 + y2) / 2 + curve} ${x2},${y2}` : `M${x1},${y1} L${x2},${y2}`;
  const width = (hl ? 4 : 1.6) + (link.members.length > 1 ? Math.min(4, Math.log2(link.members.length)) : 0);
  return (
    <g
      className={`topo-link${hl ? ' hl' : ''}${dim ? ' dim' : ''}${pending ? ' pending' : ''}`}
      data-link-id={link.id}
      data-state={link.state}
      data-highlight={hl ? 'true' : 'false'}
      data-pending={pending ? 'true' : 'false'}
      onClick={link.resourceId ? () => onLink(link) : undefined}
    >
      <title>{link.title}</title>
      {pending && <path d={d} className="pending-halo" />}
      <path d={d} fill="none" stroke={stateColor(link.state)} strokeWidth={width} />
      <path d={d} className="hit" />
    </g>
  );
});

/** Link end points: parallel links between the same pair spread apart; links in a layer arc. */
function linkGeometry(links: ViewLink[], boxes: Map<string, Box>) {
  const groups = new Map<string, ViewLink[]>();
  for (const l of links) {
    const key = l.from < l.to ? `${l.from}|${l.to}` : `${l.to}|${l.from}`;
    const g = groups.get(key) ?? [];
    g.push(l);
    groups.set(key, g);
  }
  const out: { link: ViewLink; x1: number; y1: number; x2: number; y2: number; curve: number }[] = [];
  for (const g of groups.values()) {
    g.forEach((l, i) => {
      const a = boxes.get(l.from);
      const b = boxes.get(l.to);
      if (!a || !b) return;
      const spread = (i - (g.length - 1) / 2) * 7;
      const sameRow = Math.abs(a.y - b.y) < 1;
      if (sameRow) {
        const y = a.y + a.height;
        out.push({ link: l, x1: a.x + a.width / 2 + spread, y1: y, x2: b.x + b.width / 2 + spread, y2: b.y + b.height, curve: 40 + Math.abs(spread) * 2 });
        return;
      }
      const [top, bottom] = a.y < b.y ? [a, b] : [b, a];
      const down = a.y < b.y;
      const p1 = { x: top.x + top.width / 2 + spread, y: top.y + top.height };
      const p2 = { x: bottom.x + bottom.width / 2 + spread, y: bottom.y };
      const [s, e] = down ? [p1, p2] : [p2, p1];
      out.push({ link: l, x1: s.x, y1: s.y, x2: e.x, y2: e.y, curve: 0 });
    });
  }
  return out;
}

export const TopologyCanvas = memo(function TopologyCanvas({ nodes, links, layout, highlight, dimOthers, pending, onNode, onLink, handle, onDrawn }: Props) {
  const svgRef = useRef<SVGSVGElement>(null);
  const viewportRef = useRef<SVGGElement>(null);
  const t = useRef<Transform>({ x: 0, y: 0, k: 1 });
  const drag = useRef<{ x: number; y: number; moved: boolean; id: number } | null>(null);
  const suppressClick = useRef(false);

  const apply = useCallback(() => {
    const { x, y, k } = t.current;
    viewportRef.current?.setAttribute('transform', `translate(${x},${y}) scale(${k})`);
    svgRef.current?.setAttribute('data-zoom', k.toFixed(3));
  }, []);

  const fit = useCallback(() => {
    const svg = svgRef.current;
    if (!svg) return;
    const w = svg.clientWidth || 800;
    const h = svg.clientHeight || 600;
    const pad = 24;
    const k = Math.min(1.5, (w - 2 * pad) / Math.max(layout.width, 1), (h - 2 * pad) / Math.max(layout.height, 1));
    t.current = { k, x: (w - layout.width * k) / 2, y: pad + Math.max(0, (h - 2 * pad - layout.height * k) / 2) };
    apply();
  }, [layout, apply]);

  const zoomAt = useCallback(
    (factor: number, cx: number, cy: number) => {
      const { x, y, k } = t.current;
      const nk = Math.min(8, Math.max(0.02, k * factor));
      const f = nk / k;
      t.current = { k: nk, x: cx - (cx - x) * f, y: cy - (cy - y) * f };
      apply();
    },
    [apply],
  );

  useImperativeHandle(
    handle,
    () => ({
      zoomBy: (factor: number) => {
        const svg = svgRef.current;
        zoomAt(factor, (svg?.clientWidth ?? 800) / 2, (svg?.clientHeight ?? 600) / 2);
      },
      fit,
    }),
    [zoomAt, fit],
  );

  useEffect(() => {
    fit();
    const id = requestAnimationFrame(() => onDrawn?.());
    return () => cancelAnimationFrame(id);
  }, [fit, onDrawn]);

  // Wheel zoom needs a non-passive listener to keep the page from scrolling.
  useEffect(() => {
    const svg = svgRef.current;
    if (!svg) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const r = svg.getBoundingClientRect();
      zoomAt(Math.exp(-e.deltaY * 0.0015), e.clientX - r.left, e.clientY - r.top);
    };
    svg.addEventListener('wheel', onWheel, { passive: false });
    return () => svg.removeEventListener('wheel', onWheel);
  }, [zoomAt]);

  const geometry = linkGeometry(links, layout.boxes);
  // Clicks that end a drag do not open anything.
  const guardedNode = useCallback((n: ViewNode) => !suppressClick.current && onNode(n), [onNode]);
  const guardedLink = useCallback((l: ViewLink) => !suppressClick.current && onLink(l), [onLink]);
  const hlOn = !!highlight;

  return (
    <svg
      ref={svgRef}
      className="topology-svg"
      data-testid="topology-svg"
      data-nodes={nodes.length}
      data-links={links.length}
      role="group"
      aria-label="Fabric topology"
      onPointerDown={(e) => {
        if (e.button !== 0) return;
        drag.current = { x: e.clientX, y: e.clientY, moved: false, id: e.pointerId };
        suppressClick.current = false;
      }}
      onPointerMove={(e) => {
        const d = drag.current;
        if (!d) return;
        const dx = e.clientX - d.x;
        const dy = e.clientY - d.y;
        if (!d.moved && Math.abs(dx) + Math.abs(dy) < 4) return;
        if (!d.moved) svgRef.current?.setPointerCapture(d.id);
        d.moved = true;
        t.current = { ...t.current, x: t.current.x + dx, y: t.current.y + dy };
        d.x = e.clientX;
        d.y = e.clientY;
        apply();
      }}
      onPointerUp={() => {
        suppressClick.current = !!drag.current?.moved;
        drag.current = null;
      }}
    >
      <g ref={viewportRef}>
        <g className="links">
          {geometry.map((g) => (
            <LinkView
              key={g.link.id}
              {...g}
              hl={!!highlight?.links.has(g.link.id)}
              dim={hlOn && dimOthers && !highlight!.links.has(g.link.id)}
              pending={!!pending?.links.has(g.link.id)}
              onLink={guardedLink}
            />
          ))}
        </g>
        <g className="nodes">
          {nodes.map((n) => {
            const box = layout.boxes.get(n.id);
            if (!box) return null;
            return (
              <NodeView
                key={n.id}
                node={n}
                box={box}
                hl={!!highlight?.nodes.has(n.id)}
                dim={hlOn && dimOthers && !highlight!.nodes.has(n.id)}
                pending={!!pending?.nodes.has(n.id)}
                onNode={guardedNode}
              />
            );
          })}
        </g>
      </g>
    </svg>
  );
});
