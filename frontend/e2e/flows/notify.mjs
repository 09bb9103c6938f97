// Notifications (issue 19) on the fabric page: an operator adds a signed webhook target pointing
// at a real HTTP receiver started here, the table shows its URL without the path (a credential,
// often) and never the secret, "Send test" delivers a `test` event whose X-HNP-Signature the
// receiver checks with its own HMAC, and Remove takes the target away.
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { makeHelpers } from '../helpers.mjs';

const SECRET = 'e2e-signing-secret-7f3a';

function startReceiver() {
  const received = [];
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url, headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({ port: server.address().port, received, close: () => server.close() }));
  });
}

export default async function notifyFlow(t) {
  const { step, assert, context, artifacts } = t;
  const receiver = await startReceiver();
  const tab = await context.browser().newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await tab.newPage();
  page.setDefaultTimeout(30_000);
  const shot = (name) => page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
  const { login, openFabric } = makeHelpers({ ...t, page, base: t.base, shot });
  const card = () => page.getByTestId('notifications');
  const url = `http://127.0.0.1:${receiver.port}/hooks/path-token-91c2`;
  try {
    await step('notify: an operator adds a signed webhook target; its path and secret are never shown', async () => {
      await login('admin', t.server.password);
      await openFabric('demo');
      await card().waitFor();
      await card().getByLabel('Target type').selectOption('WEBHOOK');
      await card().getByLabel('Target URL').fill(url);
      await card().getByLabel('Signing secret').fill(SECRET);
      await card().getByRole('button', { name: 'Add target' }).click();
      const row = card().locator('tr[data-target]');
      await row.first().waitFor();
      const text = await row.first().innerText();
      assert(text.includes(`http://127.0.0.1:${receiver.port}/…`), `target row: ${text}`);
      assert(/Webhook/.test(text) && /\byes\b/.test(text) && /\ball\b/.test(text), `target row: ${text}`);
      const html = await page.content();
      assert(!html.includes('path-token-91c2'), 'the URL path is never on the page');
      assert(!html.includes(SECRET), 'the secret is never on the page');
      await shot('notify-target');
    });

    await step('notify: Send test delivers a test event signed with the target secret', async () => {
      await card().getByRole('button', { name: /Send a test to target/ }).first().click();
      const result = card().getByTestId('notify-test-result');
      await result.waitFor();
      const text = await result.innerText();
      assert(text.includes('delivered (HTTP 200)'), `test result: ${text}`);
      assert(receiver.received.length === 1, `received ${receiver.received.length}`);
      const got = receiver.received[0];
      assert(got.path === '/hooks/path-token-91c2', `path: ${got.path}`);
      const expected = 'sha256=' + createHmac('sha256', SECRET).update(got.body).digest('hex');
      assert(got.headers['x-hnp-signature'] === expected, `signature ${got.headers['x-hnp-signature']}`);
      const body = JSON.parse(got.body.toString('utf8'));
      assert(body.event === 'test' && body.fabric?.name === 'demo' && body.at, `body: ${got.body}`);
      await card().getByTestId('notify-deliveries').filter({ hasText: 'delivered' }).waitFor();
    });

    await step('notify: Remove takes the target away', async () => {
      await card().getByRole('button', { name: /Remove target/ }).first().click();
      await card().getByText('No notification targets.').waitFor();
    });
  } finally {
    receiver.close();
    await tab.close().catch(() => {});
  }
}
