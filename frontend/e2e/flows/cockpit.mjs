/* global document -- page.evaluate callbacks run in the browser */
// Operations cockpit flows: the session cookie across tabs and deep links, resource references
// both ways and search in spec values, the operation detail page and the live Operations list,
// the audit log's server-side filters, before/after values and live refresh, and a fabric flag
// override cleared back to "inherit".

const ATTACHMENT = 'demo-vpc-1--server-1--mclag--s5248-01--s5248-02';

export default async function cockpitFlow(t) {
  const { page, context, step, assert, shot, base, server, bare, sh } = t;
  const { sessionCookie, pageGql, openAdmin } = t.h;

  /** The resource page of kind/name, found through the list's search. */
  async function resourceUrl(kind, name) {
    await page.goto(`${base}/resources?q=${encodeURIComponent(name)}`);
    const row = page.locator(`tr[data-resource="${kind}/${name}"]`);
    await row.waitFor();
    await row.getByRole('link', { name: 'View' }).click();
    await page.getByRole('heading', { name: `${kind} ${name}` }).waitFor();
    return page.url();
  }

  await step('the session is an HttpOnly SameSite=Strict cookie: nothing secret in storage or document.cookie', async () => {
    const cookie = await sessionCookie();
    assert(cookie, 'a session cookie');
    assert(cookie.httpOnly && cookie.sameSite === 'Strict' && cookie.path === '/', `cookie attributes: ${JSON.stringify({ ...cookie, value: '…' })}`);
    assert(!cookie.secure, 'not Secure over plain HTTP');
    const seen = await page.evaluate(() => ({ cookie: document.cookie, session: Object.keys(sessionStorage), local: Object.keys(localStorage) }));
    assert(!seen.cookie.includes('hnp_session'), `the page cannot read the cookie: ${seen.cookie}`);
    assert(seen.session.length === 0 && seen.local.length === 0, `no storage: ${JSON.stringify(seen)}`);
  });

  await step('a deep link opened in a new tab of the same browser shows the linked page without a new login', async () => {
    const url = await resourceUrl('VPC', 'demo-vpc-1');
    const tab = await context.newPage();
    try {
      await tab.goto(url);
      await tab.getByRole('heading', { name: 'VPC demo-vpc-1' }).waitFor();
      assert((await tab.getByRole('button', { name: 'Log in' }).count()) === 0, 'no login form in the new tab');
      assert(tab.url() === url, `the new tab stays on ${url}: ${tab.url()}`);
      await tab.getByTestId('current-user').filter({ hasText: 'admin' }).waitFor();
    } finally {
      await tab.close();
    }
  });

  await step('in a browser without the session, a deep link asks for a login and then shows the page asked for', async () => {
    const url = await resourceUrl('VPCAttachment', ATTACHMENT);
    const other = await context.browser().newContext({ viewport: { width: 1200, height: 900 } });
    try {
      const p = await other.newPage();
      await p.goto(url);
      await p.getByLabel('Username').fill('admin');
      await p.getByLabel('Password').fill(server.password);
      await p.getByRole('button', { name: 'Log in' }).click();
      await p.getByRole('heading', { name: `VPCAttachment ${ATTACHMENT}` }).waitFor();
      assert(p.url() === url, `landed on ${p.url()}, asked for ${url}`);
    } finally {
      await other.close();
    }
  });

  await step('references both ways: the attachment links its VPC (and names its missing Connection), the VPC lists the attachment', async () => {
    await resourceUrl('VPCAttachment', ATTACHMENT);
    const fabric = page.getByTestId('resource-fabric');
    assert((await fabric.innerText()) === 'demo', `fabric named: ${await fabric.innerText()}`);
    assert(/\/fabrics\/\d+$/.test(await fabric.getAttribute('href')), 'fabric linked');
    const refs = page.getByTestId('references');
    await refs.locator('[data-link="VPC/demo-vpc-1"]').getByText('spec.subnet').waitFor();
    const connection = refs.locator('[data-link="Connection/server-1--mclag--s5248-01--s5248-02"]');
    await connection.getByText('missing').waitFor();
    assert((await connection.getByRole('link').count()) === 0, 'a missing Connection is not linked');
    await shot('resource-references');
    await refs.getByRole('link', { name: 'demo-vpc-1' }).click();
    await page.getByRole('heading', { name: 'VPC demo-vpc-1' }).waitFor();
    const by = page.getByTestId('referenced-by');
    const back = by.locator(`[data-link="VPCAttachment/${ATTACHMENT}"]`);
    await back.getByText('spec.subnet').waitFor();
    assert((await by.locator('[data-link]').count()) === 1, 'one referrer of demo-vpc-1');
    await back.getByRole('link', { name: ATTACHMENT }).click();
    await page.getByRole('heading', { name: `VPCAttachment ${ATTACHMENT}` }).waitFor();
  });

  await step('a Connection references its server and switch; the switch and the attachment link back (demo-topology)', async () => {
    const name = 'server-03--unbundled--leaf-01';
    await resourceUrl('Connection', name);
    assert((await page.getByTestId('resource-fabric').innerText()) === 'demo-topology', 'the topology fabric');
    const refs = page.getByTestId('references');
    await refs.locator('[data-link="Server/server-03"]').getByText('spec.unbundled.link.server.port').waitFor();
    await refs.locator('[data-link="Switch/leaf-01"]').getByText('spec.unbundled.link.switch.port').waitFor();
    const by = page.getByTestId('referenced-by');
    await by.locator('[data-link="VPCAttachment/vpc-web--server-03"]').getByRole('link').waitFor();
    await shot('connection-references');
    await refs.getByRole('link', { name: 'leaf-01' }).click();
    await page.getByRole('heading', { name: 'Switch leaf-01' }).waitFor();
    await page.getByTestId('referenced-by').locator(`[data-link="Connection/${name}"]`).waitFor();
    const leafBy = await page.getByTestId('referenced-by').locator('[data-link]').evaluateAll((ls) => ls.map((l) => l.getAttribute('data-link')));
    assert(leafBy.includes(`Connection/${name}`), `leaf-01 referenced by: ${leafBy.join(', ')}`);
  });

  await step('search matches spec values (a subnet, a VLAN); the drift column is titled "Drift"', async () => {
    for (const q of ['10.10.102.0/24', '1102']) {
      await page.goto(`${base}/resources?q=${encodeURIComponent(q)}`);
      await page.locator('tr[data-resource="VPC/demo-vpc-2"]').waitFor();
      const rows = await page.locator('tr[data-resource]').evaluateAll((rs) => rs.map((r) => r.getAttribute('data-resource')));
      assert(rows.includes('VPC/demo-vpc-2') && !rows.includes('VPC/demo-vpc-1'), `search ${q}: ${rows.join(', ')}`);
    }
    const headers = await page.locator('table.resources th').allInnerTexts();
    assert(headers.includes('Drift') && !headers.includes('Sync Status'), `columns: ${headers.join(', ')}`);
  });

  await step('the operation detail page of a write-back: trigger, user, timings, files with diffs, the pushed commit', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Operations' }).click();
    await page.getByRole('heading', { name: 'Operations', level: 1 }).waitFor();
    const row = page
      .locator('tr[data-operation-id]')
      .filter({ hasText: 'GUI TO GIT' })
      .filter({ hasNotText: 'dry run' })
      .filter({ has: page.locator('.badge[data-value="SUCCEEDED"]') })
      .first();
    await row.waitFor();
    const id = await row.getAttribute('data-operation-id');
    await row.getByRole('link', { name: /Details/ }).click();
    const detail = page.locator(`[data-testid="operation-detail"][data-operation-id="${id}"]`);
    await detail.waitFor();
    assert((await detail.getAttribute('data-status')) === 'SUCCEEDED', 'status');
    assert((await page.getByTestId('operation-user').innerText()) === 'admin', `user: ${await page.getByTestId('operation-user').innerText()}`);
    assert((await page.getByTestId('operation-trigger').innerText()) === 'API', `trigger: ${await page.getByTestId('operation-trigger').innerText()}`);
    assert(/\d/.test(await page.getByTestId('operation-ran').innerText()), 'run time shown');
    const phases = await page.getByTestId('operation-phases').locator('tr[data-phase]').evaluateAll((rs) => rs.map((r) => r.getAttribute('data-phase')));
    assert(phases.length >= 2 && !phases.includes('done'), `phase timings: ${phases.join(', ')}`);
    const sha = await page.getByTestId('operation-commit').locator('code').getAttribute('title');
    const pushed = sh('git', ['--git-dir', bare, 'log', '--format=%H', '-50']).split('\n');
    assert(sha && pushed.includes(sha), `the commit ${sha} is on the remote`);
    const message = await page.getByTestId('operation-commit-message').innerText();
    assert(message.startsWith('HNP: update') && message.includes(`HNP-Operation: ${id}`), `commit message: ${message}`);
    const files = page.getByTestId('operation-file');
    assert((await files.count()) >= 1, 'files listed');
    const diff = await files.first().locator('pre.unified-diff').innerText();
    assert(/^[+-]\s/m.test(diff), `a diff with changed lines: ${diff.slice(0, 200)}`);
    await shot('operation-detail');
  });

  await step('the Operations list updates live; a running operation is followed on its detail page', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Operations' }).click();
    await page.locator('tr[data-operation-id]').first().waitFor();
    const fabrics = await pageGql('{ fabrics { id name } }');
    const demo = fabrics.data.fabrics.find((f) => f.name === 'demo');
    const started = await pageGql('mutation($f: ID!) { triggerSync(fabricId: $f, direction: GIT_TO_GUI) { id } }', { f: demo.id });
    const id = started.data?.triggerSync?.id;
    assert(id, `triggered with the cookie only: ${JSON.stringify(started)}`);
    const row = page.locator(`tr[data-operation-id="${id}"]`);
    await row.waitFor({ timeout: 15_000 });
    await row.getByRole('link', { name: /Details/ }).click();
    await page.locator(`[data-testid="operation-detail"][data-operation-id="${id}"][data-status="SUCCEEDED"]`).waitFor({ timeout: t.TIMEOUT });
    assert((await page.getByTestId('operation-trigger').innerText()) === 'API', 'triggered over the API');
  });

  await step('audit log: server-side filters, live refresh, before/after values, target links; a fabric flag back to "inherit"', async () => {
    await openAdmin();
    const audit = page.getByTestId('audit-panel');
    const total = async () => Number((await audit.getByTestId('audit-total').innerText()).split(' ')[0]);
    await audit.getByTestId('audit-total').waitFor();
    const all = await total();
    const filters = audit.getByTestId('audit-filters');
    await filters.getByLabel('User').fill('nobody');
    await filters.getByRole('button', { name: 'Apply filters' }).click();
    await audit.getByTestId('audit-total').filter({ hasText: /^0 events/ }).waitFor();
    await filters.getByLabel('User').fill('admin');
    await filters.getByLabel('Action').fill('feature_flag');
    await filters.getByRole('button', { name: 'Apply filters' }).click();
    await audit.locator('tr[data-audit-id]').first().waitFor({ state: 'detached', timeout: 5000 }).catch(() => {});
    const before = await total();
    assert(before < all, `filtered ${before} of ${all}`);

    // A fabric override, then back to inherit; the filtered log shows both by itself (live).
    const flags = page.getByTestId('flags-demo');
    const flagRow = flags.locator('tr[data-flag="CONFLICT_RESOLUTION"]');
    const key = await flagRow.getAttribute('data-flag');
    const row = flags.locator(`tr[data-flag="${key}"]`);
    await row.locator('button', { hasText: /^(Enable|Disable)$/ }).click();
    await flags.locator(`tr[data-flag="${key}"][data-source="FABRIC"]`).waitFor();
    await row.getByRole('button', { name: 'Inherit' }).click();
    await flags.locator(`tr[data-flag="${key}"]:not([data-source="FABRIC"])`).waitFor();
    assert((await row.getByRole('button', { name: 'Inherit' }).count()) === 0, 'no Inherit without an override');
    await audit.locator('tr[data-action="feature_flag.clear_override"]').first().waitFor({ timeout: 15_000 });
    const actions = await audit.locator('tr[data-audit-id]').evaluateAll((rs) => rs.map((r) => r.getAttribute('data-action')));
    assert(actions.every((a) => a.includes('feature_flag')), `only flag events: ${actions.join(', ')}`);
    assert(actions[0] === 'feature_flag.clear_override' && actions[1] === 'feature_flag.set', `newest first: ${actions.join(', ')}`);
    const set = audit.locator('tr[data-action="feature_flag.set"]').first();
    await set.getByRole('button', { name: /change/ }).click();
    const change = audit.getByTestId('audit-changes').locator('tr[data-field="enabled"]');
    await change.waitFor();
    const [was, now] = [await change.getByTestId('before').innerText(), await change.getByTestId('after').innerText()];
    assert(was !== now && ['true', 'false'].includes(now), `before/after: ${was} → ${now}`);
    const target = set.getByRole('link');
    assert(/\/fabrics\/\d+$/.test(await target.getAttribute('href')), 'the flag event links its fabric');
    await shot('admin-audit-filtered');
    await audit.getByRole('button', { name: 'Clear' }).click();
    await audit.getByTestId('audit-total').filter({ hasText: new RegExp(`^${all + 2} events`) }).waitFor({ timeout: 10_000 }).catch(() => {});
    assert((await total()) >= all + 2, `unfiltered again: ${await total()} ≥ ${all + 2}`);
  });
}
