import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useQuery } from 'urql';
import { ErrorBox } from '../common/ErrorBox';
import { usePageTitle } from '../common/usePageTitle';
import { FabricTopologyQuery, TopologyHighlightQuery } from './operations';
import { buildView, CLUSTER_THRESHOLD, impactIds, STATE_COLORS, STATE_ORDER, STATE_TEXT, toView, type ViewLink, type ViewNode } from './graph';
import { layoutView, prepareLayout, type Layout } from './layout';
import { TopologyCanvas, type CanvasHandle } from './TopologyCanvas';
import './topology.css';

const EMPTY = new Set<string>();

/**
 * `/fabrics/:id/topology`: the fabric as it will be, laid out by ELK (layered, in a Web Worker)
 * by role — externals and gateways at the top edge, spines, leaves, servers — every node and link
 * coloured by its state. A VPC selector highlights the VPC's servers, switches and links; the
 * pending changes' impact can be highlighted. Above 500 nodes, servers are grouped per leaf group.
 */
export default function TopologyPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  // Loads ELK's worker while the topology is fetched.
  useEffect(prepareLayout, []);
  const [{ data, error, fetching }] = useQuery({ query: FabricTopologyQuery, variables: { id }, requestPolicy: 'cache-and-network' });
  const fabric = data?.fabric;
  usePageTitle(fabric ? `Topology of ${fabric.name}` : 'Topology');

  const [vpc, setVpc] = useState('');
  const [showPending, setShowPending] = useState(false);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(EMPTY);
  const [groupServers, setGroupServers] = useState<boolean | null>(null);
  const [hl] = useQuery({
    query: TopologyHighlightQuery,
    variables: { id, vpc: vpc || null, withVpc: !!vpc, withImpact: showPending },
    pause: !vpc && !showPending,
    requestPolicy: 'cache-and-network',
  });

  const topo = fabric?.topology;
  const large = (topo?.nodes.length ?? 0) > CLUSTER_THRESHOLD;
  const cluster = groupServers ?? large;
  const view = useMemo(() => (topo ? buildView(topo.nodes, topo.links, cluster, expanded) : null), [topo, cluster, expanded]);

  const [layout, setLayout] = useState<{ view: NonNullable<typeof view>; layout: Layout } | null>(null);
  const [layoutError, setLayoutError] = useState<string | null>(null);
  useEffect(() => {
    if (!view) return;
    let live = true;
    layoutView(view).then(
      (l) => live && setLayout({ view, layout: l }),
      (e: unknown) => live && setLayoutError(String(e)),
    );
    return () => {
      live = false;
    };
  }, [view]);

  const vpcHighlight = useMemo(() => {
    const v = hl.data?.fabric?.vpcTopology;
    if (!vpc || !v || !layout) return null;
    return toView(layout.view, { nodes: v.nodes.map((n) => n.id), links: v.links.map((l) => l.id) });
  }, [hl.data, vpc, layout]);
  const pendingHighlight = useMemo(() => {
    const impact = hl.data?.fabric?.pendingChanges?.impact;
    if (!showPending || !impact || !topo || !layout) return null;
    return toView(layout.view, impactIds(impact, topo.nodes, topo.links));
  }, [hl.data, showPending, topo, layout]);

  const onNode = useCallback(
    (n: ViewNode) => {
      if (n.cluster) {
        const key = n.cluster.key;
        setExpanded((s) => new Set([...s, key]));
      } else if (n.resourceId) {
        navigate(`/resources/${n.resourceId}`);
      }
    },
    [navigate],
  );
  const onLink = useCallback((l: ViewLink) => l.resourceId && navigate(`/resources/${l.resourceId}`), [navigate]);
  const canvas = useRef<CanvasHandle>(null);
  const [drawnMs, setDrawnMs] = useState<number | null>(null);
  const onDrawn = useCallback(() => setDrawnMs((ms) => ms ?? Math.round(performance.now())), []);

  if (fetching && !data) return <p data-testid="topology-loading">Loading…</p>;
  if (!fabric || !topo) {
    return (
      <section>
        <ErrorBox error={error} />
        {!error && <p>Fabric not found.</p>}
      </section>
    );
  }
  const vpcs = data?.vpcs;
  const impact = hl.data?.fabric?.pendingChanges?.impact;
  const current = layout && layout.view === view ? layout : null;

  return (
    <section className="topology-page">
      <p className="crumbs">
        <Link to="/fabrics">Fabrics</Link> / <Link to={`/fabrics/${fabric.id}`}>{fabric.name}</Link> / Topology
      </p>
      <h1>Topology</h1>
      <ErrorBox error={error} />
      <ErrorBox error={hl.error} title="Highlight" />
      {layoutError && <p className="error">Layout failed: {layoutError}</p>}
      <div className="topology-toolbar">
        <label>
          VPC{' '}
          <select data-testid="vpc-select" value={vpc} onChange={(e) => setVpc(e.target.value)}>
            <option value="">(none)</option>
            {vpcs?.nodes.map((v) => (
              <option key={v.id} value={v.name}>
                {v.name}
              </option>
            ))}
          </select>
        </label>
        {vpcs && vpcs.totalCount > vpcs.nodes.length && (
          <span className="muted">
            first {vpcs.nodes.length} of {vpcs.totalCount} VPCs
          </span>
        )}
        <label>
          <input type="checkbox" checked={showPending} onChange={(e) => setShowPending(e.target.checked)} /> Highlight pending changes
        </label>
        <label title={`Grouped by default above ${CLUSTER_THRESHOLD} nodes`}>
          <input
            type="checkbox"
            checked={cluster}
            onChange={(e) => {
              setGroupServers(e.target.checked);
              setExpanded(EMPTY);
            }}
          />{' '}
          Group servers per leaf
        </label>
        {cluster && expanded.size > 0 && (
          <button type="button" onClick={() => setExpanded(EMPTY)}>
            Collapse groups
          </button>
        )}
        <span className="zoom-buttons">
          <button type="button" aria-label="Zoom in" onClick={() => canvas.current?.zoomBy(1.25)}>
            +
          </button>
          <button type="button" aria-label="Zoom out" onClick={() => canvas.current?.zoomBy(0.8)}>
            −
          </button>
          <button type="button" onClick={() => canvas.current?.fit()}>
            Fit
          </button>
        </span>
      </div>
      <p className="muted topology-summary" data-testid="topology-summary">
        {topo.nodes.length} nodes, {topo.links.length} links
        {view && view.clustered && ` (drawn as ${view.nodes.length} nodes, servers grouped)`}
        {vpc && vpcHighlight && ` — ${vpc}: ${vpcHighlight.nodes.size} nodes, ${vpcHighlight.links.size} links highlighted`}
        {showPending && impact && (
          <>
            {' — pending: '}
            <Link to={`/fabrics/${fabric.id}/pending`}>
              {impact.switches.length} switches, {impact.ports.length} ports, {impact.servers.length} servers, {impact.vpcs.length} VPCs
            </Link>
          </>
        )}
      </p>
      <ul className="topology-legend" aria-label="Legend" data-testid="topology-legend">
        {STATE_ORDER.map((s) => (
          <li key={s} data-state={s}>
            <span className="swatch" style={{ background: STATE_COLORS[s] }} /> {STATE_TEXT[s]}
          </li>
        ))}
        <li>
          <span className="swatch hl" /> highlighted
        </li>
        <li>
          <span className="swatch pending-swatch" /> pending change
        </li>
        <li>
          <span className="swatch cluster-swatch" /> server group (click to expand)
        </li>
      </ul>
      <div className="topology-frame" data-testid="topology" data-ready={current ? 'true' : 'false'} data-drawn-ms={drawnMs ?? ''}>
        {current ? (
          <TopologyCanvas
            handle={canvas}
            nodes={current.view.nodes}
            links={current.view.links}
            layout={current.layout}
            highlight={vpcHighlight}
            dimOthers
            pending={pendingHighlight}
            onNode={onNode}
            onLink={onLink}
            onDrawn={onDrawn}
          />
        ) : (
          <p className="muted" data-testid="topology-layout">
            Laying out {view?.nodes.length ?? 0} nodes…
          </p>
        )}
      </div>
    </section>
  );
}
