// Settings › Webhooks: a webhook created in the workspace shows its secret once, and its test
// event reaches an HTTP server this test runs, signed as the Standard Webhooks spec says.
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { env, signIn } from './kefu';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** receiver is a customer's endpoint on 127.0.0.1 that records what it gets. */
async function receiver() {
  const got: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      got.push({ headers: req.headers, body });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/kefu-hook`, got, close: () => server.close() };
}

/** signed checks a delivery the way the webhooks guide tells customers to. */
function signed(secret: string, r: Received): boolean {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const id = String(r.headers['webhook-id']), ts = String(r.headers['webhook-timestamp']);
  const want = 'v1,' + createHmac('sha256', key).update(`${id}.${ts}.${r.body}`).digest('base64');
  return String(r.headers['webhook-signature']).split(' ').includes(want);
}

test('a webhook created in settings receives its signed test event', async ({ page }) => {
  const e = env();
  const recv = await receiver();
  try {
    await signIn(page, e.owner);
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-webhooks').click();
    await page.getByTestId('webhook-create').click();
    await page.getByTestId('webhook-url').fill(recv.url);
    await page.getByTestId('webhook-event-message.created').click();
    await page.getByTestId('webhook-event-conversation.resolved').click();
    await page.getByTestId('webhook-submit').click();
    const secret = (await page.getByTestId('webhook-secret').textContent())?.trim() ?? '';
    expect(secret).toMatch(/^whsec_/);
    await page.keyboard.press('Escape');
    await expect(page.getByText(recv.url)).toBeVisible();
    const mine = page.locator('.el-table__row', { hasText: recv.url });

    await mine.getByTestId('webhook-ping').click();
    // Other files' tests share the organisation, so message.created deliveries may arrive too:
    // the test event is the one of type webhook.test, and exactly one arrives.
    const pings = () => recv.got.filter((r) => JSON.parse(r.body).type === 'webhook.test');
    await expect.poll(() => pings().length).toBe(1);
    const ping = pings()[0];
    expect(signed(secret, ping)).toBe(true);

    // Its delivery is listed as delivered. Other files' messages reach this webhook too, so the
    // test event's row is the one looked at, not the newest.
    await mine.getByTestId('webhook-deliveries').click();
    const testRow = page.getByTestId('deliveries-table').locator('.el-table__row', { hasText: 'webhook.test' });
    await expect(async () => {
      await page.getByTestId('deliveries-refresh').click();
      await expect(testRow.getByTestId('delivery-status')).toHaveText('Delivered', { timeout: 1000 });
    }).toPass();

    // Deliveries are jobs among the organisation's background jobs.
    await page.keyboard.press('Escape');
    await page.getByTestId('settings-jobs').click();
    await expect(page.locator('.el-table__row', { hasText: 'webhook.delivery' }).filter({ hasText: 'Delivered' }).first()).toBeVisible();
  } finally {
    recv.close();
  }
});
