// The "customer's website" of the browser tests: a tiny server on another origin that serves a
// page with the embed snippet. The page has a strict CSP of its own (no inline styles, scripts
// only by nonce), so the tests also show the loader needs nothing a careful site forbids.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * startHostServer serves host.html on 127.0.0.1 (origin: another port than kefu's, same site)
 * and, through the name localhost, on another site too (crossSiteOrigin), where browsers treat
 * the widget as a third-party iframe and may deny it storage.
 */
export async function startHostServer(kefuBase: string): Promise<{ origin: string; crossSiteOrigin: string; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname !== '/host.html') {
      res.writeHead(404).end();
      return;
    }
    const key = url.searchParams.get('key') ?? '';
    const nonce = Math.random().toString(36).slice(2);
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': `default-src 'self'; script-src 'nonce-${nonce}' ${kefuBase}; style-src 'self'; frame-src ${kefuBase}; connect-src 'self'`,
    });
    res.end(page(kefuBase, key, nonce));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, crossSiteOrigin: `http://localhost:${port}`, close: () => new Promise((r) => server.close(() => r())) };
}

// The snippet as kefu's inbox API gives it, plus calls queued before the loader arrives.
function page(kefuBase: string, key: string, nonce: string): string {
  const k = JSON.stringify(key);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Host shop</title></head>
<body><h1>Host shop</h1><p>Some page content.</p>
<script nonce="${nonce}">
window.__events = [];
window.$kefu = window.$kefu || [];
$kefu.push(['on', 'message', function (m) { window.__events.push(['message', m.sender_type, m.content]); }]);
$kefu.push(['on', 'open', function () { window.__events.push(['open']); }]);
$kefu.push(['on', 'close', function () { window.__events.push(['close']); }]);
$kefu.push(['setAttributes', { plan: 'gold' }]);
(function (d, s) { s = d.createElement('script'); s.src = '${kefuBase}/widget.js'; s.async = 1; s.dataset.widgetKey = ${k}; d.head.appendChild(s); })(document);
</script>
</body></html>`;
}
