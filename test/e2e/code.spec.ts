import { test, expect } from './fixtures';

// Request as code in the browser host against a real echo server: the shortcut and the button
// open it, each language is written by main, a secret variable stays a placeholder until
// asked, and the cURL it shows is what Copy as cURL gives.

const shots = `${process.env.LATCHKEY_REPORT_DIR ?? 'reports'}/screenshots`;

test('the request as code in each language, from the shortcut and from the Code button', async ({ page, host, echo }) => {
  await page.goto(host.url);
  await page.getByLabel('URL').fill(`${echo.url}/echo?who=Ada`);
  await page.getByRole('tab', { name: 'Headers' }).click();
  await page.getByLabel('Header 1 name').fill('X-Trace');
  await page.getByLabel('Header 1 value').fill(`it's "quoted"`);

  // Ctrl+Alt+C opens it on cURL (the first time).
  await page.getByLabel('URL').focus();
  await page.keyboard.press('Control+Alt+C');
  const dialog = page.getByRole('dialog', { name: 'Request as code' });
  await expect(dialog.getByLabel('cURL code')).toContainText(`'X-Trace: it'\\''s "quoted"'`);
  await dialog.getByRole('radio', { name: 'Python (requests)' }).click();
  const python = dialog.getByLabel('Python (requests) code');
  await expect(python).toContainText('import requests');
  await expect(python).toContainText(`'X-Trace': 'it\\'s "quoted"'`);
  await page.screenshot({ path: `${shots}/request-as-code.png` });
  for (const [name, text] of [
    ['JavaScript (fetch)', 'fetch('],
    ['Go (net/http)', 'http.NewRequest("GET"'],
    ['Java (HttpClient)', 'HttpRequest.newBuilder()'],
    ['C# (HttpClient)', 'new HttpClient('],
    ['PHP (cURL)', 'curl_init()'],
    ['PowerShell', 'Invoke-RestMethod'],
  ] as const) {
    await dialog.getByRole('radio', { name }).click();
    await expect(dialog.getByLabel(`${name} code`)).toContainText(text);
  }
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  // The Code button opens it again on the language chosen last.
  await page.getByRole('button', { name: 'Code…' }).click();
  await expect(dialog.getByRole('radio', { name: 'PowerShell' })).toHaveAttribute('aria-checked', 'true');
  await expect(dialog.getByLabel('PowerShell code')).toContainText(`-Uri "${echo.url}/echo"`);
});
