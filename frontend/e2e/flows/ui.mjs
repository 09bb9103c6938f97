/* global document -- page.evaluate callbacks run in the browser */
// UI flows: page titles and the skip link, the live progress region, the unsaved-edits prompt
// and the confirmed "Mark for deletion".

export default async function uiFlow(t) {
  const { page, step, assert, shot } = t;
  const { openFabric, openResource, awaitOperation } = t.h;

  await step('every page has its own title; "Skip to content" is the first focusable element and moves focus to the content', async () => {
    for (const [nav, title] of [
      ['Fabrics', 'Fabrics — HNP Sync'],
      ['Resources', 'Resources — HNP Sync'],
      ['Conflicts', 'Conflicts — HNP Sync'],
      ['Operations', 'Operations — HNP Sync'],
    ]) {
      await page.getByRole('navigation').getByRole('link', { name: nav, exact: true }).click();
      await page.getByRole('heading', { name: nav, level: 1 }).waitFor();
      await page.waitForFunction((want) => document.title === want, title, { timeout: 5000 }).catch(() => {});
      const got = await page.title();
      assert(got === title, `title on ${nav}: ${got}`);
    }
    await openFabric('demo');
    await page.waitForFunction(() => document.title === 'Fabric demo — HNP Sync', null, { timeout: 5000 }).catch(() => {});
    assert((await page.title()) === 'Fabric demo — HNP Sync', `fabric title: ${await page.title()}`);
    await page.reload();
    await page.getByRole('heading', { name: 'GitOps Bidirectional Sync' }).waitFor();
    await page.keyboard.press('Tab');
    const first = await page.evaluate(() => ({ text: document.activeElement?.textContent, tag: document.activeElement?.tagName }));
    assert(first.tag === 'A' && first.text === 'Skip to content', `first focusable: ${JSON.stringify(first)}`);
    await shot('skip-link');
    await page.keyboard.press('Enter');
    const focused = await page.evaluate(() => document.activeElement?.id);
    assert(focused === 'main', `focus after the skip link: ${focused}`);
  });

  await step('a polite live region announces the progress of an operation', async () => {
    await openFabric('demo');
    const live = page.locator('[aria-live="polite"][data-testid="sync-announcer"]');
    await live.waitFor({ state: 'attached' });
    await page.getByTestId('gitops-card').getByRole('button', { name: 'Sync from Git', exact: true }).click();
    const r = await awaitOperation('Sync from Git');
    assert(r.status === 'SUCCEEDED', `status ${r.status}: ${r.text}`);
    await page.locator('[data-testid="sync-announcer"]', { hasText: 'Sync from Git finished: succeeded' }).waitFor({ timeout: 5000 });
  });

  await step('leaving the resource editor with unsaved edits asks first (Stay keeps them, Leave goes)', async () => {
    await openResource('VPC', 'vpc-test');
    const editor = page.getByTestId('draft-editor');
    const line = editor.locator('.cm-line', { hasText: 'vlan: 1202' });
    await line.click();
    await page.keyboard.press('End');
    await page.keyboard.type('9');
    await page.getByRole('navigation').getByRole('link', { name: 'Fabrics', exact: true }).click();
    const prompt = page.getByRole('dialog', { name: 'Leave with unsaved edits?' });
    await prompt.waitFor();
    await shot('unsaved-prompt');
    await prompt.getByRole('button', { name: 'Stay' }).click();
    await prompt.waitFor({ state: 'detached' });
    await editor.locator('.cm-line', { hasText: 'vlan: 12029' }).waitFor();
    assert(new URL(page.url()).pathname.startsWith('/resources/'), `still on the resource: ${page.url()}`);
    await page.getByRole('navigation').getByRole('link', { name: 'Fabrics', exact: true }).click();
    await prompt.waitFor();
    await prompt.getByRole('button', { name: 'Leave' }).click();
    await page.getByRole('heading', { name: 'Fabrics', level: 1 }).waitFor();
  });

  await step('"Mark for deletion" stands apart from Save, is destructive and asks for confirmation', async () => {
    await openResource('VPC', 'vpc-test');
    assert((await page.getByRole('button', { name: 'Delete draft' }).count()) === 0, 'no "Delete draft" button');
    const mark = page.getByRole('button', { name: 'Mark for deletion' });
    assert((await mark.getAttribute('class'))?.includes('danger'), 'styled as destructive');
    const sameGroup = await mark.evaluate((b) => !!b.closest('.buttons')?.textContent?.includes('Save draft'));
    assert(!sameGroup, 'not in the Save button group');
    await mark.click();
    const confirm = page.getByRole('dialog', { name: 'Mark VPC vpc-test for deletion?' });
    await confirm.waitFor();
    await shot('mark-for-deletion');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'detached' });
    const draft = await page.getByTestId('draft-yaml').innerText();
    assert(!draft.includes('marked for deletion'), `Cancel marks nothing: ${draft}`);
  });
}
