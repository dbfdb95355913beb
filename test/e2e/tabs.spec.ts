import { test, expect } from './fixtures';

// Tabs are independent request sessions: each keeps its own response, its send runs on when
// another tab is shown, and after a reload each shows its last response again. Real host, real
// echo server on 127.0.0.1.

const shots = `${process.env.LATCHKEY_REPORT_DIR ?? 'reports'}/screenshots`;

test('two tabs keep their own responses, a slow send lands in its own background tab, and both come back after a reload', async ({ page, host, echo }) => {
  await page.goto(host.url);
  const tabs = page.getByRole('tablist', { name: 'Open requests' });
  const body = page.getByTestId('response-body');

  // Tab 1: /alpha.
  await page.getByLabel('URL').fill(`${echo.url}/echo/alpha`);
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByTestId('response-status')).toHaveText('200 OK');
  await expect(body).toContainText('/echo/alpha');
  // Its viewer state: a search with its match.
  const search = page.getByLabel('Search body');
  await search.fill('alpha');
  await search.press('Enter');
  await expect(page.getByTestId('match-count')).toHaveText('1 match · row 1/1');

  // Tab 2: a slow body (ten letters, 300 ms apart), then straight back to tab 1 while it runs.
  await page.getByRole('button', { name: 'New request tab' }).click();
  await expect(page.getByText('No response yet')).toBeVisible();
  await page.getByLabel('URL').fill(`${echo.url}/trickle?bytes=10&interval=300`);
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByRole('button', { name: 'Cancel' })).toBeVisible();
  await tabs.getByRole('tab', { name: /echo\/alpha/ }).click();

  // Tab 1 shows its own response and search; tab 2's tab shows its send running.
  await expect(page.getByTestId('response-status')).toHaveText('200 OK');
  await expect(body).toContainText('/echo/alpha');
  await expect(page.getByTestId('match-count')).toHaveText('1 match · row 1/1');
  await expect(page.getByLabel('Search body')).toHaveValue('alpha');
  const slowTab = tabs.getByRole('tab', { name: /trickle/ });
  await expect(slowTab.getByRole('status', { name: 'Sending' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Send' })).toBeEnabled();
  await page.screenshot({ path: `${shots}/tabs-background-send.png` });

  // The slow send finishes in its own tab, which shows its status; tab 1 is unchanged.
  await expect(slowTab.getByLabel('Status 200')).toBeVisible({ timeout: 15_000 });
  await expect(body).toContainText('/echo/alpha');
  await expect(body).not.toContainText('abcdefghij');

  // Tab 2 shows the slow body, not tab 1's.
  await slowTab.click();
  await expect(body).toContainText('abcdefghij');
  await expect(body).not.toContainText('/echo/alpha');
  await expect(page.getByLabel('Search body')).toHaveValue('');

  // Cancel is per tab: a send started in tab 2 and cancelled leaves tab 1's response alone.
  await page.getByLabel('URL').fill(`${echo.url}/silent`);
  await page.getByRole('button', { name: 'Send' }).click();
  await tabs.getByRole('tab', { name: /echo\/alpha/ }).click();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('response-status')).toHaveText('200 OK');
  await tabs.getByRole('tab', { name: /silent/ }).click();
  await expect(page.getByRole('button', { name: 'Cancel' })).toBeVisible();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('alert')).toContainText('Cancelled');

  // Back to the trickle for the reload: each tab keeps a link to its last response in History.
  await page.getByLabel('URL').fill(`${echo.url}/trickle?bytes=10&interval=10`);
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(body).toContainText('abcdefghij', { timeout: 10_000 });
  // The tabs are saved a moment after the last change.
  await page.waitForTimeout(1000);
  await page.reload();
  await expect(body).toContainText('abcdefghij');
  await expect(page.getByTestId('response-status')).toHaveText('200 OK');
  await tabs.getByRole('tab', { name: /echo\/alpha/ }).click();
  await expect(body).toContainText('/echo/alpha');
  await expect(tabs.getByRole('tab', { name: /trickle/ }).getByLabel('Status 200')).toBeVisible();
});
