import { expect, HOST_STOPPED, launchHost, test } from './fixtures';
import { CLIENT, startOidcProvider } from '../fixtures/oidcProvider';


// These journeys restart the host; the open page's reconnect attempts meanwhile are expected.
test.use({ allowedConsoleErrors: HOST_STOPPED });

test('OAuth connect in the browser: sign in and consent on the provider, Connected, userinfo 200, still connected after a restart, Disconnect revokes', async ({ page, host, context }) => {
  const op = await startOidcProvider();
  try {
    await page.goto(host.url);
    await page.getByRole('tab', { name: /^Connections/ }).click();
    await page.getByRole('button', { name: 'New connection' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Connection name').fill('Example provider');
    await dialog.getByLabel('Base URL').fill(op.issuer);
    await dialog.getByLabel('Authentication type').selectOption({ label: 'OAuth 2.0 (authorization code)' });
    await dialog.getByLabel('Issuer or discovery URL').fill(op.issuer);
    await dialog.getByRole('button', { name: 'Discover' }).click();
    await expect(dialog.getByLabel('Token URL')).toHaveValue(`${op.issuer}/token`);
    await expect(dialog.getByLabel('Authorization URL')).toHaveValue(`${op.issuer}/auth`);
    await dialog.getByLabel('Client ID').fill(CLIENT.id);
    await dialog.getByLabel('Client secret', { exact: true }).fill(CLIENT.secret);
    await dialog.getByLabel('Scope').fill('openid offline_access profile');
    await dialog.getByRole('button', { name: 'Add parameter' }).click();
    await dialog.getByLabel('Parameter 1 name').fill('prompt');
    await dialog.getByLabel('Parameter 1 value').fill('consent');

    const popup = context.waitForEvent('page');
    await dialog.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect(dialog.getByText('Waiting for the browser')).toBeVisible();
    const signIn = await popup;
    // The provider's own pages, in the browser.
    await signIn.locator('input[name="login"]').fill('alice');
    await signIn.locator('input[name="password"]').fill('any password');
    await signIn.getByRole('button', { name: 'Sign-in' }).click();
    await signIn.getByRole('button', { name: 'Continue' }).click();
    await expect(signIn.getByText('You can close this tab and return to Latchkey.')).toBeVisible();
    await expect(dialog.getByText('Connected', { exact: true })).toBeVisible();
    await expect(dialog.getByRole('status').filter({ hasText: 'Connected' })).toContainText('scopes');
    // Export token › Decode: the ID token opens in the JWT signer (the dialog closes; the connection was saved by Connect).
    await dialog.getByRole('button', { name: 'Export token' }).click();
    await dialog.getByRole('button', { name: 'Decode in JWT signer' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByLabel('Decoded payload')).toContainText('"sub": "alice"');
    await page.keyboard.press('Alt+1');

    const sendMe = async () => {
      await page.getByRole('tab', { name: /^Auth/ }).click();
      await page.getByLabel('Connection', { exact: true }).selectOption({ label: 'Example provider — OAuth 2.0 (authorization code)' });
      await page.getByLabel('URL').fill('/me');
      await page.keyboard.press('Control+Enter');
      await expect(page.getByTestId('response-status')).toHaveText('200 OK');
      await expect(page.getByTestId('response-body')).toContainText('"sub": "alice"');
    };
    await sendMe();

    // Restart the host: the tokens come back from the keychain.
    await host.stop();
    const again = await launchHost(host.dataDir);
    try {
      await page.goto(again.url);
      await sendMe();
      await page.getByRole('tab', { name: /^Connections/ }).click();
      await page.getByRole('button', { name: /Example provider/ }).click();
      const before = op.revocations;
      await page.getByRole('dialog').getByRole('button', { name: 'Disconnect' }).click();
      await expect(page.getByRole('dialog').getByText('the provider revoked the tokens')).toBeVisible();
      expect(op.revocations).toBe(before + 1);
      await expect(page.getByRole('dialog').getByText('Not connected.')).toBeVisible();
    } finally {
      await again.stop();
    }
  } finally {
    await op.close();
  }
});
