// Fails when src/graphql/generated is stale: regenerates into a temp dir and diffs it with the committed output.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tmp = mkdtempSync(join(tmpdir(), 'hnp-codegen-'));
const committed = join(root, 'src', 'graphql', 'generated');
try {
  execFileSync(join(root, 'node_modules', '.bin', 'graphql-codegen'), ['--config', 'codegen.ts'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, HNP_CODEGEN_OUT: tmp + '/' },
  });
  const list = (dir) => (existsSync(dir) ? readdirSync(dir).filter((f) => !f.startsWith('.')).sort() : []);
  const a = list(committed);
  const b = list(tmp);
  const stale = [];
  for (const f of new Set([...a, ...b])) {
    const x = existsSync(join(committed, f)) ? readFileSync(join(committed, f), 'utf8') : null;
    const y = existsSync(join(tmp, f)) ? readFileSync(join(tmp, f), 'utf8') : null;
    if (x !== y) stale.push(f);
  }
  if (stale.length) {
    console.error(`generated code is stale (${stale.join(', ')}): run \`npm run codegen\``);
    process.exit(1);
  }
  console.log('codegen: up to date');
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
