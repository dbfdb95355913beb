import { readFileSync, writeFileSync } from 'node:fs';
import { expect, test } from './fixtures';
import { makeTestPki } from '../fixtures/certificates';
import { startEchoServer } from '../fixtures/echoServer';

test('POST a JSON body with a header, read the echo in Pretty view, search it and save it', async ({ page, host, echo }) => {
  await page.goto(host.url);
  await page.getByLabel('Method').selectOption('POST');
  await page.getByLabel('URL').fill(`${echo.url}/echo`);
  await page.getByRole('tab', { name: /Headers/ }).first().click();
  await page.getByLabel('Header 1 name').fill('X-Journey');
  await page.getByLabel('Header 1 value').fill('three');
  await page.getByText('Headers that will be sent').click();
  const willBeSent = page.getByRole('table', { name: 'Headers that will be sent' });
  await expect(willBeSent).toContainText('X-Journey');
  await expect(willBeSent).toContainText('User-Agent');
  await page.getByRole('tab', { name: /^Body/ }).first().click();
  await page.getByRole('radio', { name: 'JSON' }).click();
  await page.getByRole('textbox', { name: 'Body', exact: true }).fill('{"customer": {"name": "Ada", "plan": "pro"}}');
  await page.getByRole('tab', { name: /Headers/ }).first().click();
  await expect(willBeSent).toContainText('application/json');
  await page.keyboard.press('Control+Enter');

  await expect(page.getByTestId('response-status')).toHaveText('200 OK');
  const body = page.getByTestId('response-body');
  await expect(body).toContainText('"method": "POST"');
  await expect(body).toContainText('"x-journey": "three"');
  await expect(page.getByRole('radio', { name: 'Pretty' })).toHaveAttribute('aria-checked', 'true');

  const search = page.getByLabel('Search body');
  await page.keyboard.press('Control+f');
  await expect(search).toBeFocused();
  await search.fill('x-journey');
  await search.press('Enter');
  await expect(page.getByTestId('match-count')).toHaveText('1 match · row 1/1');
  await expect(body.locator('mark')).toHaveText('x-journey');

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save' }).click();
  const file = await (await download).path();
  const saved = JSON.parse(readFileSync(file, 'utf8')) as { method: string; body: string; headers: Record<string, string> };
  expect(saved.method).toBe('POST');
  expect(JSON.parse(saved.body)).toEqual({ customer: { name: 'Ada', plan: 'pro' } });
  expect(saved.headers['x-journey']).toBe('three');

  await page.getByRole('tab', { name: 'Request' }).click();
  await expect(page.getByTestId('sent-request')).toContainText('X-Journey: three');
});

test('a 20 MB JSON response opens in Pretty view, scrolls and finds a match at the end', async ({ page, host, echo }) => {
  await page.goto(host.url);
  await page.getByLabel('URL').fill(`${echo.url}/large?mb=20`);
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByTestId('response-status')).toHaveText('200 OK', { timeout: 30_000 });
  const body = page.getByTestId('response-body');
  await expect(body).toContainText('"name": "record 0"');
  await page.getByLabel('Search body').fill('needle-at-the-end');
  await page.getByLabel('Search body').press('Enter');
  await expect(page.getByTestId('match-count')).toHaveText('1 match · row 1/1', { timeout: 20_000 });
  await expect(body.locator('mark')).toHaveText('needle-at-the-end');
  await page.getByRole('radio', { name: 'Raw' }).click();
  // The raw view opens at the same place: the end of the one long line.
  await expect(body).toContainText('{"id":-1,"name":"needle-at-the-end"}]');
});

test('invalid JSON shows the raw text and where it breaks', async ({ page, host, echo }) => {
  await page.goto(host.url);
  await page.getByLabel('Method').selectOption('POST');
  await page.getByLabel('URL').fill(`${echo.url}/echo`);
  await page.getByRole('tab', { name: /^Body/ }).first().click();
  await page.getByRole('radio', { name: 'Raw' }).click();
  await page.getByRole('textbox', { name: 'Body', exact: true }).fill('not json');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByTestId('response-status')).toHaveText('200 OK');
  // The echo is valid JSON; a broken body comes from /status (text) — check the raw path for text bodies.
  await page.getByLabel('URL').fill(`${echo.url}/status/500`);
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByTestId('response-status')).toHaveText('500 Internal Server Error');
  await expect(page.getByText('The API hit an error while processing the request.')).toBeVisible();
  await expect(page.getByTestId('response-body')).toContainText('status 500');
  await expect(page.getByRole('radio', { name: 'Pretty' })).toBeDisabled();
});

test('Copy as cURL keeps secrets as placeholders unless asked', async ({ page, context, host, echo }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: host.origin });
  await page.goto(host.url);
  await page.getByLabel('URL').fill(`${echo.url}/echo`);
  await page.getByRole('tab', { name: /Headers/ }).first().click();
  await page.getByLabel('Header 1 name').fill('Authorization');
  await page.getByLabel('Header 1 value').fill('Bearer typed-secret');
  await page.getByRole('button', { name: 'Copy as cURL' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Copied' })).toBeVisible();
  const safe = await page.evaluate(() => navigator.clipboard.readText());
  expect(safe.startsWith(`curl \\\n  ${echo.url}/echo`)).toBe(true);
  expect(safe).toContain("'Authorization: <Authorization>'");
  expect(safe).not.toContain('typed-secret');
  // With the secret only when asked, in Request as code.
  await page.getByRole('button', { name: 'Code…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Request as code' });
  await dialog.getByRole('radio', { name: 'cURL', exact: true }).click();
  await expect(dialog.getByLabel('cURL code')).toContainText('<Authorization>');
  await dialog.getByRole('checkbox', { name: 'Include secret values' }).check();
  await expect(dialog.getByLabel('cURL code')).toContainText('Bearer typed-secret');
  await dialog.getByRole('button', { name: 'Copy' }).click();
  await expect(dialog.getByRole('status').filter({ hasText: 'Copied, with secrets' })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toContain('Bearer typed-secret');
});

test('an image response is shown as an image', async ({ page, host, echo }) => {
  await page.goto(host.url);
  await page.getByLabel('URL').fill(`${echo.url}/image`);
  await page.getByRole('button', { name: 'Send' }).click();
  const image = page.getByTestId('response-image');
  await expect(image).toBeVisible();
  expect(await image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(2);
});

test('POST a multipart form with a text field and a file by path; the server gets both', async ({ page, host, echo }, testInfo) => {
  const path = testInfo.outputPath('report.csv');
  writeFileSync(path, 'id,name\n1,Ada\n');
  await page.goto(host.url);
  await page.getByLabel('Method').selectOption('POST');
  await page.getByLabel('URL').fill(`${echo.url}/echo`);
  await page.getByRole('tab', { name: /^Body/ }).first().click();
  await page.getByRole('radio', { name: 'Multipart form' }).click();
  await page.getByLabel('Field 1 name').fill('title');
  await page.getByLabel('Field 1 value').fill('Q3');
  await page.getByLabel('Field 2 name').fill('report');
  await page.getByLabel('Field 2 type').selectOption('file');
  await page.getByLabel('Field 2 file').fill(path);
  // Main checks the path as it is typed.
  await expect(page.getByText('report.csv · 14 B · text/csv')).toBeVisible();
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('response-status')).toHaveText('200 OK');
  const body = page.getByTestId('response-body');
  await expect(body).toContainText('multipart/form-data; boundary=----LatchkeyBoundary');
  await expect(body).toContainText('filename=\\"report.csv\\"');
  await expect(body).toContainText('id,name\\n1,Ada\\n');
  await page.getByRole('tab', { name: 'Request' }).click();
  await expect(page.getByTestId('sent-request')).toContainText(`<contents of ${path}, 14 bytes>`);
});

test('import a curl command (Ctrl+Shift+I), send it, and the server gets what curl would send', async ({ page, host, echo }) => {
  await page.goto(host.url);
  await page.getByText('Browser host').waitFor();
  await page.keyboard.press('Control+Shift+I');
  await page.getByLabel('curl command').fill(`curl '${echo.url}/echo?from=curl' \\\n  -H 'X-Imported: yes' \\\n  -H 'Content-Type: application/json' \\\n  --data-raw '{"sku":"A-1"}'`);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByText('Imported from cURL.')).toBeVisible();
  await expect(page.getByLabel('Method')).toHaveValue('POST');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('response-status')).toHaveText('200 OK');
  const body = page.getByTestId('response-body');
  await expect(body).toContainText('"url": "/echo?from=curl"');
  await expect(body).toContainText('"x-imported": "yes"');
  await expect(body).toContainText('"body": "{\\"sku\\":\\"A-1\\"}"');
});

test('XML is shown indented in Pretty view', async ({ page, host, echo }) => {
  await page.goto(host.url);
  await page.getByLabel('URL').fill(`${echo.url}/xml`);
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('response-status')).toHaveText('200 OK');
  await expect(page.getByRole('radio', { name: 'Pretty' })).toHaveAttribute('aria-checked', 'true');
  const rows = page.getByTestId('response-body').locator('.row-text');
  await expect(rows.nth(3)).toHaveText('    <m:GetPriceResponse xmlns:m="urn:prices">');
  await expect(rows.nth(4)).toHaveText('      <m:Price>1.90</m:Price>');
});

test.describe('a hostile page in the HTML preview', () => {
  // The preview refusing the page's scripts and remote image is logged by the browser: that is
  // what this journey shows.
  test.use({ allowedConsoleErrors: /^(Blocked script execution in 'about:srcdoc' because the document's frame is sandboxed|Loading the image 'https:\/\/evil\.example\/.*' violates the following Content Security Policy directive)/ });

  test('an HTML preview renders the page with scripts, forms and remote loads off', async ({ page, host, echo }) => {
    // Chromium may announce a request the CSP then blocks; what matters is that none goes out.
    const finished: string[] = [];
    const failures: string[] = [];
    page.on('requestfinished', (request) => {
      if (request.url().includes('evil.example')) finished.push(request.url());
    });
    page.on('requestfailed', (request) => {
      if (request.url().includes('evil.example')) failures.push(request.failure()?.errorText ?? '');
    });
    await page.goto(host.url);
    await page.getByLabel('URL').fill(`${echo.url}/html`);
    await page.keyboard.press('Control+Enter');
    await expect(page.getByTestId('response-status')).toHaveText('200 OK');
    await page.getByRole('radio', { name: 'Preview' }).click();
    const frame = page.getByTitle('HTML preview');
    await expect(frame).toHaveAttribute('sandbox', '');
    const inside = page.frameLocator('iframe[title="HTML preview"]');
    await expect(inside.getByRole('heading', { name: 'Hello from the server' })).toBeVisible();
    await page.waitForTimeout(500);
    await expect(inside.locator('#ran')).toHaveCount(0);
    expect(finished).toEqual([]);
    for (const failure of failures) expect(failure).toMatch(/csp/i);
    // Back to the text views.
    await page.getByRole('radio', { name: 'Raw' }).click();
    await expect(page.getByTestId('response-body')).toContainText('SCRIPT RAN');
  });
});

test('JSON rows fold and unfold, a value copies from the tree, and a JSONPath filter narrows the body', async ({ page, context, host, echo }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: host.origin });
  await page.goto(host.url);
  await page.getByLabel('URL').fill(`${echo.url}/large?mb=1`);
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('response-status')).toHaveText('200 OK');
  const body = page.getByTestId('response-body');
  await expect(body).toContainText('"name": "record 0"');

  // Record 0 spans lines 2 to 16; collapsing it brings record 1 up to the third visual row.
  await page.getByLabel('Collapse line 2', { exact: true }).click();
  await expect(body.getByRole('button', { name: /… } 15 lines/ })).toBeVisible();
  await expect(body).not.toContainText('"name": "record 0"');
  await expect(body.locator('.viewer-row').nth(2)).toHaveAttribute('data-row', '16');
  await page.getByLabel('Expand line 2', { exact: true }).click();
  await expect(body).toContainText('"name": "record 0"');

  await body.locator('.viewer-row[data-row="1"]').hover();
  await page.getByLabel('Copy value at line 2', { exact: true }).click();
  await expect(page.getByLabel('Copy value at line 2', { exact: true })).toHaveText('Copied');
  const copied = JSON.parse(await page.evaluate(() => navigator.clipboard.readText())) as { id: number; address: { city: string } };
  expect(copied).toMatchObject({ id: 0, name: 'record 0', address: { city: 'Utrecht' } });

  // Search opens a fold that hides its match.
  await page.getByLabel('Collapse line 2', { exact: true }).click();
  await page.getByLabel('Search body').fill('user0@example.com');
  await page.getByLabel('Search body').press('Enter');
  await expect(body.locator('mark')).toHaveText('user0@example.com');

  await page.getByLabel('JSONPath filter').fill('$[?(@.id < 3)].email');
  await page.getByLabel('JSONPath filter').press('Enter');
  await expect(page.getByText('3 matches, shown as a JSON array.')).toBeVisible();
  await expect(body).toContainText('"user2@example.com"');
  await expect(body).not.toContainText('record 0');
  await page.getByRole('button', { name: 'Clear filter' }).click();
  await expect(body).toContainText('"name": "record 0"');

  await page.getByLabel('JSONPath filter').fill('$[?(@.id <)]');
  await page.getByLabel('JSONPath filter').press('Enter');
  await expect(page.getByRole('alert')).toContainText('That JSONPath expression could not be used');
});

test('a TLS error names the cause and offers to send once more without verifying, for this request only', async ({ page, host }) => {
  const pki = makeTestPki();
  const server = await startEchoServer({ tls: pki.selfSigned });
  try {
    await page.goto(host.url);
    await page.getByLabel('URL').fill(`${server.url}/echo`);
    await page.keyboard.press('Control+Enter');
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('TLS error');
    await expect(alert).toContainText('self-signed certificate');
    await page.getByRole('button', { name: 'Send again without verifying TLS' }).click();
    await expect(page.getByTestId('response-status')).toHaveText('200 OK');
    await page.getByRole('tab', { name: /^Settings/ }).click();
    await expect(page.getByLabel('Verify TLS certificates')).not.toBeChecked();
    await expect(page.getByText('1 setting changed for this request.')).toBeVisible();
  } finally {
    await server.close();
  }
});

test('a redirect to another origin names what it did not send on', async ({ page, host, echo }) => {
  const other = await startEchoServer();
  try {
    await page.goto(host.url);
    await page.getByLabel('URL').fill(`${echo.url}/redirect?status=307&to=${encodeURIComponent(`${other.url}/echo`)}`);
    await page.getByRole('tab', { name: /Headers/ }).first().click();
    await page.getByLabel('Header 1 name').fill('Authorization');
    await page.getByLabel('Header 1 value').fill('Bearer journey-token');
    await page.keyboard.press('Control+Enter');
    await expect(page.getByTestId('response-status')).toHaveText('200 OK');
    await page.getByRole('tab', { name: 'Request' }).click();
    const redirects = page.getByRole('region', { name: 'Redirects followed' });
    await expect(redirects).toContainText('1 redirect followed');
    await expect(redirects).toContainText('307 from');
    await expect(redirects).toContainText('Left the origin, so these were not sent on: Authorization (header).');
    await page.getByRole('region', { name: 'Redirects followed' }).screenshot({ path: `${process.env.LATCHKEY_REPORT_DIR ?? 'reports'}/screenshots/redirect-dropped.png` });
    expect(JSON.stringify(other.seen)).not.toContain('journey-token');
  } finally {
    await other.close();
  }
});
