/* global document -- page.waitForFunction callbacks run in the browser */
// The demo's simulated cluster (issue 19), on an `hnp demo` of its own, as a new user finds it
// (the main server's demo fabric is changed by the other flows): the demo fabric is connected
// to the simulator and labelled so; its cluster status is unknown until the first read; Test
// connection reports the server version and the CRDs; Read Cluster finds the field edited by
// kubectl-edit (drift, reachable from the indicator) and the VPC only in the cluster; the
// connection form checks its fields and saves without ever showing the stored token.
import { join } from 'node:path';
import { makeHelpers } from '../helpers.mjs';

export default async function clusterFlow(t) {
  const { step, assert, context, artifacts } = t;
  const demo = await t.freshDemo();
  const tab = await context.browser().newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await tab.newPage();
  page.setDefaultTimeout(30_000);
  const shot = (name) => page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
  const { login, openFabric, runOperation } = makeHelpers({ ...t, page, base: demo.base, shot });
  const server = { password: demo.password };
  const card = () => page.getByTestId('cluster-card');
  const clusterState = () => page.getByTestId('status-cluster').getAttribute('data-state');
  let failed = true;
  let writeBack = null;
  try {
    await step('cluster: the demo fabric is connected to a simulated cluster, unknown before any read', async () => {
      await login('admin', server.password);
      await openFabric('demo');
      assert((await clusterState()) === 'unknown', `cluster status before a read: ${await clusterState()}`);
      const text = await page.getByTestId('status-cluster').innerText();
      assert(text.includes('unknown'), `cluster indicator: ${text}`);
      await card().getByTestId('cluster-simulated').filter({ hasText: 'Simulated cluster' }).waitFor();
      const where = await page.getByTestId('cluster-server').innerText();
      assert(/^https:\/\/127\.0\.0\.1:\d+ Simulated cluster$/.test(where.trim()), `cluster facts: ${where}`);
      const stored = await card().getByTestId('cluster-stored').innerText();
      assert(stored.includes('bearer token stored') && stored.includes('CA certificate'), `stored connection: ${stored}`);
      assert(!/hnp-sim-[0-9a-f]/.test(await page.content()), 'the token is never on the page');
      await shot('cluster-simulated');
    });

    await step('cluster: Test connection shows the server version and the installed CRDs', async () => {
      await card().getByRole('button', { name: 'Test connection' }).click();
      const result = card().getByTestId('cluster-test-result');
      await result.waitFor();
      const text = await result.innerText();
      assert((await result.getAttribute('data-ok')) === 'true', `test result: ${text}`);
      const m = text.match(/Kubernetes (v[\d.]+\S*) · (\d+) of (\d+) Hedgehog CRDs installed/);
      assert(m && m[2] === m[3] && Number(m[2]) > 10, `version and CRDs: ${text}`);
    });

    await step('cluster: Read Cluster finds 1 drifted resource (kubectl-edit) and 1 only in the cluster', async () => {
      const r = await runOperation('Read Cluster');
      assert(r.status === 'SUCCEEDED', `read: ${r.status} ${r.text}`);
      await page.locator('[data-testid="status-cluster"][data-state="drift"]').waitFor({ timeout: 15_000 });
      const link = page.getByTestId('status-cluster').getByRole('link');
      await link.filter({ hasText: '1 drifted · 1 only in cluster' }).waitFor({ timeout: 10_000 });
      await shot('cluster-read');
      await link.click();
      await page.getByRole('heading', { name: 'Resources' }).waitFor();
      const row = page.locator('tr[data-resource="VPC/demo-vpc-1"]');
      await row.waitFor();
      await page.getByText('1 resources').first().waitFor();
      await row.getByRole('link', { name: 'View' }).click();
      await page.getByRole('heading', { name: /^VPC demo-vpc-1/ }).waitFor();
      const drift = page.locator('table', { has: page.getByText('spec.subnets.default.vlan') });
      await drift.waitFor();
      const cells = await drift.locator('tr', { hasText: 'spec.subnets.default.vlan' }).innerText();
      assert(cells.includes('1101') && cells.includes('1111'), `drift row: ${cells}`);
      assert(cells.includes('kubectl-edit (Update)'), `the drift names the field manager: ${cells}`);
      await page.getByTestId('actual-yaml').filter({ hasText: 'vlan: 1111' }).waitFor();
      await page.goto(`${new URL(page.url()).origin}/resources?q=vpc-manual`);
      const orphan = page.locator('tr[data-resource="VPC/vpc-manual"]');
      await orphan.waitFor();
      await orphan.locator('[data-value="ACTUAL_ONLY"]').waitFor();
    });

    await step('cluster: the connection form names the field at fault and saves without a token shown', async () => {
      await openFabric('demo');
      await card().getByRole('button', { name: 'Change connection' }).click();
      const form = card().getByTestId('cluster-form');
      await form.waitFor();
      const url = form.getByLabel('API server URL', { exact: true });
      const stored = await url.inputValue();
      assert(/^https:\/\/127\.0\.0\.1:\d+$/.test(stored), `API server prefilled: ${stored}`);
      const token = form.getByLabel('Token', { exact: true });
      assert((await token.inputValue()) === '', 'the token field is empty');
      assert((await token.getAttribute('placeholder')).includes('stored'), 'the token is said to be stored');
      await url.fill('https://127.0.0.2:6443');
      await form.getByRole('button', { name: 'Save connection' }).click();
      await form.getByTestId('cluster-form-error').filter({ hasText: 'Token' }).waitFor();
      await url.fill('');
      await form.getByRole('button', { name: 'Save connection' }).click();
      await form.getByTestId('cluster-form-error').filter({ hasText: 'API server URL' }).waitFor();
      await form.getByLabel('a kubeconfig', { exact: true }).check();
      await form.getByLabel('Kubeconfig', { exact: true }).fill('not: a kubeconfig');
      await form.getByRole('button', { name: 'Save connection' }).click();
      await form.getByTestId('cluster-form-error').filter({ hasText: 'Kubeconfig' }).waitFor();
      await form.getByLabel('API server URL and token', { exact: true }).check();
      await form.getByLabel('API server URL', { exact: true }).fill(stored);
      await form.getByRole('button', { name: 'Save connection' }).click();
      await card().getByText('Cluster connection saved.').waitFor();
      await form.waitFor({ state: 'detached' });
      await card().getByTestId('cluster-simulated').waitFor();
      await card().getByRole('button', { name: 'Test connection' }).click();
      await card().locator('[data-testid="cluster-test-result"][data-ok="true"]').waitFor();
    });
    await step('drift: an ignore rule on the fabric page hides the drifted VLAN, is listed with what it hides, and is removed', async () => {
      await openFabric('demo');
      const rules = page.getByTestId('drift-ignore-rules');
      await rules.getByText('No rules').waitFor();
      await rules.getByLabel('Rule kind').selectOption('VPC');
      await rules.getByLabel('Rule path').fill('spec.subnets');
      await rules.getByLabel('Rule reason').fill('');
      await rules.getByRole('button', { name: 'Ignore' }).click();
      await rules.locator('[data-field="reason"]').waitFor();
      await rules.getByLabel('Rule path').fill('spec.subnets.*.vlan');
      await rules.getByLabel('Rule reason').fill('VLANs are renumbered by the NOC');
      await rules.getByRole('button', { name: 'Ignore' }).click();
      const row = rules.locator('tr[data-rule="VPC:spec.subnets.*.vlan"]');
      await row.waitFor();
      await row.getByTestId('rule-hides').filter({ hasText: /^1$/ }).waitFor();
      const text = await row.innerText();
      assert(text.includes('VLANs are renumbered by the NOC') && text.includes('admin'), `rule row: ${text}`);
      await page.waitForFunction(() => {
        const status = document.querySelector('[data-testid="status-cluster"]');
        return status && !status.textContent.includes('1 drifted');
      });
      await shot('drift-ignore-rule');
      await row.getByRole('button', { name: 'Remove rule VPC spec.subnets.*.vlan' }).click();
      await row.waitFor({ state: 'detached' });
      await rules.getByText('No rules').waitFor();
      await page.getByTestId('status-cluster').filter({ hasText: '1 drifted' }).waitFor();
    });
    await step('drift: Keep Git marks the drifted path with who decided; it still counts as drift', async () => {
      const origin = new URL(page.url()).origin;
      await page.goto(`${origin}/resources?q=demo-vpc-1`);
      await page.locator('tr[data-resource="VPC/demo-vpc-1"]').getByRole('link', { name: 'View' }).click();
      await page.getByRole('heading', { name: /^VPC demo-vpc-1/ }).waitFor();
      const table = page.getByTestId('drift-table');
      await table.getByRole('button', { name: 'Keep Git spec.subnets.default.vlan' }).click();
      await page.getByTestId('save-notice').filter({ hasText: 'Keeping Git for spec.subnets.default.vlan' }).waitFor();
      const kept = table.locator('tr[data-drift-path="spec.subnets.default.vlan"]').getByTestId('kept-git');
      await kept.waitFor();
      const text = await kept.innerText();
      assert(text.includes('Git kept by admin') && text.includes('re-apply'), `kept: ${text}`);
      assert((await table.getByRole('button', { name: /^Keep Git/ }).count()) === 0, 'no Keep Git button once kept');
    });
    await step('drift: Adopt takes the cluster value at one path into the draft; the orphan is adopted into Git; the review shows both', async () => {
      const origin = new URL(page.url()).origin;
      await page.goto(`${origin}/resources?q=demo-vpc-1`);
      await page.locator('tr[data-resource="VPC/demo-vpc-1"]').getByRole('link', { name: 'View' }).click();
      await page.getByRole('heading', { name: /^VPC demo-vpc-1/ }).waitFor();
      const table = page.getByTestId('drift-table');
      await table.locator('tr[data-drift-path="spec.subnets.default.vlan"]').waitFor();
      await table.getByRole('button', { name: 'Adopt spec.subnets.default.vlan' }).click();
      await page.getByTestId('save-notice').filter({ hasText: 'Adopted from the cluster' }).waitFor();
      await page.getByTestId('draft-yaml').filter({ hasText: 'vlan: 1111' }).waitFor();
      await page.goto(`${origin}/resources?q=vpc-manual`);
      await page.locator('tr[data-resource="VPC/vpc-manual"]').getByRole('link', { name: 'View' }).click();
      await page.getByRole('heading', { name: /^VPC vpc-manual/ }).waitFor();
      await page.getByTestId('adopt-orphan').getByRole('button', { name: 'Adopt into Git' }).click();
      await page.getByTestId('save-notice').filter({ hasText: 'new resource draft' }).waitFor();
      await shot('drift-adopted');
      await openFabric('demo');
      const r = await runOperation('Sync to Git');
      assert(r.status === 'SUCCEEDED', `write-back: ${r.status} ${r.text}`);
      const byPath = Object.fromEntries(r.preview.files.map((f) => [f.path, f.diff]));
      const vlan = Object.entries(byPath).find(([, d]) => d.includes('+      vlan: 1111'));
      assert(vlan && vlan[1].includes('-      vlan: 1101'), `the VLAN line changes: ${JSON.stringify(byPath)}`);
      const created = Object.entries(byPath).find(([p]) => p.includes('vpc-manual'));
      assert(created, `a file for the orphan: ${Object.keys(byPath).join(', ')}`);
      assert(!created[1].includes('vlanNamespace') && !created[1].includes('gateway'), `no webhook defaults in Git: ${created[1]}`);
      writeBack = r.operationId;
    });
    await step('convergence: the write-back goes committed → in cluster → on switches as the simulated fabric applies it', async () => {
      assert(writeBack, 'the write-back operation id');
      const origin = new URL(page.url()).origin;
      const stepDone = (key) => page.locator(`[data-testid="operation-convergence"] li[data-step="${key}"][data-done="true"]`);
      // The simulator applies Git every 10 s and its Agents apply 10 s later: read until both show.
      const deadline = Date.now() + 60_000;
      let applied = false;
      while (!applied && Date.now() < deadline) {
        await page.waitForTimeout(5_000);
        await openFabric('demo');
        const r = await runOperation('Read Cluster');
        assert(r.status === 'SUCCEEDED', `read: ${r.status} ${r.text}`);
        await page.goto(`${origin}/operations/${writeBack}`);
        await page.getByTestId('operation-convergence').waitFor();
        applied = (await stepDone('applied').count()) > 0;
      }
      assert(applied, `not converged: ${await page.getByTestId('operation-convergence').innerText()}`);
      await stepDone('committed').waitFor();
      await stepDone('in_cluster').waitFor();
      const text = await page.getByTestId('operation-convergence').innerText();
      // The demo fabric has no wiring: its VPCs reach no switch (demo-topology's do; see the
      // Rust demo test for a rollout through the Agents).
      assert(/applied it|no switch affected/.test(text), `convergence: ${text}`);
      await shot('operation-convergence');
    });
    await step('convergence: after a read of demo-topology, a switch page says its agent APPLIED the current generation', async () => {
      await openFabric('demo-topology');
      const r = await runOperation('Read Cluster');
      assert(r.status === 'SUCCEEDED', `read: ${r.status} ${r.text}`);
      const origin = new URL(page.url()).origin;
      await page.goto(`${origin}/resources?kind=Switch&q=leaf-01`);
      await page.locator('tr[data-resource="Switch/leaf-01"]').getByRole('link', { name: 'View' }).click();
      const agent = page.getByTestId('agent-state');
      await agent.waitFor();
      assert((await agent.getAttribute('data-state')) === 'APPLIED', `agent: ${await agent.innerText()}`);
      const text = await agent.innerText();
      assert(/applied generation (\d+) of \1/.test(text), `generations: ${text}`);
    });
    failed = false;
  } finally {
    await tab.close().catch(() => {});
    demo.stop(failed);
  }
}
