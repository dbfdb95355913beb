import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { jwtVerify } from 'jose';
import { expect, test } from './fixtures';
import { startAuthServer } from '../fixtures/authServer';

test('generate an HS256 secret, add sub and name, sign, copy, save to a file and read it back', async ({ page, host, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: host.origin });
  await page.goto(host.url);
  await page.getByRole('button', { name: 'JWT signer' }).click();
  await page.getByLabel('Algorithm').selectOption('HS256');
  await page.getByLabel('Generate').selectOption({ label: 'Random secret, 32 bytes' });
  await page.getByRole('button', { name: 'Generate', exact: true }).click();
  const secret = page.getByLabel('Secret', { exact: true });
  await expect(secret).not.toHaveValue('');
  await expect(page.getByLabel('Secret encoding')).toHaveValue('base64');
  await expect(page.getByText('Detected: HMAC secret as base64, 32 bytes (256 bits)')).toBeVisible();
  const secretText = await secret.inputValue();

  await page.getByLabel('Payload').fill(JSON.stringify({ sub: 'ak_live_2u7', name: 'Acme Integration' }, null, 2));
  await page.getByRole('button', { name: 'iat: now' }).click();
  await page.getByRole('button', { name: 'Sign', exact: true }).click();
  await expect(page.getByTestId('jwt-status')).toContainText('kept in the token history');

  await page.getByRole('button', { name: 'Copy token' }).click();
  await expect(page.getByTestId('jwt-status')).toContainText('Copied the token');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  const [h, p, s] = copied.split('.') as [string, string, string];
  expect(JSON.parse(Buffer.from(h, 'base64url').toString())).toEqual({ typ: 'JWT', alg: 'HS256' });
  expect(JSON.parse(Buffer.from(p, 'base64url').toString())).toMatchObject({ sub: 'ak_live_2u7', name: 'Acme Integration', iat: expect.any(Number) });
  // An independent check of the signature with the generated secret.
  expect(createHmac('sha256', Buffer.from(secretText, 'base64')).update(`${h}.${p}`).digest('base64url')).toBe(s);

  await page.getByRole('button', { name: 'Copy as Bearer header' }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`Authorization: Bearer ${copied}`);

  const rawDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save .jwt' }).click();
  const raw = await rawDownload;
  expect(raw.suggestedFilename()).toBe('token.jwt');
  expect(readFileSync((await raw.path())!, 'utf8')).toBe(copied);

  const jsonDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save .json' }).click();
  const saved = JSON.parse(readFileSync((await (await jsonDownload).path())!, 'utf8')) as { token: string; payload: { sub: string } };
  expect(saved.token).toBe(copied);
  expect(saved.payload.sub).toBe('ak_live_2u7');

  // The token history has it, and copies it again.
  await page.getByRole('tab', { name: /Token history/ }).click();
  const history = page.getByRole('table', { name: 'Token history' });
  await expect(history).toContainText('ak_live_2u7');
  await page.evaluate(() => navigator.clipboard.writeText(''));
  await history.getByRole('button', { name: /^Copy the HS256 token/ }).click();
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(copied);

  // And the Decode & verify panel accepts it with the same secret.
  await page.getByRole('tab', { name: 'Decode & verify' }).click();
  const panel = page.getByRole('tabpanel', { name: 'Decode & verify' });
  await panel.getByLabel('Token to decode').fill(copied);
  await expect(panel.getByLabel('Decoded payload')).toContainText('"name": "Acme Integration"');
  await panel.getByLabel('Secret', { exact: true }).fill(secretText);
  await panel.getByLabel('Secret encoding').selectOption('base64');
  await panel.getByRole('button', { name: 'Verify' }).click();
  await expect(panel.getByRole('status').filter({ hasText: 'signature' })).toContainText('Valid signature');
});

test('a signing profile saved in the signer signs the requests of a JWT connection', async ({ page, host }) => {
  const api = await startAuthServer();
  let secret = '';
  api.check = async (r) => {
    const token = String(r.headers.authorization ?? '').replace(/^Bearer /, '');
    return jwtVerify(token, Buffer.from(secret, 'base64'), { algorithms: ['HS256'] }).then(
      ({ payload }) => (payload.sub === 'partner-client' && typeof payload.exp === 'number' ? null : JSON.stringify(payload)),
      (e: Error) => e.message,
    );
  };
  try {
    await page.goto(host.url);
    await page.keyboard.press('Alt+2');
    await page.getByLabel('Generate').selectOption({ label: 'Random secret, 32 bytes' });
    await page.getByRole('button', { name: 'Generate', exact: true }).click();
    secret = await page.getByLabel('Secret', { exact: true }).inputValue();
    await page.getByLabel('Payload').fill('{"sub": "partner-client"}');
    await page.getByLabel('Profile name').fill('Partner HS256');
    await page.getByRole('button', { name: 'Save as profile' }).click();
    await expect(page.getByTestId('jwt-status')).toContainText('Saved the profile "Partner HS256"');
    // The key now lives in the keychain: the field is empty and the profile still signs.
    await expect(page.getByLabel('Secret', { exact: true })).toHaveValue('');
    await expect(page.getByTestId('jwt-token')).toContainText('eyJ');

    await page.keyboard.press('Alt+1');
    await page.getByRole('tab', { name: /^Connections/ }).click();
    await page.getByRole('button', { name: 'New connection' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Connection name').fill('Partner (JWT)');
    await dialog.getByLabel('Base URL').fill(api.url);
    await dialog.getByLabel('Authentication type').selectOption({ label: 'JWT' });
    await dialog.getByLabel('Signing profile').selectOption({ label: 'Partner HS256 — HS256' });
    await dialog.getByRole('button', { name: 'Test connection' }).click();
    await expect(dialog.getByRole('status').filter({ hasText: '200' })).toContainText('200 OK');
  } finally {
    await api.close();
  }
});
