// Page helpers of the end-to-end run: login, navigation, sync operations and their review.
export function makeHelpers({ page, base, bare, sh, shot, assert, TIMEOUT }) {
  const gitHead = () => sh('git', ['--git-dir', bare, 'rev-parse', 'HEAD']);
  const gitSubject = () => sh('git', ['--git-dir', bare, 'log', '-1', '--format=%s']);

  async function login(username, password) {
    await page.goto(base + '/');
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(password);
    await shot(`login-${username}`);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Fabrics' }).waitFor();
  }

  /** A login attempt that must fail: the login form stays and shows the API error code. */
  async function loginFails(username, password, code) {
    await page.goto(base + '/');
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('alert').filter({ hasText: code }).waitFor();
    assert((await page.getByTestId('current-user').count()) === 0, `${username} is not logged in`);
  }

  /** The session cookie (HttpOnly: read through the browser context, never by the page). */
  async function sessionCookie(ctx = page.context()) {
    return (await ctx.cookies(base)).find((c) => c.name === 'hnp_session') ?? null;
  }
  const sessionToken = async () => (await sessionCookie())?.value ?? null;

  /** POST /graphql from the page: authenticated by the session cookie only. */
  const pageGql = (query, variables = {}, p = page) =>
    p.evaluate(
      async ([q, v]) => {
        const r = await fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: q, variables: v }) });
        return r.json();
      },
      [query, variables],
    );

  /** POST /graphql with an explicit bearer token (outside the browser). */
  async function gql(token, query) {
    const r = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query }),
    });
    return r.json();
  }
  const errorCodes = (body) => (body.errors ?? []).map((e) => e.extensions?.code);

  /** Clicks "Log out" and waits for the login form. */
  async function logOut() {
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('button', { name: 'Log in' }).waitFor();
    assert((await sessionToken()) === null, 'session cookie cleared');
  }

  async function openAdmin() {
    await page.getByRole('navigation').getByRole('link', { name: 'Admin', exact: true }).click();
    await page.getByRole('heading', { name: 'Admin', level: 1 }).waitFor();
  }

  async function openFabric(name) {
    await page.getByRole('navigation').getByRole('link', { name: 'Fabrics' }).click();
    await page.getByRole('heading', { name: 'Fabrics' }).waitFor();
    await page.getByRole('link', { name, exact: true }).click();
    await page.getByRole('heading', { name: 'GitOps Bidirectional Sync' }).waitFor();
  }

  /** Actions that write to Git: they open "Review changes" first. */
  const WRITES = ['Sync Bidirectional', 'Sync to Git', 'Initialize Directories'];

  /** Clicks a sync button; for a write, waits for its review (the dry run) and returns the dialog. */
  async function openReview(label) {
    await page.getByTestId('gitops-card').getByRole('button', { name: label, exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Review changes' });
    await dialog.waitFor();
    await dialog.getByTestId('review-loading').waitFor({ state: 'detached', timeout: TIMEOUT });
    return dialog;
  }

  /** What a review shows: files with their diffs, the commit message, the target. */
  async function readReview(dialog) {
    const files = [];
    for (const f of await dialog.getByTestId('review-file').all()) {
      files.push({ path: await f.getAttribute('data-path'), diff: await f.locator('pre.unified-diff').innerText() });
    }
    const message = (await dialog.getByTestId('review-message').count()) ? await dialog.getByTestId('review-message').innerText() : null;
    return { files, message, target: await dialog.getByTestId('review-target').innerText() };
  }

  /** Waits for the progress bar of `label` to reach a terminal state. */
  async function awaitOperation(label) {
    const bar = page.locator(`[data-testid="sync-progress"][data-label="${label}"][data-done="true"]`);
    await bar.waitFor({ timeout: TIMEOUT });
    const status = await bar.getAttribute('data-status');
    const percent = await bar.getByRole('progressbar').getAttribute('aria-valuenow');
    return { status, percent: Number(percent), text: await bar.innerText(), operationId: await bar.getAttribute('data-operation-id') };
  }

  /**
   * Clicks a sync button and waits for its progress bar to reach a terminal state. A write goes
   * through "Review changes": its preview is returned with the result after "Commit and push".
   */
  async function runOperation(label) {
    let preview = null;
    if (WRITES.includes(label)) {
      const dialog = await openReview(label);
      preview = await readReview(dialog);
      await dialog.getByRole('button', { name: 'Commit and push' }).click();
      await dialog.waitFor({ state: 'detached' });
    } else {
      await page.getByTestId('gitops-card').getByRole('button', { name: label, exact: true }).click();
    }
    return { ...(await awaitOperation(label)), preview };
  }

  /** The +/- lines of a unified diff (headers and context left out). */
  function changedLines(diff) {
    return diff
      .split('\n')
      .filter((l) => (l.startsWith('+') && !l.startsWith('+++')) || (l.startsWith('-') && !l.startsWith('---')))
      .map((l) => l.trimEnd());
  }

  async function openResource(kind, name) {
    await page.getByRole('navigation').getByRole('link', { name: 'Resources' }).click();
    await page.getByRole('heading', { name: 'Resources' }).waitFor();
    const row = page.locator(`tr[data-resource="${kind}/${name}"]`);
    await row.waitFor();
    await row.getByRole('link', { name: 'View' }).click();
    await page.getByTestId('draft-editor').locator('.cm-content').waitFor();
  }

  /** Edits the `vlan: <from>` line of the draft editor to `vlan: <to>` by typing, then saves. */
  async function editVlan(from, to) {
    const line = page.getByTestId('draft-editor').locator('.cm-line', { hasText: `vlan: ${from}` });
    await line.click();
    await page.keyboard.press('End');
    for (let i = 0; i < String(from).length; i++) await page.keyboard.press('Backspace');
    await page.keyboard.type(String(to));
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByTestId('save-notice').waitFor();
    await page.getByTestId('draft-yaml').filter({ hasText: `vlan: ${to}` }).waitFor();
  }

  /**
   * The state badge of a resource in the Resources list. The list first shows its cached page
   * (cache-and-network), so with `expected` this waits (briefly) for the refetched row to say so
   * before reading; the caller still asserts on what is read.
   */
  async function resourceState(kind, name, expected) {
    await page.getByRole('navigation').getByRole('link', { name: 'Resources' }).click();
    const row = page.locator(`tr[data-resource="${kind}/${name}"]`);
    await row.waitFor();
    const badge = row.getByTestId('resource-state').locator('.badge');
    if (expected) await badge.and(page.locator(`[data-value="${expected}"]`)).waitFor({ timeout: 5000 }).catch(() => {});
    return badge.getAttribute('data-value');
  }

  return {
    gitHead, gitSubject, login, loginFails, sessionCookie, sessionToken, pageGql, gql, errorCodes, logOut, openAdmin, openFabric,
    openReview, readReview, awaitOperation, runOperation, changedLines, openResource, editVlan, resourceState,
  };
}
