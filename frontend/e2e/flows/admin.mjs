// Admin flows: tokens, users, logout, a viewer.

export default async function adminFlow(t) {
  const { page, step, assert, shot, server } = t;
  const { login, loginFails, sessionToken, gql, errorCodes, logOut, openAdmin, openFabric } = t.h;

  await step('the tokens panel lists the admin session; a created API token is listed, works, and is revoked', async () => {
    await openAdmin();
    const panel = page.getByTestId('tokens-panel');
    const token = await sessionToken();
    assert(token, 'a session cookie');
    const current = panel.locator('tr[data-session="true"][data-current="true"]');
    await current.waitFor();
    assert(token.startsWith(await current.getAttribute('data-token')), 'the current row is this session');
    assert(await current.getByRole('button', { name: 'Revoke' }).isDisabled(), 'the current session is not revocable from the list');
    const form = panel.getByTestId('create-token');
    await form.getByLabel('Token name').fill('e2e-token');
    await form.getByRole('button', { name: 'Create token' }).click();
    const secret = await panel.getByTestId('new-token').innerText();
    assert(/^hnp_[0-9a-f]{64}$/.test(secret), `token format: ${secret.slice(0, 12)}…`);
    const row = panel.locator(`tr[data-token="${secret.slice(0, 12)}"]`);
    await row.filter({ hasText: 'e2e-token' }).waitFor();
    assert((await row.getAttribute('data-session')) === 'false', 'an API token is not a session');
    const me = await gql(secret, '{ me { username } }');
    assert(me.data?.me?.username === 'admin', `the API token works: ${JSON.stringify(me)}`);
    await shot('admin-tokens');
    await row.getByRole('button', { name: 'Revoke' }).click();
    await panel.locator(`tr[data-token="${secret.slice(0, 12)}"][data-state="revoked"]`).waitFor();
    const after = await gql(secret, '{ me { username } }');
    assert(errorCodes(after).includes('UNAUTHENTICATED'), `a revoked token is refused: ${JSON.stringify(after)}`);
  });

  await step('admin creates viewer1 and deactivates them (not themselves)', async () => {
    await openAdmin();
    const form = page.getByTestId('create-user');
    await form.getByLabel('New username').fill('viewer1');
    await form.getByLabel('New password').fill('Viewer-pass-2026!');
    await form.getByLabel('Role').selectOption('VIEWER');
    await form.getByRole('button', { name: 'Create user' }).click();
    const row = page.locator('tr[data-user="viewer1"]');
    await row.waitFor();
    assert(await page.locator('tr[data-user="admin"]').getByRole('button', { name: 'Deactivate' }).isDisabled(), 'Deactivate is disabled for yourself');
    await row.getByRole('button', { name: 'Deactivate' }).click();
    await row.getByRole('button', { name: 'Reactivate' }).waitFor();
    assert((await row.getByTestId('user-active').innerText()).trim() === 'no', 'viewer1 inactive');
    await shot('admin-users-deactivated');
  });

  await step('Log out ends the session server-side: the old token is refused', async () => {
    const token = await sessionToken();
    assert(token, 'a session cookie');
    const before = await gql(token, '{ me { id } }');
    assert(before.data?.me?.id, `token works before logout: ${JSON.stringify(before)}`);
    await logOut();
    const body = await gql(token, '{ me { id } }');
    assert(!body.data?.me, `no user after logout: ${JSON.stringify(body)}`);
    assert(errorCodes(body).includes('UNAUTHENTICATED'), `UNAUTHENTICATED after logout: ${JSON.stringify(body)}`);
  });

  await step('a deactivated user cannot log in', async () => {
    await loginFails('viewer1', 'Viewer-pass-2026!', 'UNAUTHENTICATED');
    await shot('login-viewer1-deactivated');
  });

  await step('admin logs in again, reactivates viewer1 and sees only the new session as current', async () => {
    await login('admin', server.password);
    await openAdmin();
    const row = page.locator('tr[data-user="viewer1"]');
    await row.getByRole('button', { name: 'Reactivate' }).click();
    await row.getByRole('button', { name: 'Deactivate' }).waitFor();
    assert((await row.getByTestId('user-active').innerText()).trim() === 'yes', 'viewer1 active again');
    const panel = page.getByTestId('tokens-panel');
    await panel.locator('tr[data-session="true"][data-current="true"]').waitFor();
    assert((await panel.locator('tr[data-current="true"]').count()) === 1, 'one current session');
    const token = await sessionToken();
    const prefixes = await panel.locator('tr[data-session="true"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-token')));
    assert(prefixes.some((p) => token.startsWith(p)), `the new session is listed: ${prefixes.join(', ')}`);
    await shot('admin-tokens-relogin');
  });

  await step('the reactivated viewer sees no enabled mutating buttons', async () => {
    await logOut();
    await login('viewer1', 'Viewer-pass-2026!');
    await page.getByTestId('current-role').filter({ hasText: 'VIEWER' }).waitFor();
    assert((await page.getByRole('navigation').getByRole('link', { name: 'Admin' }).count()) === 0, 'no Admin link');
    await openFabric('demo');
    await shot('fabric-detail-viewer');
    const card = page.getByTestId('gitops-card');
    for (const label of ['Sync Bidirectional', 'Sync from Git', 'Sync to Git', 'Initialize Directories']) {
      const b = card.getByRole('button', { name: label, exact: true });
      if ((await b.count()) > 0) assert(await b.isDisabled(), `${label} disabled for viewer`);
    }
    assert((await card.locator('button:enabled').count()) === 0, 'no enabled buttons in the sync card');
    await card.getByText('can only view').first().waitFor();
  });
}
