// Sync flows: directories, drafts, write-back through the review, a conflict resolved, other pages.
import { join } from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';

export default async function syncFlow(t) {
  const { page, step, assert, shot, server, dataDir, bare, sh, TIMEOUT } = t;
  const { gitHead, gitSubject, login, sessionToken, gql, openFabric, openReview, readReview, runOperation, changedLines, openResource, editVlan, resourceState } = t.h;

  /** Sync operations of the demo fabric that are not dry runs, of one direction (via the API). */
  const realOperations = async (direction) => {
    const body = await gql(await sessionToken(), '{ syncOperations(first: 100) { nodes { id direction dryRun status } } }');
    return body.data.syncOperations.nodes.filter((o) => o.direction === direction && !o.dryRun);
  };
  const statusOf = async (key) => page.getByTestId(`status-${key}`).getAttribute('data-state');
  /** Waits (briefly) for a status indicator to reach `state`, then reads it. */
  const statusBecomes = async (key, state) => {
    await page.locator(`[data-testid="status-${key}"][data-state="${state}"]`).waitFor({ timeout: 10_000 }).catch(() => {});
    return statusOf(key);
  };
  await step('admin logs in and lands on Fabrics', async () => {
    await login('admin', server.password);
    await page.getByTestId('current-role').filter({ hasText: 'ADMIN' }).waitFor();
    for (const l of ['Fabrics', 'Resources', 'Conflicts', 'Repositories', 'Operations', 'Admin']) {
      await page.getByRole('navigation').getByRole('link', { name: l, exact: true }).waitFor();
    }
    await page.getByRole('link', { name: 'demo', exact: true }).waitFor();
    await shot('fabrics');
  });

  await step('review: Initialize Directories asks first; Cancel writes nothing', async () => {
    await openFabric('demo');
    const before = gitHead();
    const dialog = await openReview('Initialize Directories');
    const preview = await readReview(dialog);
    assert(preview.files.length > 0 && preview.files.every((f) => f.path.startsWith('fabrics/demo/') && f.diff.includes('--- /dev/null')), `planned files: ${preview.files.map((f) => f.path).join(', ')}`);
    assert(preview.message?.startsWith('Initialize HNP directory layout'), `message: ${preview.message}`);
    const target = await dialog.getByTestId('review-target').innerText();
    assert(target.startsWith('branch '), `target: ${target}`);
    await shot('review-init');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    assert(gitHead() === before, 'the remote head is unchanged after Cancel');
    assert((await realOperations('DIRECTORY_INIT')).length === 0, 'no directory operation was started');
  });

  await step('Initialize Directories runs to completion with a live progress bar', async () => {
    await openFabric('demo');
    const r = await runOperation('Initialize Directories');
    await shot('fabric-detail-initialized');
    assert(r.status === 'SUCCEEDED', `status ${r.status}: ${r.text}`);
    const pushed = sh('git', ['--git-dir', bare, 'show', '--name-only', '--format=', 'HEAD']).split('\n').filter(Boolean).sort();
    const planned = r.preview.files.map((f) => f.path).sort();
    assert(JSON.stringify(pushed) === JSON.stringify(planned), `pushed ${pushed.join(', ')}; previewed ${planned.join(', ')}`);
    assert(r.percent === 100, `percent ${r.percent}`);
    await page.getByTestId('directory-status').locator('[data-value="INITIALIZED"]').waitFor();
  });

  await step('edit the draft of VPC vpc-test (vlan 1200 → 1201)', async () => {
    await openResource('VPC', 'vpc-test');
    await shot('resource-detail-before');
    await editVlan(1200, 1201);
    await page.getByTestId('diff-draft').waitFor();
    await shot('resource-detail-draft');
  });

  await step('an invalid draft shows the API validation error inline', async () => {
    const line = page.getByTestId('draft-editor').locator('.cm-line', { hasText: 'vlan: 1201' });
    await line.click();
    await page.keyboard.press('End');
    await page.keyboard.type('x');
    await page.getByRole('button', { name: 'Save draft' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'VALIDATION_FAILED' });
    await alert.waitFor();
    await alert.getByText('vlan').first().waitFor();
    await shot('resource-detail-invalid');
    await page.getByRole('button', { name: 'Reset editor' }).click();
    await page.getByTestId('draft-editor').locator('.cm-line', { hasText: 'vlan: 1201' }).waitFor();
    await alert.waitFor({ state: 'detached', timeout: 5000 });
    assert((await page.getByRole('alert').filter({ hasText: 'Save failed' }).count()) === 0, 'Reset clears the stale Save failed box');
  });

  await step('a YAML syntax error is marked at its line in the editor', async () => {
    const editor = page.getByTestId('draft-editor');
    const line = editor.locator('.cm-line', { hasText: 'vlan: 1201' });
    await line.click();
    await page.keyboard.press('End');
    await page.keyboard.type(': oops');
    const marked = editor.locator('.cm-line', { hasText: 'vlan: 1201: oops' }).locator('.cm-lintRange-error');
    const gutter = editor.locator('.cm-lint-marker-error');
    await Promise.any([marked.first().waitFor({ timeout: 5000 }), gutter.first().waitFor({ timeout: 5000 })]);
    assert((await gutter.count()) > 0, 'an error marker in the lint gutter');
    await shot('resource-detail-yaml-error');
    await page.getByRole('button', { name: 'Reset editor' }).click();
    await editor.locator('.cm-line', { hasText: 'vlan: 1201' }).waitFor();
    await gutter.first().waitFor({ state: 'detached', timeout: 5000 });
  });

  await step('admission: the demo fabric shows its invalid count; a draft overlapping demo-vpc-1 is refused at the field', async () => {
    await openFabric('demo');
    const count = (await page.getByTestId('invalid-resources').innerText()).trim();
    assert(count === '0', `invalid resources on the demo fabric: ${count}`);
    await openResource('VPC', 'vpc-test');
    const line = page.getByTestId('draft-editor').locator('.cm-line', { hasText: 'subnet: 10.10.200.0/24' });
    await line.click();
    await page.keyboard.press('End');
    for (let i = 0; i < '10.10.200.0/24'.length; i++) await page.keyboard.press('Backspace');
    await page.keyboard.type('10.10.101.0/24');
    await page.getByRole('button', { name: 'Save draft' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'VALIDATION_FAILED' });
    await alert.waitFor();
    const problem = alert.locator('li', { hasText: 'spec.subnets.default.subnet' });
    await problem.waitFor();
    const text = await problem.innerText();
    assert(text.includes('overlaps') && text.includes('VPC demo-vpc-1'), `problem: ${text}`);
    await shot('resource-detail-admission-refused');
    await page.getByRole('button', { name: 'Reset editor' }).click();
    await page.getByTestId('draft-editor').locator('.cm-line', { hasText: 'subnet: 10.10.200.0/24' }).waitFor();
    await page.getByTestId('draft-yaml').filter({ hasText: 'vlan: 1201' }).waitFor();
    const filter = page.getByTestId('admission-filter');
    await page.getByRole('navigation').getByRole('link', { name: 'Resources' }).click();
    await filter.selectOption('INVALID');
    await page.getByText('0 resources').first().waitFor();
    await filter.selectOption('');
  });

  await step('status: the fabric tells Git (1 pending draft), cluster and conflicts apart, each linking to its resources', async () => {
    await openFabric('demo');
    assert((await statusBecomes('git', 'drafts')) === 'drafts', `git status ${await statusOf('git')}`);
    const git = await page.getByTestId('status-git').getByRole('link').innerText();
    assert(git === '1 pending draft', `git indicator: ${git}`);
    assert(['unknown', 'not-configured', 'in-sync', 'drift'].includes(await statusOf('cluster')), 'a cluster indicator');
    assert((await statusOf('conflicts')) === 'none', 'no conflicts');
    await page.getByTestId('status-git').getByRole('link').click();
    await page.getByRole('heading', { name: 'Resources' }).waitFor();
    assert(new URL(page.url()).searchParams.get('draft') === 'yes', `drafts filter: ${page.url()}`);
    await page.locator('tr[data-resource="VPC/vpc-test"]').waitFor();
    await page.getByText('1 resources').first().waitFor();
  });

  await step('the resource list has no per-row Sync to Git; its Actions cells are table cells', async () => {
    const row = page.locator('tr[data-resource="VPC/vpc-test"]');
    assert((await row.getByRole('button', { name: 'Sync to Git' }).count()) === 0, 'no Sync to Git in the row');
    const display = await row.locator('td.actions-cell').evaluate((td) => td.ownerDocument.defaultView.getComputedStyle(td).display);
    assert(display === 'table-cell', `actions cell display: ${display}`);
  });

  await step('review: Sync to Git previews the diff; Cancel leaves the remote and the operations unchanged', async () => {
    await openFabric('demo');
    const before = gitHead();
    const dialog = await openReview('Sync to Git');
    const preview = await readReview(dialog);
    await shot('review-sync-to-git');
    assert(preview.files.length === 1, `one file: ${JSON.stringify(preview.files.map((f) => f.path))}`);
    const lines = changedLines(preview.files[0].diff).map((l) => l.replace(/\s+/g, ' '));
    assert(lines.includes('- vlan: 1200') && lines.includes('+ vlan: 1201'), `diff lines: ${lines.join(' | ')}`);
    assert(preview.message?.startsWith('HNP: update 1 VPC'), `message: ${preview.message}`);
    assert(preview.target.startsWith('branch '), `target: ${preview.target}`);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    assert(gitHead() === before, 'the remote head is unchanged after Cancel');
    assert((await realOperations('GUI_TO_GIT')).length === 0, 'no write-back operation was started');
    assert((await statusOf('git')) === 'drafts', 'the draft is still pending');
  });

  await step('Sync to Git commits the draft: Commit and push pushes exactly the previewed diff and message', async () => {
    await openFabric('demo');
    const before = gitHead();
    const r = await runOperation('Sync to Git');
    await shot('fabric-detail-synced');
    assert(r.status === 'SUCCEEDED', `status ${r.status}: ${r.text}`);
    const subject = gitSubject();
    assert(subject.startsWith('HNP: update 1 VPC'), `git subject: ${subject}`);
    const after = gitHead();
    assert(sh('git', ['--git-dir', bare, 'rev-parse', 'HEAD~1']) === before, 'one commit on top of the previous head');
    const paths = sh('git', ['--git-dir', bare, 'diff', '--name-only', before, after]).split('\n').sort();
    assert(JSON.stringify(paths) === JSON.stringify(r.preview.files.map((f) => f.path).sort()), `pushed files ${paths} vs previewed`);
    for (const f of r.preview.files) {
      const pushed = changedLines(sh('git', ['--git-dir', bare, 'diff', before, after, '--', f.path]));
      const previewed = changedLines(f.diff);
      assert(JSON.stringify(pushed) === JSON.stringify(previewed), `${f.path}: pushed ${pushed.join(' | ')} vs previewed ${previewed.join(' | ')}`);
    }
    const body = sh('git', ['--git-dir', bare, 'log', '-1', '--format=%B', after]);
    const withoutTrailers = body.split('\n').filter((l) => !/^HNP-(Operation|User):/.test(l)).join('\n').trim();
    assert(withoutTrailers === r.preview.message.trim(), `commit message:\n${withoutTrailers}\n--- previewed:\n${r.preview.message}`);
    assert((await page.getByTestId('review-mismatch').count()) === 0, 'no preview mismatch reported');
    assert((await statusBecomes('git', 'in-sync')) === 'in-sync', `after the write the fabric is refetched: git ${await statusOf('git')}`);
    const state = await resourceState('VPC', 'vpc-test', 'COMMITTED');
    await shot('resources');
    assert(state === 'COMMITTED', `resource state ${state}`);
  });

  let conflictRun = null;
  await step('conflict: Git and GUI change vlan, Sync from Git opens a conflict and merges the other draft', async () => {
    const clone = join(dataDir, 'clone');
    sh('git', ['clone', '-q', bare, clone]);
    const file = sh('git', ['-C', clone, 'grep', '-l', 'name: vpc-test']).split('\n')[0];
    const path = join(clone, file);
    const text = readFileSync(path, 'utf8');
    assert(text.includes('vlan: 1201'), `${file} has vlan: 1201`);
    writeFileSync(path, text.replace('vlan: 1201', 'vlan: 1300'));
    // The same commit changes another field of demo-vpc-1, whose VLAN the GUI edits: that one
    // merges without a conflict.
    const other = join(clone, sh('git', ['-C', clone, 'grep', '-l', 'end: 10.10.101.99']).split('\n')[0]);
    writeFileSync(other, readFileSync(other, 'utf8').replace('end: 10.10.101.99', 'end: 10.10.101.98'));
    const git = ['-C', clone, '-c', 'user.name=E2E', '-c', 'user.email=e2e@example.com'];
    sh('git', [...git, 'commit', '-q', '-am', 'e2e: vlan 1300 and a DHCP range end in Git']);
    sh('git', [...git, 'push', '-q', 'origin', 'HEAD']);

    await openResource('VPC', 'vpc-test');
    await editVlan(1201, 1202);
    await openResource('VPC', 'demo-vpc-1');
    await editVlan(1101, 1111);
    await openFabric('demo');
    const r = await runOperation('Sync from Git');
    await shot('fabric-detail-conflict');
    assert(['SUCCEEDED', 'PARTIALLY_SUCCEEDED'].includes(r.status), `status ${r.status}: ${r.text}`);
    const bar = page.locator(`[data-testid="sync-progress"][data-operation-id="${r.operationId}"]`);
    const said = await bar.getByTestId('operation-outcome').innerText();
    assert(said.includes('1 conflict opened'), `the finished progress names the conflict: ${said}`);
    conflictRun = r.operationId;
  });

  await step('operation status and detail: a run that opened a conflict and auto-merged a draft says both', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Operations' }).click();
    await page.getByRole('heading', { name: 'Operations', level: 1 }).waitFor();
    const row = page.locator(`tr[data-operation-id="${conflictRun}"]`);
    await row.waitFor();
    const notes = await row.getByTestId('operation-outcome').locator('[data-outcome]').allInnerTexts();
    const line = notes.map((n) => n.replace(/^\s*·\s*/, '').trim());
    assert(line.includes('1 conflict opened') && line.includes('1 draft auto-merged'), `status line: ${line.join(' | ')}`);
    const id = await row.getAttribute('data-operation-id');
    await row.getByRole('link', { name: /Details/ }).click();
    await page.locator(`[data-testid="operation-detail"][data-operation-id="${id}"]`).waitFor();
    const heading = await page.getByRole('heading', { level: 1 }).innerText();
    assert(heading.includes('1 conflict opened') && heading.includes('1 draft auto-merged'), `detail status line: ${heading}`);
    const merged = await page.getByTestId('operation-auto-merged').locator('li').allInnerTexts();
    assert(merged.length === 1 && merged[0].startsWith('VPC demo-vpc-1') && merged[0].includes('dhcp'), `auto-merged: ${merged.join(' | ')}`);
    const conflicts = page.getByTestId('operation-conflicts');
    const link = conflicts.getByRole('link', { name: 'VPC vpc-test' });
    assert((await conflicts.locator('li').count()) === 1, 'one conflict listed');
    assert((await link.getAttribute('href')).startsWith('/conflicts/'), 'the conflict links to its resolution page');
    assert((await conflicts.innerText()).includes('vlan'), `conflict paths: ${await conflicts.innerText()}`);
    await shot('operation-detail-merge-and-conflict');
  });

  await step('resolve the conflict with GUI wins and Sync Bidirectional makes a new commit', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Conflicts' }).click();
    await page.getByRole('heading', { name: 'Conflicts' }).waitFor();
    await page.getByRole('link', { name: 'Resolve' }).first().click();
    await page.getByTestId('three-way').waitFor();
    await page.locator('tr.conflict-path').first().waitFor();
    await shot('conflicts');
    // The merge editor keeps every keystroke, also when typing moves the conflicting line.
    const merged = page.getByTestId('merged-editor');
    const vlanLine = merged.locator('.cm-line', { hasText: 'vlan: 1300' });
    await vlanLine.click();
    await page.keyboard.press('End');
    await page.keyboard.press('Shift+Home');
    const typed = ['# replaced in the merge editor', '# by typing several lines', 'vlan: 1401'];
    await page.keyboard.type(typed.join('\n'), { delay: 15 });
    const text = (await merged.locator('.cm-line').allInnerTexts()).map((l) => l.trim());
    const at = text.indexOf(typed[0]);
    assert(at >= 0 && text[at + 1] === typed[1] && text[at + 2] === typed[2], `merged editor reads back:\n${text.join('\n')}`);
    assert(!text.includes('vlan: 1300'), 'the replaced line is gone');
    await shot('conflicts-merge-typed');
    await page.getByRole('button', { name: 'GUI wins' }).click();
    await page.getByTestId('resolve-notice').waitFor();
    await page.getByTestId('no-conflicts').waitFor();
    const before = gitHead();
    await openFabric('demo');
    const r = await runOperation('Sync Bidirectional');
    assert(r.status === 'SUCCEEDED', `status ${r.status}: ${r.text}`);
    const after = gitHead();
    assert(after !== before, 'a new commit exists');
    const file = sh('git', ['--git-dir', bare, 'show', `HEAD:${sh('git', ['--git-dir', bare, 'grep', '-l', 'name: vpc-test', 'HEAD']).split('\n')[0].replace(/^HEAD:/, '')}`]);
    assert(file.includes('vlan: 1202'), 'Git holds the GUI value');
    await shot('fabric-detail-resolved');
  });

  await step('other pages render (Repositories, Operations, Admin, New resource)', async () => {
    for (const [nav, name] of [
      ['Repositories', 'repositories'],
      ['Operations', 'operations'],
      ['Admin', 'admin'],
    ]) {
      await page.getByRole('navigation').getByRole('link', { name: nav, exact: true }).click();
      await page.getByRole('heading', { name: nav, level: 1 }).waitFor();
      await page.waitForLoadState('networkidle');
      await shot(name);
    }
    await page.getByRole('navigation').getByRole('link', { name: 'Resources', exact: true }).click();
    await page.getByRole('link', { name: 'New resource' }).click();
    await page.getByRole('heading', { name: 'New resource (draft)', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Create draft' }).waitFor();
    await shot('resource-new');
  });

  await step('Test Connection shows the real result', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Repositories' }).click();
    await page.getByRole('button', { name: 'Test Connection' }).first().click();
    await page.getByTestId('connection-test').getByText('OK', { exact: true }).waitFor({ timeout: TIMEOUT });
    await shot('repositories-tested');
  });
}
