import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { closedPort } from '../fixtures/echoServer';
import { expect, launchHost, test } from './fixtures';

// Screenshots go to reports/ on every run; UPDATE_SCREENSHOTS=1 refreshes the README's copies in docs/.
const shots = resolve(import.meta.dirname, process.env.UPDATE_SCREENSHOTS ? '../../docs' : '../../reports/screenshots');

test('opens the app, sends a GET to a local server and shows status, headers and body', async ({ page, host, echo }) => {
  await page.goto(host.url);
  await expect(page).toHaveURL(`${host.origin}/`);
  await expect(page.getByText('No response yet')).toBeVisible();
  await page.getByLabel('URL').fill(`${echo.url}/echo?from=e2e`);
  await page.getByRole('tab', { name: /Headers/ }).first().click();
  await page.getByLabel('Header 1 name').fill('X-Trace');
  await page.getByLabel('Header 1 value').fill('journey-1');
  await page.getByRole('button', { name: 'Send' }).click();

  await expect(page.getByTestId('response-status')).toHaveText('200 OK');
  const body = page.getByTestId('response-body');
  await expect(body).toContainText('"url": "/echo?from=e2e"');
  await expect(body).toContainText('"x-trace": "journey-1"');
  expect(echo.seen.at(-1)?.headers['x-trace']).toBe('journey-1');

  await page.getByRole('tab', { name: /Headers/ }).last().click();
  await expect(page.getByRole('table', { name: 'Response headers' })).toContainText('x-echo');
  await page.getByRole('tab', { name: 'Body' }).last().click();
  await page.screenshot({ path: join(shots, 'screenshot.png') });
});

test('sends with Ctrl+Enter and keeps the request across a reload', async ({ page, host, echo }) => {
  await page.goto(host.url);
  await page.getByLabel('Method').selectOption('POST');
  await page.getByLabel('URL').fill(`${echo.url}/status/201`);
  await page.getByLabel('URL').press('Control+Enter');
  await expect(page.getByTestId('response-status')).toHaveText('201 Created');
  await page.waitForTimeout(800);
  await page.reload();
  await expect(page.getByLabel('URL')).toHaveValue(`${echo.url}/status/201`);
  await expect(page.getByLabel('Method')).toHaveValue('POST');
});

test('refuses bad input with a clear message and keeps working', async ({ page, host, echo }) => {
  await page.goto(host.url);
  const url = page.getByLabel('URL');
  const send = page.getByRole('button', { name: 'Send' });
  const before = echo.seen.length;

  await url.fill('http://exa mple.com/');
  await send.click();
  await expect(page.getByRole('alert')).toContainText('Invalid URL');

  await url.fill('file:///etc/passwd');
  await send.click();
  await expect(page.getByRole('alert')).toContainText('Latchkey sends http and https requests only');

  await url.fill('http://nonexistent.invalid/');
  await send.click();
  await expect(page.getByRole('alert')).toContainText('could not be found');

  const port = await closedPort();
  await url.fill(`http://127.0.0.1:${port}/`);
  await send.click();
  await expect(page.getByRole('alert')).toContainText('Connection refused');

  await page.getByRole('tab', { name: /Headers/ }).first().click();
  await page.getByLabel('Header 1 name').fill('Bad Name');
  await page.getByLabel('Header 1 value').fill('x');
  await url.fill(`${echo.url}/echo`);
  await send.click();
  await expect(page.getByRole('alert')).toContainText('Header "Bad Name"');
  expect(echo.seen.length).toBe(before);

  await page.getByLabel('Remove header 1').click();
  await send.click();
  await expect(page.getByTestId('response-status')).toHaveText('200 OK');
});

test('cancels a slow request at once', async ({ page, host, echo }) => {
  await page.goto(host.url);
  await page.getByLabel('URL').fill(`${echo.url}/silent`);
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByText('Waiting for the response…')).toBeVisible();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('alert')).toContainText('cancelled');
  await expect(page.getByRole('button', { name: 'Send' })).toBeVisible();
});

test('a visit without the token says how to open the app, and pasting the link into that tab opens it', async ({ page, host }) => {
  await page.goto(`${host.origin}/`);
  await expect(page.getByRole('heading', { name: 'Open Latchkey from its link' })).toBeVisible();
  await expect(page.getByLabel('URL')).toHaveCount(0);
  // Only the fragment changes: the page must notice and load the app.
  await page.goto(host.url);
  await expect(page.getByLabel('URL')).toBeVisible();
  await expect(page.getByText('Browser host')).toBeVisible();
  expect(page.url()).toBe(`${host.origin}/`);
});

test('starts with a notice when the workspace file is corrupted, and keeps the file', async ({ page, dataDir }) => {
  writeFileSync(join(dataDir, 'workspace.json'), '{"schemaVersion": 2, "data": {"draft": ');
  const host = await launchHost(dataDir);
  try {
    await page.goto(host.url);
    const alert = page.getByRole('alert').filter({ hasText: 'Your workspace could not be read' });
    await expect(alert).toBeVisible();
    const kept = readdirSync(dataDir).filter((name) => name.startsWith('workspace.json.corrupt-'));
    expect(kept).toHaveLength(1);
    expect(readFileSync(join(dataDir, kept[0] ?? ''), 'utf8')).toBe('{"schemaVersion": 2, "data": {"draft": ');
    await expect(alert).toContainText(kept[0] ?? 'missing');
    await page.getByLabel('URL').fill('http://127.0.0.1:1/');
    await alert.getByRole('button', { name: 'Dismiss' }).click();
    await expect(alert).toBeHidden();
  } finally {
    await host.stop();
  }
});

test('shuts down cleanly on Ctrl+C', async ({ host }) => {
  expect(await host.stop()).toBe(0);
  expect(host.output()).toContain('Stopping Latchkey');
});

test('Settings → Theme: Dark over a light system, kept after a reload; System follows the system again', async ({ page, host }) => {
  await page.goto(host.url);
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(await background()).toBe('rgb(246, 247, 249)');
  await page.getByRole('button', { name: 'Settings' }).click();
  const themes = page.getByRole('radiogroup', { name: 'Theme' });
  await expect(themes.getByRole('radio', { name: 'System' })).toHaveAttribute('aria-checked', 'true');
  await themes.getByRole('radio', { name: 'Dark' }).click();
  await expect.poll(background).toBe('rgb(22, 24, 29)');
  await page.keyboard.press('Escape');
  await page.reload();
  await expect(page.getByLabel('URL')).toBeVisible();
  await expect.poll(background).toBe('rgb(22, 24, 29)');
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('radiogroup', { name: 'Theme' }).getByRole('radio', { name: 'System' }).click();
  await expect.poll(background).toBe('rgb(246, 247, 249)');
});

test.describe('dark theme', () => {
  test.use({ colorScheme: 'dark' });
  test('Light in Settings wins over a dark system', async ({ page, host }) => {
    await page.goto(host.url);
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await expect.poll(background).toBe('rgb(22, 24, 29)');
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('radiogroup', { name: 'Theme' }).getByRole('radio', { name: 'Light' }).click();
    await expect.poll(background).toBe('rgb(246, 247, 249)');
  });

  test('follows the OS', async ({ page, host, echo }) => {
    await page.goto(host.url);
    await page.getByLabel('URL').fill(`${echo.url}/echo`);
    await page.getByRole('button', { name: 'Send' }).click();
    await expect(page.getByTestId('response-status')).toHaveText('200 OK');
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe('rgb(22, 24, 29)');
    await page.screenshot({ path: join(shots, 'screenshot-dark.png') });
  });
});
