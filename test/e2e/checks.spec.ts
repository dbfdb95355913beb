import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

// A partner API on 127.0.0.1: POST /login hands out a token, GET /profile needs it. The profile's
// name can be changed mid-test, as a server changing under a saved check would.
async function startPartner() {
  const state = { name: 'Ada', logins: 0 };
  const server = createServer((req, res) => {
    if (req.method === 'POST' && req.url === '/login') {
      state.logins++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ access_token: `tok-${state.logins}-3f9a8c7e6d5b`, token_type: 'Bearer', expires_in: 3600 }));
    } else if (req.url === '/profile') {
      const ok = req.headers.authorization === `Bearer tok-${state.logins}-3f9a8c7e6d5b`;
      res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
      res.end(JSON.stringify(ok ? { id: 7, name: state.name, roles: ['admin'] } : { error: 'invalid_token' }));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, state, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

async function saveAs(page: Page, name: string) {
  await page.keyboard.press('Control+s');
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Request name').fill(name);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
}

test('Login captures a token, Get profile uses it and its assertions pass; when the server changes, the failure shows the actual value', async ({ page, host }, testInfo) => {
  const partner = await startPartner();
  try {
    await page.goto(host.url);
    await page.getByRole('button', { name: 'New collection' }).click();
    await page.getByLabel('Collection name').fill('Partner API');
    await page.getByRole('button', { name: 'Create' }).click();

    // Login: POST, a status assertion, and a secret capture of its access token.
    await page.getByLabel('Method').selectOption('POST');
    await page.getByLabel('URL').fill(`${partner.url}/login`);
    await page.getByRole('tab', { name: /^Body/ }).first().click();
    await page.getByRole('radio', { name: 'JSON' }).click();
    await page.getByRole('textbox', { name: 'Body', exact: true }).fill('{"user": "ada", "password": "correct horse"}');
    await page.getByRole('tab', { name: /^Tests/ }).first().click();
    await page.getByRole('button', { name: 'Add assertion' }).click();
    await page.getByRole('tab', { name: /^Captures/ }).first().click();
    await page.getByRole('button', { name: 'Add capture' }).click();
    await page.getByLabel('Capture 1 variable name').fill('token');
    await page.getByLabel('Capture 1 path').fill('access_token');
    // A JSONPath without its $ is refused in the row, with the reason.
    await expect(page.getByRole('alert')).toHaveText('a JSONPath starts with $, as in $.data.id');
    await page.getByLabel('Capture 1 path').fill('$.access_token');
    await expect(page.getByRole('alert')).toBeHidden();
    await page.getByLabel('Capture 1 is secret').check();
    await page.screenshot({ path: testInfo.outputPath('captures-tab.png') });
    await saveAs(page, 'Login');
    await page.keyboard.press('Control+Enter');
    await expect(page.getByTestId('response-status')).toHaveText('200 OK');
    await expect(page.getByRole('button', { name: 'Tests 1/1' })).toBeVisible();
    await page.getByRole('tab', { name: /^Tests/ }).last().click();
    await expect(page.getByTestId('capture-result')).toContainText('{{token}}');
    await expect(page.getByTestId('capture-result')).toContainText('••••••');
    await expect(page.getByTestId('capture-result')).not.toContainText('tok-1');

    // Get profile: uses {{token}}; two assertions.
    await page.getByRole('button', { name: 'New request tab' }).click();
    await page.getByLabel('URL').fill(`${partner.url}/profile`);
    await page.getByRole('tab', { name: /Headers/ }).first().click();
    await page.getByLabel('Header 1 name').fill('Authorization');
    await page.getByLabel('Header 1 value').fill('Bearer {{token}}');
    await page.getByRole('tab', { name: /^Tests/ }).first().click();
    await page.getByRole('button', { name: 'Add assertion' }).click();
    await page.getByRole('button', { name: 'Add assertion' }).click();
    await page.getByLabel('Assertion 2 checks').selectOption('jsonpath');
    await page.getByLabel('Assertion 2 path').fill('$.name');
    await page.getByLabel('Assertion 2 expected value').fill('Ada');
    await saveAs(page, 'Get profile');
    await page.screenshot({ path: testInfo.outputPath('tests-tab.png') });
    await page.keyboard.press('Control+Enter');
    await expect(page.getByTestId('response-status')).toHaveText('200 OK');
    await page.getByRole('button', { name: 'Tests 2/2' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'assertions passed' })).toHaveText('All 2 assertions passed');
    await page.screenshot({ path: testInfo.outputPath('results-passed.png') });

    // The Variables view says where the token came from, masked.
    await page.getByRole('button', { name: /^Variables/ }).click();
    const scope = page.getByRole('table', { name: 'Variables in scope' });
    const tokenRow = scope.getByRole('row').filter({ hasText: 'token' });
    await expect(tokenRow).toContainText('Session');
    await expect(tokenRow.getByTestId('captured-note')).toContainText(/captured from Login at \d/);
    await expect(tokenRow).not.toContainText('tok-1');
    await page.screenshot({ path: testInfo.outputPath('variables.png') });
    await page.keyboard.press('Escape');

    // The collection's settings add an assertion every request inherits: greyed in the Tests tab.
    await page.getByRole('button', { name: 'Actions for Partner API' }).click();
    await page.getByRole('menuitem', { name: 'Settings…' }).click();
    const settings = page.getByRole('dialog');
    await settings.getByRole('button', { name: 'Add assertion' }).click();
    await settings.getByLabel('Assertion 1 checks').selectOption('time');
    await settings.getByLabel('Assertion 1 operator').selectOption('lessThan');
    await settings.getByLabel('Assertion 1 expected value').fill('soon');
    await expect(settings.getByRole('alert')).toHaveText('type a number to compare with');
    await settings.getByLabel('Assertion 1 expected value').fill('5000');
    await expect(settings.getByRole('alert')).toBeHidden();
    await page.screenshot({ path: testInfo.outputPath('collection-settings.png') });
    await settings.getByRole('button', { name: 'Save' }).click();
    await expect(settings).toBeHidden();
    await page.getByRole('tab', { name: /^Tests/ }).first().click();
    await expect(page.getByRole('table', { name: 'Assertions' }).locator('tr.inherited')).toHaveText(/Response time \(ms\) is less than 5000.*from collection Partner API/);

    // The server changes: the name assertion fails and shows what came back, and where.
    partner.state.name = 'Grace';
    await page.keyboard.press('Control+Enter');
    await expect(page.getByRole('button', { name: 'Tests 2/3' })).toBeVisible();
    const failed = page.getByTestId('assertion-result').filter({ has: page.getByLabel('Failed') });
    await expect(failed).toHaveCount(1);
    await expect(failed).toContainText('$.name equals Ada');
    await expect(failed.locator('.check-actual')).toHaveText('Grace');
    await expect(failed).toContainText('$.name');
    await page.screenshot({ path: testInfo.outputPath('results-failed.png') });
  } finally {
    await partner.close();
  }
});
