// End-to-end test: a real `hnp demo` server + Debian's Chromium driven by playwright-core.
// Usage: npm run e2e   (env: HNP_BIN to skip the cargo build, CHROMIUM=/path, E2E_KEEP=1 keeps the temp dir)
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, existsSync, readFileSync, readdirSync, statSync, writeFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const frontend = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = resolve(frontend, '..');
const artifacts = join(frontend, 'e2e', 'artifacts');
mkdirSync(artifacts, { recursive: true });
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const TIMEOUT = 90_000;

const log = (...a) => console.log(new Date().toISOString().slice(11, 19), ...a);
const sh = (cmd, args, opts = {}) => execFileSync(cmd, args, { encoding: 'utf8', ...opts }).trim();

function serverBinary() {
  if (process.env.HNP_BIN) return process.env.HNP_BIN;
  log('cargo build -p hnp-api');
  execFileSync('cargo', ['build', '-p', 'hnp-api'], { cwd: repoRoot, stdio: 'inherit' });
  const meta = JSON.parse(sh('cargo', ['metadata', '--format-version', '1', '--no-deps'], { cwd: repoRoot, maxBuffer: 64 << 20 }));
  return join(meta.target_directory, 'debug', 'hnp');
}

/** Newest modification time of the files `npm run build` reads (sources, config, lockfile). */
function newestSourceMtime() {
  let newest = 0;
  const visit = (path) => {
    const st = statSync(path);
    if (st.isDirectory()) for (const e of readdirSync(path)) visit(join(path, e));
    else newest = Math.max(newest, st.mtimeMs);
  };
  for (const f of ['src', 'index.html', 'vite.config.ts', 'tsconfig.json', 'package-lock.json']) {
    if (existsSync(join(frontend, f))) visit(join(frontend, f));
  }
  return newest;
}

function ensureDist() {
  const index = join(frontend, 'dist', 'index.html');
  if (!existsSync(index)) {
    log('frontend/dist missing: npm run build');
  } else if (statSync(index).mtimeMs < newestSourceMtime()) {
    log('frontend/dist older than its sources: npm run build');
  } else {
    return;
  }
  execFileSync('npm', ['run', 'build'], { cwd: frontend, stdio: 'inherit' });
}

function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.unref();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

async function startServer(bin, dataDir, port) {
  const child = spawn(bin, ['demo'], {
    cwd: dataDir,
    env: {
      ...process.env,
      HNP_DATA_DIR: dataDir,
      HNP_LISTEN: `127.0.0.1:${port}`,
      HNP_FRONTEND_DIR: join(frontend, 'dist'),
      HNP_LOG: process.env.HNP_LOG ?? 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => {
    stderr += d;
    if (process.env.E2E_VERBOSE) process.stderr.write(d);
  });
  const deadline = Date.now() + 120_000;
  let password = null;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`hnp demo exited (${child.exitCode}):\n${stderr}`);
    const m = stdout.match(/admin password: (\S+)/);
    if (m) password = m[1];
    if (password) {
      try {
        const r = await fetch(`http://127.0.0.1:${port}/healthz`);
        if (r.ok) return { child, password, logs: () => stderr };
      } catch {
        /* not yet */
      }
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill('SIGTERM');
  throw new Error(`hnp demo did not come up:\n${stdout}\n${stderr}`);
}

// ---- tiny runner ----
const results = [];
async function step(name, fn) {
  const t = Date.now();
  try {
    await fn();
    results.push({ name, ok: true });
    log(`ok   ${name} (${Date.now() - t} ms)`);
  } catch (e) {
    results.push({ name, ok: false, error: e });
    log(`FAIL ${name}: ${e?.stack ?? e}`);
    throw e;
  }
}
function assert(cond, msg) {
  if (!cond) throw new Error(`assertion failed: ${msg}`);
}

const bin = serverBinary();
ensureDist();
const dataDir = mkdtempSync(join(tmpdir(), 'hnp-e2e-'));
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const bare = join(dataDir, 'demo', 'fabric.git');
log(`data dir ${dataDir}, ${base}`);
const server = await startServer(bin, dataDir, port);
log('server up');

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
const page = await context.newPage();
page.setDefaultTimeout(30_000);
const consoleErrors = [];
page.on('console', (m) => {
  if (m.type() === 'error') consoleErrors.push(m.text());
});
page.on('pageerror', (e) => consoleErrors.push(String(e)));
const shot = (name) => page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });

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

const sessionToken = () => page.evaluate(() => sessionStorage.getItem('hnp.token'));

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
  assert((await sessionToken()) === null, 'session token cleared from sessionStorage');
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

/** Clicks a sync button and waits for its progress bar to reach a terminal state. */
async function runOperation(label) {
  await page.getByRole('button', { name: label, exact: true }).click();
  const bar = page.locator(`[data-testid="sync-progress"][data-label="${label}"][data-done="true"]`);
  await bar.waitFor({ timeout: TIMEOUT });
  const status = await bar.getAttribute('data-status');
  const percent = await bar.getByRole('progressbar').getAttribute('aria-valuenow');
  return { status, percent: Number(percent), text: await bar.innerText() };
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

let failed = false;
try {
  await step('admin logs in and lands on Fabrics', async () => {
    await login('admin', server.password);
    await page.getByTestId('current-role').filter({ hasText: 'ADMIN' }).waitFor();
    for (const l of ['Fabrics', 'Resources', 'Conflicts', 'Repositories', 'Operations', 'Admin']) {
      await page.getByRole('navigation').getByRole('link', { name: l, exact: true }).waitFor();
    }
    await page.getByRole('link', { name: 'demo', exact: true }).waitFor();
    await shot('fabrics');
  });

  await step('Initialize Directories runs to completion with a live progress bar', async () => {
    await openFabric('demo');
    const r = await runOperation('Initialize Directories');
    await shot('fabric-detail-initialized');
    assert(r.status === 'SUCCEEDED', `status ${r.status}: ${r.text}`);
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

  await step('Sync to Git commits the draft', async () => {
    await openFabric('demo');
    const r = await runOperation('Sync to Git');
    await shot('fabric-detail-synced');
    assert(r.status === 'SUCCEEDED', `status ${r.status}: ${r.text}`);
    const subject = gitSubject();
    assert(subject.startsWith('HNP: update 1 VPC'), `git subject: ${subject}`);
    const state = await resourceState('VPC', 'vpc-test', 'COMMITTED');
    await shot('resources');
    assert(state === 'COMMITTED', `resource state ${state}`);
  });

  await step('conflict: Git and GUI change vlan, Sync Bidirectional opens a conflict', async () => {
    const clone = join(dataDir, 'clone');
    sh('git', ['clone', '-q', bare, clone]);
    const file = sh('git', ['-C', clone, 'grep', '-l', 'name: vpc-test']).split('\n')[0];
    const path = join(clone, file);
    const text = readFileSync(path, 'utf8');
    assert(text.includes('vlan: 1201'), `${file} has vlan: 1201`);
    writeFileSync(path, text.replace('vlan: 1201', 'vlan: 1300'));
    const git = ['-C', clone, '-c', 'user.name=E2E', '-c', 'user.email=e2e@example.com'];
    sh('git', [...git, 'commit', '-q', '-am', 'e2e: vlan 1300 in Git']);
    sh('git', [...git, 'push', '-q', 'origin', 'HEAD']);

    await openResource('VPC', 'vpc-test');
    await editVlan(1201, 1202);
    await openFabric('demo');
    const r = await runOperation('Sync Bidirectional');
    await shot('fabric-detail-conflict');
    assert(['SUCCEEDED', 'PARTIALLY_SUCCEEDED'].includes(r.status), `status ${r.status}: ${r.text}`);
  });

  await step('resolve the conflict with GUI wins and Sync to Git makes a new commit', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Conflicts' }).click();
    await page.getByRole('heading', { name: 'Conflicts' }).waitFor();
    await page.getByRole('link', { name: 'Resolve' }).first().click();
    await page.getByTestId('three-way').waitFor();
    await page.locator('tr.conflict-path').first().waitFor();
    await shot('conflicts');
    await page.getByRole('button', { name: 'GUI wins' }).click();
    await page.getByTestId('resolve-notice').waitFor();
    await page.getByTestId('no-conflicts').waitFor();
    const before = gitHead();
    await openFabric('demo');
    const r = await runOperation('Sync to Git');
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
    await page.getByTestId('connection-test').getByText('OK').waitFor({ timeout: TIMEOUT });
    await shot('repositories-tested');
  });

  await step('the tokens panel lists the admin session; a created API token is listed, works, and is revoked', async () => {
    await openAdmin();
    const panel = page.getByTestId('tokens-panel');
    const token = await sessionToken();
    assert(token, 'a session token in sessionStorage');
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
    assert(token, 'a session token in sessionStorage');
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
} catch {
  failed = true;
  await shot('failure').catch(() => {});
} finally {
  await browser.close().catch(() => {});
  server.child.kill('SIGTERM');
  if (failed) {
    writeFileSync(join(artifacts, 'server.log'), server.logs());
    log(`server log: ${join(artifacts, 'server.log')}; data dir kept: ${dataDir}`);
  } else if (!process.env.E2E_KEEP) {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
if (consoleErrors.length) log(`browser console errors:\n  ${consoleErrors.join('\n  ')}`);
const passed = results.filter((r) => r.ok).length;
const nfailed = results.length - passed;


console.log(`${passed} passed, ${nfailed} failed`);
process.exit(failed ? 1 : 0);
