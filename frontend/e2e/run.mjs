// End-to-end test: a real `hnp demo` server + Debian's Chromium driven by playwright-core.
// Usage: npm run e2e   (env: HNP_BIN to skip the cargo build, CHROMIUM=/path, E2E_KEEP=1 keeps the temp dir)
// This file is the runner (server, browser, steps); the steps live in e2e/flows/*.mjs and the page
// helpers in e2e/helpers.mjs.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, existsSync, readdirSync, statSync, writeFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { makeHelpers } from './helpers.mjs';
import syncFlow from './flows/sync.mjs';
import uiFlow from './flows/ui.mjs';
import adminFlow from './flows/admin.mjs';
import cockpitFlow from './flows/cockpit.mjs';
import topologyFlow from './flows/topology.mjs';
import clusterFlow from './flows/cluster.mjs';
import historyFlow from './flows/history.mjs';
import notifyFlow from './flows/notify.mjs';

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
      // Detection (every 2 minutes by default) would sync pending drafts of the flows in the
      // middle of their steps; the flows trigger every sync they check themselves.
      HNP_DETECT_SCHEDULE: process.env.HNP_DETECT_SCHEDULE ?? '0 0 0 1 1 *',
      // The flows read the demo's simulated cluster themselves (its status is unknown until then).
      HNP_CLUSTER_SCHEDULE: process.env.HNP_CLUSTER_SCHEDULE ?? '0 0 0 1 1 *',
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

/**
 * Another `hnp demo` with its own data dir and port, seeded as a new user gets it (the main one
 * is changed by the flows as they go); `stop()` ends it and keeps its data dir only on failure.
 */
async function freshDemo() {
  const dir = mkdtempSync(join(tmpdir(), 'hnp-e2e-'));
  const p = await freePort();
  const s = await startServer(bin, dir, p);
  return {
    base: `http://127.0.0.1:${p}`,
    password: s.password,
    dir,
    bare: join(dir, 'demo', 'fabric.git'),
    stop(failed) {
      s.child.kill('SIGTERM');
      if (failed) writeFileSync(join(artifacts, 'fresh-server.log'), s.logs());
      else if (!process.env.E2E_KEEP) rmSync(dir, { recursive: true, force: true });
    },
  };
}

const t = { page, context, step, assert, shot, server, dataDir, bare, base, sh, log, TIMEOUT, artifacts, freshDemo };
t.h = makeHelpers(t);

let failed = false;
try {
  // E2E_FLOWS=sync,cockpit runs only those flows (in this order of the full run); the default is all.
  const only = process.env.E2E_FLOWS ? new Set(process.env.E2E_FLOWS.split(',')) : null;
  const flows = [
    ['sync', syncFlow],
    ['ui', uiFlow],
    ['cockpit', cockpitFlow],
    ['topology', topologyFlow],
    ['admin', adminFlow],
    ['cluster', clusterFlow],
    ['history', historyFlow],
    ['notify', notifyFlow],
  ];
  for (const [name, flow] of flows) if (!only || only.has(name)) await flow(t);
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
