import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';

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
