// Topology and pending changes on the seeded "demo-topology" fabric: every switch and server
// drawn by name (the names from the GraphQL topology), the VPC selector highlighting the
// servers its attachments reach, a click opening a node's resource page, and a VLAN change of a
// VPC saved in the editor showing up on the Pending changes page (diff and impact) and as
// highlighted pending changes on the topology.

const FABRIC = 'demo-topology';
const VPC = 'vpc-web';

export default async function topologyFlow(t) {
  const { page, step, assert, shot, base } = t;
  const { pageGql, openFabric, editVlan, changedLines } = t.h;

  const data = async () => {
    const r = await pageGql('{ fabrics { id name } }');
    const fabric = r.data.fabrics.find((f) => f.name === FABRIC);
    assert(fabric, `fabric ${FABRIC} seeded`);
    const q = await pageGql(
      `query($id: ID!) {
        fabric(id: $id) { topology { nodes { id kind name resourceId } links { id from to connection } } }
        attachments: resources(fabricId: $id, kind: "VPCAttachment", first: 500) { nodes { name desiredSpec } }
        vpcs: resources(fabricId: $id, kind: "VPC", first: 500) { nodes { id name desiredSpec } }
      }`,
      { id: fabric.id },
    );
    assert(!q.errors, `topology query: ${JSON.stringify(q.errors)}`);
    return { id: fabric.id, ...q.data };
  };
  const nodeEl = (id) => page.locator(`.topo-node[data-node-id="${id}"]`);

  async function openTopology() {
    await openFabric(FABRIC);
    await page.getByTestId('fabric-views').getByRole('link', { name: 'Topology' }).click();
    await page.getByRole('heading', { name: 'Topology', level: 1 }).waitFor();
    await page.locator('[data-testid="topology"][data-ready="true"]').waitFor();
  }

  let d;
  await step('the topology page draws every switch and server of demo-topology by name, coloured by state, with a legend', async () => {
    d = await data();
    await openTopology();
    const wanted = d.fabric.topology.nodes.filter((n) => n.kind === 'SWITCH' || n.kind === 'SERVER');
    assert(wanted.some((n) => n.kind === 'SWITCH') && wanted.some((n) => n.kind === 'SERVER'), 'switches and servers in the topology');
    for (const n of wanted) {
      const el = nodeEl(n.id);
      assert((await el.count()) === 1, `node ${n.id} drawn once`);
      assert((await el.locator('text').textContent()) === n.name, `${n.id} shows its name`);
      assert((await page.getByTestId('topology-svg').getByRole('link', { name: n.name, exact: true }).count()) === 1, `${n.name} found by its accessible name`);
      const color = await el.locator('rect').last().getAttribute('stroke');
      assert(color && color.startsWith('#'), `${n.id} coloured (${color})`);
    }
    const links = await page.locator('.topo-link').count();
    assert(links === d.fabric.topology.links.length, `one drawn link per topology link: ${links} vs ${d.fabric.topology.links.length}`);
    for (const s of ['ADMISSION_ERROR', 'CONFLICT', 'DRIFT', 'PENDING', 'IN_SYNC', 'UNKNOWN']) {
      await page.getByTestId('topology-legend').locator(`[data-state="${s}"]`).waitFor();
    }
    await shot('topology');
  });

  /** The servers a VPC's attachments reach: attachment → connection → the topology links' server ends. */
  const serversOf = (vpc) => {
    const connections = new Set(d.attachments.nodes.filter((a) => String(a.desiredSpec?.subnet ?? '').startsWith(`${vpc}/`)).map((a) => a.desiredSpec.connection));
    const kind = new Map(d.fabric.topology.nodes.map((n) => [n.id, n.kind]));
    const servers = new Set();
    for (const l of d.fabric.topology.links) {
      if (!connections.has(l.connection)) continue;
      for (const end of [l.from, l.to]) if (kind.get(end) === 'SERVER') servers.add(end);
    }
    return servers;
  };

  await step('the VPC selector highlights the servers attached to the VPC and no other server', async () => {
    const expected = serversOf(VPC);
    assert(expected.size > 0, `${VPC} has attached servers`);
    await page.getByTestId('vpc-select').selectOption(VPC);
    await page.locator('.topo-node[data-highlight="true"]').first().waitFor();
    const highlighted = await page.locator('.topo-node[data-highlight="true"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-node-id')));
    const servers = highlighted.filter((id) => id.startsWith('server/')).sort();
    assert(JSON.stringify(servers) === JSON.stringify([...expected].sort()), `highlighted servers ${servers} = attached ${[...expected].sort()}`);
    const switches = highlighted.filter((id) => id.startsWith('switch/'));
    assert(switches.length > 0, 'the switches of the VPC highlighted too');
    assert((await page.locator('.topo-link[data-highlight="true"]').count()) > 0, 'links highlighted');
    await shot('topology-vpc');
    // another VPC moves the highlight
    const other = d.vpcs.nodes.find((v) => v.name !== VPC && serversOf(v.name).size > 0);
    await page.getByTestId('vpc-select').selectOption(other.name);
    const first = [...serversOf(other.name)][0];
    await page.locator(`.topo-node[data-node-id="${first}"][data-highlight="true"]`).waitFor();
    for (const id of expected) {
      if (!serversOf(other.name).has(id)) assert((await nodeEl(id).getAttribute('data-highlight')) === 'false', `${id} no longer highlighted`);
    }
  });

  await step('clicking a node opens its resource page', async () => {
    const server = d.fabric.topology.nodes.find((n) => n.kind === 'SERVER' && n.resourceId);
    await page.getByTestId('topology-svg').getByRole('link', { name: server.name, exact: true }).click();
    await page.getByRole('heading', { name: `Server ${server.name}` }).waitFor();
    assert(page.url().endsWith(`/resources/${server.resourceId}`), `on the resource page: ${page.url()}`);
  });

  await step('a VLAN change of a VPC saved in the editor shows on Pending changes: its diff and its impact', async () => {
    const vpc = d.vpcs.nodes.find((v) => v.name === VPC);
    const from = vpc.desiredSpec.subnets.default.vlan;
    const to = from + 7;
    await page.goto(`${base}/resources/${vpc.id}`);
    await page.getByTestId('draft-editor').locator('.cm-content').waitFor();
    await editVlan(from, to);
    await openFabric(FABRIC);
    await page.getByTestId('fabric-views').getByRole('link', { name: 'Pending changes' }).click();
    await page.getByRole('heading', { name: 'Pending changes', level: 1 }).waitFor();
    const card = page.locator(`[data-testid="pending-resource"][data-resource="VPC/${VPC}"]`);
    await card.waitFor();
    const diff = await card.locator('pre.unified-diff').innerText();
    const changed = changedLines(diff).map((l) => l.replace(/\s+/g, ' '));
    assert(changed.includes(`- vlan: ${from}`) && changed.includes(`+ vlan: ${to}`), `diff shows the VLAN change: ${changed}`);
    const api = await pageGql('query($id: ID!) { fabric(id: $id) { pendingChanges { impact { switches servers vpcs externals ports { switch port } } } } }', { id: d.id });
    const impact = api.data.fabric.pendingChanges.impact;
    assert(impact.vpcs.includes(VPC), `impact names ${VPC}: ${JSON.stringify(impact)}`);
    for (const [key, names] of [
      ['vpcs', impact.vpcs],
      ['servers', impact.servers],
      ['switches', impact.switches],
      ['externals', impact.externals],
      ['ports', impact.ports.map((p) => `${p.switch}/${p.port}`)],
    ]) {
      const shown = await page.getByTestId(`impact-${key}`).locator('li[data-name]').evaluateAll((els) => els.map((e) => e.getAttribute('data-name')));
      assert(JSON.stringify(shown.sort()) === JSON.stringify([...names].sort()), `impact ${key}: page ${shown} vs API ${names}`);
    }
    await shot('pending-changes');
  });

  await step('"Highlight pending changes" marks what the pending VLAN change touches on the topology', async () => {
    const api = await pageGql('query($id: ID!) { fabric(id: $id) { pendingChanges { impact { switches servers } } } }', { id: d.id });
    const { switches, servers } = api.data.fabric.pendingChanges.impact;
    assert(switches.length + servers.length > 0, 'the change touches switches or servers');
    await page.goto(`${base}/fabrics/${d.id}/topology`);
    await page.locator('[data-testid="topology"][data-ready="true"]').waitFor();
    await page.getByLabel('Highlight pending changes').check();
    await page.locator('.topo-node[data-pending="true"]').first().waitFor();
    const marked = await page.locator('.topo-node[data-pending="true"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-node-id')));
    const expected = [...switches.map((s) => `switch/${s}`), ...servers.map((s) => `server/${s}`)].sort();
    assert(JSON.stringify(marked.filter((m) => /^(switch|server)\//.test(m)).sort()) === JSON.stringify(expected), `pending marks ${marked} vs ${expected}`);
    await shot('topology-pending');
  });
}
