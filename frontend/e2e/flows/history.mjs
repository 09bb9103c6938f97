// A resource's history and field blame (issue 17), on an `hnp demo` of its own: an external Git
// commit and a UI write-back of VPC vpc-test, then its History tab (newest first, who, path,
// commit, operation link, each commit's fields with their values before and after) and the
// blame beside its spec (which field came from Git, which through the GUI; readable on a
// narrow screen); then Revert of the write-back, previewed from its operation page (cancelled) and
// run from the History tab, landing on the new operation.
import { join } from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { makeHelpers } from '../helpers.mjs';

export default async function historyFlow(t) {
  const { step, assert, context, artifacts, sh } = t;
  const demo = await t.freshDemo();
  const tab = await context.browser().newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await tab.newPage();
  page.setDefaultTimeout(30_000);
  const shot = (name) => page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
  const h = makeHelpers({ ...t, page, base: demo.base, bare: demo.bare, shot });
  const { login, openFabric, runOperation, openResource, editVlan, gitHead, gitSubject, readReview, changedLines } = h;
  const events = () => page.getByTestId('history-event');
  let external = null;
  let writeBack = null;
  let failed = true;
  try {
    await step('history: an external commit changes the DHCP range end of vpc-test; Sync from Git reads it', async () => {
      const clone = join(demo.dir, 'clone');
      sh('git', ['clone', '-q', demo.bare, clone]);
      const path = join(clone, 'fabrics/demo/vpc-test.yaml');
      const text = readFileSync(path, 'utf8');
      assert(text.includes('end: 10.10.200.199'), 'vpc-test has its DHCP range end');
      writeFileSync(path, text.replace('end: 10.10.200.199', 'end: 10.10.200.180'));
      const git = ['-C', clone, '-c', 'user.name=Erin External', '-c', 'user.email=erin@example.com'];
      sh('git', [...git, 'commit', '-q', '-am', 'e2e: a shorter DHCP range for vpc-test']);
      sh('git', [...git, 'push', '-q', 'origin', 'HEAD']);
      external = sh('git', ['-C', clone, 'rev-parse', 'HEAD']);
      await login('admin', demo.password);
      await openFabric('demo');
      const r = await runOperation('Sync from Git');
      assert(r.status === 'SUCCEEDED', `sync from Git: ${r.status} ${r.text}`);
    });

    await step('history: a UI draft of vpc-test (vlan 1200 → 1234) is written back', async () => {
      await openResource('VPC', 'vpc-test');
      await editVlan(1200, 1234);
      await openFabric('demo');
      const r = await runOperation('Sync to Git');
      assert(r.status === 'SUCCEEDED', `write-back: ${r.status} ${r.text}`);
      writeBack = { operationId: r.operationId, commit: gitHead() };
      assert(writeBack.commit !== external, 'the write-back made a commit');
    });

    await step('history: the History tab shows the write-back, the draft and the external commit, newest first', async () => {
      await openResource('VPC', 'vpc-test');
      await page.getByRole('tab', { name: 'History' }).click();
      await page.getByTestId('history').waitFor();
      assert(new URL(page.url()).searchParams.get('tab') === 'history', `the tab is in the URL: ${page.url()}`);
      const kinds = await events().evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
      const wb = kinds.indexOf('WRITE_BACK');
      const saved = kinds.indexOf('DRAFT_SAVED');
      const git = kinds.indexOf('GIT_COMMIT');
      assert(wb >= 0 && saved > wb && git > saved && kinds[kinds.length - 1] === 'CREATED', `kinds newest first: ${kinds.join(', ')}`);

      const w = events().nth(wb);
      assert((await w.getAttribute('data-commit')) === writeBack.commit, 'the write-back event names its commit');
      assert((await w.getByTestId('event-channel').innerText()) === 'UI', 'a write-back came through the UI');
      assert((await w.getByTestId('event-actor').innerText()) === 'admin', 'the write-back is the admin\'s');
      assert((await w.getByTestId('event-commit').innerText()) === writeBack.commit.slice(0, 10), 'short sha');
      const opLink = w.getByTestId('event-operation');
      assert((await opLink.getAttribute('href')) === `/operations/${writeBack.operationId}`, `operation link ${await opLink.getAttribute('href')}`);
      assert((await w.innerText()).includes('Write-back') && (await w.innerText()).includes('HNP: update 1 VPC'), `write-back event: ${await w.innerText()}`);

      const g = events().nth(git);
      assert((await g.getAttribute('data-commit')) === external, 'the Git commit event names the external commit');
      assert((await g.getByTestId('event-channel').innerText()) === 'Git', 'an external commit came through Git');
      assert((await g.getByTestId('event-actor').innerText()) === 'Erin External', `author ${await g.getByTestId('event-actor').innerText()}`);
      assert((await g.getByTestId('event-actor').getAttribute('title')) === 'Erin External <erin@example.com>', 'the full author on hover');
      assert((await g.innerText()).includes('e2e: a shorter DHCP range for vpc-test'), 'the commit message');

      // Each commit's diff, opened: its fields with the values before and after.
      const rowsOf = async (event) => {
        await event.getByTestId('event-diff').locator('summary').click();
        const table = event.getByTestId('field-diff');
        await table.waitFor();
        return table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.innerText.trim())));
      };
      const gitRows = await rowsOf(g);
      assert(JSON.stringify(gitRows) === JSON.stringify([['spec.subnets.default.dhcp.range.end', '10.10.200.199', '10.10.200.180']]), `external commit diff: ${JSON.stringify(gitRows)}`);
      const wbRows = await rowsOf(w);
      assert(JSON.stringify(wbRows) === JSON.stringify([['spec.subnets.default.vlan', '1200', '1234']]), `write-back diff: ${JSON.stringify(wbRows)}`);
      await shot('history-tab');

      await opLink.click();
      await page.locator(`[data-testid="operation-detail"][data-operation-id="${writeBack.operationId}"]`).waitFor();
      await page.goBack();
      await page.getByTestId('history').waitFor();
    });

    await step('history: blame beside the spec names Git for the DHCP range end and the GUI for the VLAN', async () => {
      await page.getByRole('tab', { name: 'Spec and draft' }).click();
      const card = page.getByTestId('blame-card');
      await card.getByTestId('blame').waitFor();
      const line = (path) => card.locator(`[data-testid="blame-line"][data-path="${path}"]`);
      const vlan = line('spec.subnets.default.vlan');
      await vlan.and(page.locator('[data-source="GUI"]')).waitFor({ timeout: 10_000 });
      assert((await vlan.getByTestId('blame-author').innerText()) === 'admin', 'the VLAN was set by the admin');
      assert((await vlan.getByTestId('blame-commit').innerText()) === writeBack.commit.slice(0, 10), 'at the write-back commit');
      assert((await vlan.innerText()).includes('vlan: 1234'), `the line beside: ${await vlan.innerText()}`);
      const end = line('spec.subnets.default.dhcp.range.end');
      assert((await end.getAttribute('data-source')) === 'GIT', 'the range end came from Git');
      assert((await end.getByTestId('blame-author').innerText()) === 'Erin External', 'by the external author');
      assert((await end.getByTestId('blame-commit').innerText()) === external.slice(0, 10), 'at the external commit');
      const subnet = line('spec.subnets.default.subnet');
      assert((await subnet.getAttribute('data-source')) === 'GIT', 'the subnet is as created in Git');
      assert((await subnet.getByTestId('blame-commit').innerText()) !== external.slice(0, 10), 'from the creating commit');
      await shot('history-blame');

      // On a narrow screen the blame goes under its line: the line's text first, nothing cut.
      await page.setViewportSize({ width: 390, height: 900 });
      const text = await vlan.locator('.blame-text').boundingBox();
      const meta = await vlan.locator('.blame-gutter').boundingBox();
      assert(text && meta && meta.y >= text.y + text.height - 1 && meta.x + meta.width <= 390, `narrow layout: text ${JSON.stringify(text)} meta ${JSON.stringify(meta)}`);
      await shot('history-blame-narrow');
      await page.setViewportSize({ width: 1400, height: 1000 });
    });
    /** The revert dialog's preview once its dry run is done. */
    const revertPreview = async () => {
      const dialog = page.getByRole('dialog', { name: 'Review changes' });
      await dialog.waitFor();
      await dialog.getByTestId('review-loading').waitFor({ state: 'detached', timeout: t.TIMEOUT });
      const preview = await readReview(dialog);
      assert(preview.files.length === 1 && preview.files[0].path === 'fabrics/demo/vpc-test.yaml', `revert files: ${preview.files.map((f) => f.path).join(', ')}`);
      const lines = changedLines(preview.files[0].diff);
      assert(lines.some((l) => /^-\s+vlan: 1234$/.test(l)) && lines.some((l) => /^\+\s+vlan: 1200$/.test(l)) && lines.length === 2, `revert diff: ${lines.join(' | ')}`);
      assert(preview.message?.startsWith('Revert "HNP: update 1 VPC'), `revert message: ${preview.message}`);
      assert(!preview.message.includes('HNP-Operation:'), 'the dry run\'s own trailers are not shown');
      assert((await dialog.getByTestId('revert-conflicts').count()) === 0, 'no field changed since: nothing in conflict');
      return dialog;
    };

    await step('history: the write-back\'s operation page offers Revert; its preview cancelled writes nothing', async () => {
      const before = gitHead();
      await page.goto(`${demo.base}/operations/${writeBack.operationId}`);
      await page.locator(`[data-testid="operation-detail"][data-operation-id="${writeBack.operationId}"]`).waitFor();
      await page.getByTestId('operation-revert').click();
      const dialog = await revertPreview();
      await shot('history-revert-preview');
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'detached' });
      assert(gitHead() === before, 'nothing pushed after Cancel');
    });

    await step('history: Revert of the write-back from the History tab runs it and opens the new operation', async () => {
      const before = gitHead();
      await openResource('VPC', 'vpc-test');
      await page.getByRole('tab', { name: 'History' }).click();
      const wb = page.locator('[data-testid="history-event"][data-kind="WRITE_BACK"]').first();
      await wb.getByTestId('event-revert').click();
      const dialog = await revertPreview();
      await dialog.getByRole('button', { name: 'Revert', exact: true }).click();
      const detail = page.locator(`[data-testid="operation-detail"]:not([data-operation-id="${writeBack.operationId}"])`);
      await detail.waitFor({ timeout: t.TIMEOUT });
      const opId = await detail.getAttribute('data-operation-id');
      assert(new URL(page.url()).pathname === `/operations/${opId}`, `on the new operation's page: ${page.url()}`);
      assert((await detail.getAttribute('data-status')) === 'SUCCEEDED', `revert status ${await detail.getAttribute('data-status')}`);
      const after = gitHead();
      assert(after !== before, 'the revert pushed a commit');
      assert(gitSubject().startsWith('Revert "HNP: update 1 VPC'), `subject: ${gitSubject()}`);
      const file = sh('git', ['--git-dir', demo.bare, 'show', `${after}:fabrics/demo/vpc-test.yaml`]);
      assert(file.includes('vlan: 1200') && file.includes('end: 10.10.200.180'), 'Git has the VLAN back and keeps the external change');
      await shot('history-reverted-operation');

      // The resource's history now starts with the revert, by the admin, through the UI.
      await openResource('VPC', 'vpc-test');
      await page.getByRole('tab', { name: 'History' }).click();
      const newest = page.locator('[data-testid="history-event"][data-kind="REVERTED"]').first();
      await newest.waitFor({ timeout: 10_000 });
      // Only events of the revert commit itself may come before it.
      const commits = await events().evaluateAll((els) => els.map((e) => e.getAttribute('data-commit')));
      const at = commits.indexOf(after);
      assert(at >= 0 && commits.slice(0, at).every((c) => c === after), `the revert is the newest change: ${commits.join(', ')}`);
      assert((await newest.getAttribute('data-commit')) === after, 'the REVERTED event names the revert commit');
      assert((await newest.getByTestId('event-actor').innerText()) === 'admin', 'reverted by the admin');
      assert((await newest.getByTestId('event-operation').getAttribute('href')) === `/operations/${opId}`, 'linked to the revert operation');
      await shot('history-after-revert');
    });
    failed = false;
  } finally {
    await tab.close().catch(() => {});
    demo.stop(failed);
  }
}
