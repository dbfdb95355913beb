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

// Many tabs: the keys (a browser keeps Ctrl+T / Ctrl+W / Ctrl+Tab for its own tabs, so the
// browser host answers Alt+T, Alt+W, Alt+PageDown / Alt+PageUp; the desktop's Ctrl+PageDown /
// Ctrl+PageUp, Ctrl+Tab and Ctrl+W reach the page in the desktop app and are checked here too,
// as Playwright delivers them to the page), the strip scrolling with the active tab in view,
// the list of every tab, and a pinned tab that stays first across a reload.
test('tab shortcuts, many tabs scrolling with the active one in view, the tab list, and pinning', async ({ page, host, echo }) => {
  await page.goto(host.url);
  const tabs = page.getByRole('tablist', { name: 'Open requests' });
  const url = page.getByLabel('URL');
  const selected = () => tabs.getByRole('tab', { selected: true });

  await url.fill(`${echo.url}/echo/t1`);
  for (let n = 2; n <= 14; n++) {
    await url.focus();
    await page.keyboard.press('Alt+T');
    await expect(url).toHaveValue('');
    await url.fill(`${echo.url}/echo/t${n}`);
  }
  await expect(tabs.getByRole('tab')).toHaveCount(14);
  // The strip overflows and scrolls; the active (last) tab is in view.
  const strip = await tabs.boundingBox();
  expect(await tabs.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
  const inView = async () => {
    const box = (await selected().boundingBox())!;
    return box.x >= strip!.x - 1 && box.x + box.width <= strip!.x + strip!.width + 1;
  };
  expect(await inView()).toBe(true);
  await page.screenshot({ path: `${shots}/tabs-overflow.png` });

  // Next / previous, wrapping around; the active tab is scrolled into view each time.
  await url.focus();
  await page.keyboard.press('Alt+PageDown');
  await expect(selected()).toContainText('echo/t1');
  expect(await inView()).toBe(true);
  await page.keyboard.press('Alt+PageUp');
  await expect(selected()).toContainText('echo/t14');
  await page.keyboard.press('Control+PageUp');
  await expect(selected()).toContainText('echo/t13');
  await page.keyboard.press('Control+PageDown');
  await expect(selected()).toContainText('echo/t14');
  await page.keyboard.press('Control+Tab');
  await expect(selected()).toContainText('echo/t1');
  expect(await inView()).toBe(true);
  await page.keyboard.press('Control+Shift+Tab');
  await expect(selected()).toContainText('echo/t14');

  // Alt+W asks before closing a tab with work in it; Cancel keeps it, Don't save closes it.
  await page.keyboard.press('Alt+W');
  const prompt = page.getByRole('dialog', { name: /Save changes to/ });
  await prompt.getByRole('button', { name: 'Cancel' }).click();
  await expect(tabs.getByRole('tab')).toHaveCount(14);
  await url.focus();
  await page.keyboard.press('Alt+W');
  await prompt.getByRole('button', { name: 'Don’t save' }).click();
  await expect(tabs.getByRole('tab')).toHaveCount(13);
  await expect(selected()).toContainText('echo/t13');

  // Pin t7: it moves to the front, loses its close button, and survives a reload.
  await tabs.getByRole('tab', { name: /echo\/t7$/ }).click({ button: 'right' });
  await page.getByRole('menuitem', { name: 'Pin tab' }).click();
  await expect(tabs.getByRole('tab').first()).toContainText('echo/t7');
  await expect(tabs.getByRole('tab').first().getByLabel('Pinned')).toBeVisible();
  await expect(page.getByRole('button', { name: /^Close .*echo\/t7$/ })).toHaveCount(0);

  // The list of every tab opens any of them; the one chosen is scrolled into view.
  await page.getByRole('button', { name: 'All tabs (13)' }).click();
  const list = page.getByRole('menu', { name: 'All tabs (13)' });
  await expect(list.getByRole('menuitemcheckbox')).toHaveCount(13);
  await expect(list.getByRole('menuitemcheckbox').first()).toContainText('echo/t7');
  await page.screenshot({ path: `${shots}/tabs-list.png` });
  await list.getByRole('menuitemcheckbox', { name: /echo\/t12$/ }).click();
  await expect(selected()).toContainText('echo/t12');
  expect(await inView()).toBe(true);

  // After a reload (the tabs are saved 400 ms after the last change) the pinned tab is still first.
  await page.waitForTimeout(1000);
  await page.reload();
  await expect(tabs.getByRole('tab')).toHaveCount(13);
  await expect(tabs.getByRole('tab').first()).toContainText('echo/t7');
  await expect(tabs.getByRole('tab').first().getByLabel('Pinned')).toBeVisible();
  await expect(selected()).toContainText('echo/t12');
  // New tab from the + button goes after the others; Alt+W closes an empty one without asking.
  await page.getByRole('button', { name: 'New request tab' }).click();
  await expect(tabs.getByRole('tab')).toHaveCount(14);
  await url.focus();
  await page.keyboard.press('Alt+W');
  await expect(tabs.getByRole('tab')).toHaveCount(13);
  await expect(page.getByRole('dialog')).toHaveCount(0);
});
