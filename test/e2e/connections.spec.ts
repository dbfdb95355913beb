import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, HOST_STOPPED, test } from './fixtures';
import { startAuthServer } from '../fixtures/authServer';

const PASSWORD = 'e2e-basic-password-7731';
const TOKEN = 'e2e-api-token-5512';

/** Every file under a directory, read as text (binary files too: a secret must not be in any). */
function allFiles(dir: string): { path: string; text: string }[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? allFiles(path) : [{ path, text: readFileSync(path, 'latin1') }];
  });
}

async function newConnection(page: Page, name: string, baseUrl: string, type: string) {
  await page.getByRole('tab', { name: /^Connections/ }).click();
  await page.getByRole('button', { name: 'New connection' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Connection name').fill(name);
  await dialog.getByLabel('Base URL').fill(baseUrl);
  await dialog.getByLabel('Authentication type').selectOption({ label: type });
  return dialog;
}


// These journeys restart the host; the open page's reconnect attempts meanwhile are expected.
test.use({ allowedConsoleErrors: HOST_STOPPED });

test('a Basic connection tests 200, an API token connection sends a request, and no secret reaches the data directory', async ({ page, host }, testInfo) => {
  const api = await startAuthServer();
  api.check = (r) => {
    if (r.headers.authorization) {
      const decoded = Buffer.from(String(r.headers.authorization).replace(/^Basic /, ''), 'base64').toString('utf8');
      return decoded === `partner:${PASSWORD}` ? null : 'wrong username or password';
    }
    return r.headers['api-token'] === TOKEN ? null : 'missing api-token';
  };
  try {
    await page.goto(host.url);

    // Testing saves nothing: a failed test shows what the server answered, and Cancel leaves no connection.
    let dialog = await newConnection(page, 'Partner API', `${api.url}/v1`, 'Basic');
    await dialog.getByLabel('Username').fill('partner');
    await dialog.getByLabel('Password', { exact: true }).fill('not-the-password');
    await dialog.getByLabel('Test path').fill('/health');
    await dialog.getByRole('button', { name: 'Test connection' }).click();
    await expect(dialog.getByRole('status').filter({ hasText: '401' })).toContainText('401 Unauthorized');
    await expect(dialog.getByLabel('What the server answered')).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('connection-test-failed.png') });
    const listed = page.getByRole('navigation', { name: 'Sidebar' }).getByText('Partner API');
    await expect(listed).toHaveCount(0);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();
    await expect(listed).toHaveCount(0);

    // Basic: Test connection shows the status, the time and what the status means; Save keeps that outcome.
    dialog = await newConnection(page, 'Partner API', `${api.url}/v1`, 'Basic');
    await dialog.getByLabel('Username').fill('partner');
    await dialog.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await dialog.getByLabel('Test path').fill('/health');
    await dialog.getByRole('button', { name: 'Test connection' }).click();
    await expect(dialog.getByRole('status').filter({ hasText: '200' })).toContainText('200 OK');
    await expect(dialog.getByRole('status').filter({ hasText: '200' })).toContainText('The request succeeded.');
    expect(api.received.at(-1)?.url.pathname).toBe('/v1/health');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog).toBeHidden();
    const list = page.getByRole('list', { name: 'Connections' });
    await expect(list).toContainText('Partner API');
    await expect(list).toContainText('OK · 200');
    // The saved password can be revealed on request.
    await list.getByRole('button', { name: /Partner API/ }).first().click();
    dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Reveal Password' }).click();
    await expect(dialog.getByLabel('Password', { exact: true })).toHaveValue(PASSWORD);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();

    // API token: a request under it succeeds.
    dialog = await newConnection(page, 'Token API', api.url, 'API token');
    await expect(dialog.getByLabel('Header name')).toHaveValue('api-token');
    await dialog.getByLabel('Token', { exact: true }).fill(TOKEN);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog).toBeHidden();
    await page.getByRole('tab', { name: /^Auth/ }).click();
    await page.getByLabel('Connection', { exact: true }).selectOption({ label: 'Token API — API token' });
    await page.getByLabel('URL').fill('/orders?page=1');
    // The auth-added header shows in the preview, masked.
    await page.getByText('Headers that will be sent').click();
    const willBeSent = page.getByRole('table', { name: 'Headers that will be sent' });
    await expect(willBeSent).toContainText('api-token');
    await expect(willBeSent).toContainText('[redacted]');
    await expect(willBeSent).not.toContainText(TOKEN);
    await page.keyboard.press('Control+Enter');
    await expect(page.getByTestId('response-status')).toHaveText('200 OK');
    expect(api.received.at(-1)?.url.pathname).toBe('/orders');

    // A URL outside the connection's base URL is refused with a message.
    await page.getByLabel('URL').fill('http://127.0.0.1:1/elsewhere');
    await page.keyboard.press('Control+Enter');
    await expect(page.getByRole('alert').filter({ hasText: 'outside' })).toContainText("outside its connection's base URL");

    // After a restart the connections are still there and still work (secrets from the keychain).
    await host.stop();
    const restarted = await (await import('./fixtures')).launchHost(host.dataDir);
    try {
      await page.goto(restarted.url);
      await page.getByLabel('URL').fill('/orders');
      await page.keyboard.press('Control+Enter');
      await expect(page.getByTestId('response-status')).toHaveText('200 OK');
    } finally {
      await restarted.stop();
    }

    for (const file of allFiles(host.dataDir)) {
      for (const secret of [PASSWORD, TOKEN, Buffer.from(`partner:${PASSWORD}`).toString('base64')]) {
        expect(file.text.includes(secret), `${secret} found in ${file.path}`).toBe(false);
      }
    }
  } finally {
    await api.close();
  }
});
