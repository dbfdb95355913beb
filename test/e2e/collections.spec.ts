import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, HOST_STOPPED, launchHost, test } from './fixtures';

async function saveAs(page: Page, name: string, place: RegExp) {
  await page.keyboard.press('Control+s');
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Request name').fill(name);
  const option = await dialog.getByLabel('Save to').locator('option').filter({ hasText: place }).first().getAttribute('value');
  await dialog.getByLabel('Save to').selectOption(option!);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
}


// These journeys restart the host; the open page's reconnect attempts meanwhile are expected.
test.use({ allowedConsoleErrors: HOST_STOPPED });

test('collections and folders with saved requests survive a reload and a host restart', async ({ page, host, echo, dataDir }) => {
  await page.goto(host.url);
  await page.getByRole('button', { name: 'New collection' }).click();
  await page.getByLabel('Collection name').fill('Partner API');
  await page.getByRole('button', { name: 'Create' }).click();
  await page.getByRole('button', { name: 'Actions for Partner API' }).click();
  await page.getByRole('menuitem', { name: 'New folder' }).click();
  await page.getByLabel('Folder name').fill('Orders');
  await page.getByRole('button', { name: 'Create' }).click();

  await page.getByLabel('URL').fill(`${echo.url}/echo?first=1`);
  await saveAs(page, 'First order', /Orders/);
  await expect(page.getByRole('tab', { name: /First order/ })).toBeVisible();
  await page.getByRole('button', { name: 'New request tab' }).click();
  await page.getByLabel('Method').selectOption('POST');
  await page.getByLabel('URL').fill(`${echo.url}/echo?second=2`);
  await saveAs(page, 'Second order', /Partner API/);

  // An unsaved change is marked on its tab, and Ctrl+S saves it in place.
  await page.getByLabel('URL').fill(`${echo.url}/echo?second=edited`);
  await expect(page.getByRole('tab', { name: /Second order/ }).getByLabel('unsaved changes')).toBeVisible();
  await page.keyboard.press('Control+s');
  await expect(page.getByRole('tab', { name: /Second order/ }).getByLabel('unsaved changes')).toBeHidden();

  const expectTree = async (p: Page) => {
    await expect(p.getByRole('treeitem', { name: /Partner API/ })).toBeVisible();
    await expect(p.getByRole('treeitem', { name: /Orders/ })).toBeVisible();
    await expect(p.getByRole('treeitem', { name: /First order/ })).toBeVisible();
    await expect(p.getByRole('treeitem', { name: /Second order/ })).toBeVisible();
  };
  await page.reload();
  await expectTree(page);

  await host.stop();
  const again = await launchHost(dataDir);
  try {
    const page2 = await page.context().newPage();
    await page2.goto(again.url);
    await expectTree(page2);
    await page2.getByRole('treeitem', { name: /Second order/ }).click();
    await expect(page2.getByLabel('URL')).toHaveValue(`${echo.url}/echo?second=edited`);
    await page2.getByRole('button', { name: 'Send' }).click();
    await expect(page2.getByText('200 OK')).toBeVisible();

    // Delete with Undo: the open tab is its request's tab again, not a modified copy of it.
    await page2.getByRole('treeitem', { name: /First order/ }).click();
    const firstTab = page2.getByRole('tab', { name: /First order/ });
    await expect(firstTab).toBeVisible();
    await page2.getByRole('tree').press('Delete');
    await expect(page2.getByRole('treeitem', { name: /First order/ })).toBeHidden();
    await expect(firstTab.getByLabel('unsaved changes')).toBeVisible();
    await page2.getByRole('button', { name: 'Undo' }).click();
    await expect(page2.getByRole('treeitem', { name: /First order/ })).toBeVisible();
    await expect(firstTab.getByLabel('unsaved changes')).toBeHidden();
    const tabCount = await page2.getByRole('tab', { name: /order/ }).count();
    await page2.getByRole('treeitem', { name: /First order/ }).click();
    await expect(page2.getByRole('tab', { name: /order/ })).toHaveCount(tabCount);
    await expect(firstTab).toHaveAttribute('aria-selected', 'true');
  } finally {
    await again.stop();
  }
});

test('import a Postman collection, send one of its requests, export it and import it again', async ({ page, host, echo, dataDir }, testInfo) => {
  const collection = {
    info: { name: 'Imported echo', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
    variable: [{ key: 'base', value: echo.url }],
    auth: { type: 'apikey', apikey: [{ key: 'key', value: 'X-Api-Key' }, { key: 'value', value: 'e2e-import-key-991' }, { key: 'in', value: 'header' }] },
    item: [
      {
        name: 'Echo folder',
        item: [
          {
            name: 'Echo it',
            event: [{ listen: 'test', script: { exec: ['pm.test("Status code is 200", function () {', '  pm.response.to.have.status(200);', '});', 'pm.test("Echoes the method", () => { pm.expect(pm.response.json().method).to.eql("POST"); });', 'console.log("not run");'] } }],
            request: { method: 'POST', url: '{{base}}/echo?from=postman', header: [{ key: 'X-From', value: 'import' }], body: { mode: 'raw', raw: '{"hello":"postman"}', options: { raw: { language: 'json' } } } },
          },
        ],
      },
    ],
  };
  const file = join(dataDir, 'collection.postman.json');
  writeFileSync(file, JSON.stringify(collection));
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Import…' }).click();
  await page.getByLabel('File').setInputFiles(file);
  const preview = page.getByRole('region', { name: 'Import preview' });
  await expect(preview).toContainText('Postman Collection v2.1');
  await expect(preview).toContainText('Imported echo: 1 request, 1 folder');
  await expect(preview).toContainText('1 connection');
  // The test script's idioms are listed as what they became; the rest is noted as kept as text.
  const recognised = preview.getByRole('table', { name: 'Recognised scripts' });
  await expect(recognised.getByRole('row')).toHaveCount(3);
  await expect(recognised).toContainText('assertion: Status code equals 200');
  await expect(recognised).toContainText('assertion: $.method equals POST');
  await expect(preview).toContainText('Request “Echo it”: the rest of its test script was kept as text');
  await page.screenshot({ path: testInfo.outputPath('import-preview.png') });
  await page.getByRole('dialog').getByRole('button', { name: 'Import', exact: true }).click();

  await page.getByRole('treeitem', { name: /Echo it/ }).click();
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByText('200 OK')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Tests 2/2' })).toBeVisible();
  // The request inherited the collection's connection and variables.
  await expect(page.getByRole('region', { name: 'Response' })).toContainText('e2e-import-key-991');
  await expect(page.getByRole('region', { name: 'Response' })).toContainText('/echo?from=postman');

  await page.getByRole('button', { name: 'Actions for Imported echo' }).click();
  await page.getByRole('menuitem', { name: 'Export…' }).click();
  const download = page.waitForEvent('download');
  await page.getByRole('dialog').getByRole('button', { name: 'Export', exact: true }).click();
  const saved = testInfo.outputPath('exported.json');
  await (await download).saveAs(saved);
  const exported = readFileSync(saved, 'utf8');
  expect(exported).not.toContain('e2e-import-key-991');
  expect(exported).toContain('"schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"');
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();

  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await page.getByLabel('File').setInputFiles(saved);
  await expect(page.getByRole('region', { name: 'Import preview' })).toContainText('Imported echo: 1 request, 1 folder');
  await page.getByRole('dialog').getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByRole('treeitem', { name: /Imported echo/ })).toHaveCount(2);
  await expect(page.getByRole('treeitem', { name: /Echo it/ })).toHaveCount(2);
});

test('rename with F2, filter, drag a request into a folder, and closing a tab with unsaved changes asks first', async ({ page, host, echo }) => {
  await page.goto(host.url);
  await page.getByRole('button', { name: 'New collection' }).click();
  await page.getByLabel('Collection name').fill('Tools');
  await page.getByRole('button', { name: 'Create' }).click();
  await page.getByRole('button', { name: 'Actions for Tools' }).click();
  await page.getByRole('menuitem', { name: 'New folder' }).click();
  await page.getByLabel('Folder name').fill('Archive');
  await page.getByRole('button', { name: 'Create' }).click();
  await page.getByLabel('URL').fill(`${echo.url}/status/204`);
  await saveAs(page, 'No content', /Tools/);

  // F2 renames in place; Enter keeps it.
  await page.getByRole('treeitem', { name: 'No content' }).click();
  await page.getByRole('tree').press('F2');
  await page.getByLabel('New name').fill('Empty reply');
  await page.getByLabel('New name').press('Enter');
  await expect(page.getByRole('treeitem', { name: 'Empty reply' })).toBeVisible();
  await expect(page.getByRole('tab', { name: /Empty reply/ })).toBeVisible();

  // The filter matches URLs too.
  await page.getByLabel('Filter requests').fill('status/204');
  await expect(page.getByRole('treeitem')).toHaveCount(2);
  await page.getByLabel('Filter requests').fill('');

  // Drag the request onto the folder: it moves inside.
  await page.getByRole('treeitem', { name: 'Empty reply' }).dragTo(page.getByRole('treeitem', { name: 'Archive' }));
  await expect(page.getByRole('treeitem', { name: 'Empty reply' })).toHaveAttribute('aria-level', '3');
  // And back with the keyboard's way: Move to… in the row menu.
  await page.getByRole('button', { name: 'Actions for Empty reply' }).click();
  await page.getByRole('menuitem', { name: 'Move to…' }).click();
  await page.getByRole('dialog').getByLabel('Move to').selectOption({ label: 'Tools' });
  await page.getByRole('dialog').getByRole('button', { name: 'Move' }).click();
  await expect(page.getByRole('treeitem', { name: 'Empty reply' })).toHaveAttribute('aria-level', '2');

  // An unsaved change: closing its tab asks; Cancel keeps it, Don't save closes it.
  await page.getByLabel('URL').fill(`${echo.url}/status/202`);
  await page.getByRole('button', { name: 'Close Empty reply' }).click();
  await expect(page.getByRole('dialog')).toContainText('Save changes to “Empty reply”?');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByLabel('URL')).toHaveValue(`${echo.url}/status/202`);
  await page.getByRole('button', { name: 'Close Empty reply' }).click();
  await page.getByRole('button', { name: 'Don’t save' }).click();
  await expect(page.getByRole('tab', { name: /Empty reply/ })).toHaveCount(0);
  await page.getByRole('treeitem', { name: 'Empty reply' }).click();
  await expect(page.getByLabel('URL')).toHaveValue(`${echo.url}/status/204`);
});

test('an environment with a secret variable: chosen in the top bar, used by a request, kept out of the data directory', async ({ page, host, echo, dataDir }) => {
  await page.goto(host.url);
  await page.getByLabel('Environment').selectOption({ label: 'Manage environments…' });
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Environment name').fill('staging');
  await dialog.getByRole('button', { name: 'Add variable' }).click();
  await dialog.getByLabel('Variable 1 name').fill('apiKey');
  await dialog.getByLabel('Variable 1 is secret').check();
  await dialog.getByLabel('Variable 1 value').fill('env-secret-e2e-4471');
  await dialog.getByRole('button', { name: 'Create' }).click();
  // Saved: the form now edits "staging", its secret shown only as kept in the keychain.
  await expect(dialog.getByLabel('Environment name')).toHaveValue('staging');
  await expect(dialog.getByLabel('Variable 1 value')).toHaveAttribute('placeholder', /in keychain/);
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  await page.getByLabel('Environment').selectOption({ label: 'staging' });
  await page.getByLabel('URL').fill(`${echo.url}/echo?key={{apiKey}}`);
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByText('200 OK')).toBeVisible();
  await page.keyboard.press('Control+Shift+V');
  const scope = page.getByRole('table', { name: 'Variables in scope' });
  await expect(scope).toContainText('apiKey');
  await expect(scope).toContainText('Environment · staging');
  await expect(scope).not.toContainText('env-secret-e2e-4471');
  expect(echo.seen.at(-1)?.url).toBe('/echo?key=env-secret-e2e-4471');
  for (const file of readdirSync(dataDir, { recursive: true }) as string[]) {
    if (file.endsWith('.json')) expect(readFileSync(join(dataDir, file), 'utf8')).not.toContain('env-secret-e2e-4471');
  }
});

test('an imported collection that names local files lists them, and sends a file only once the user takes it', async ({ page, host, echo, dataDir }) => {
  const privateFile = join(dataDir, 'colleague-asked-for-this.txt');
  writeFileSync(privateFile, 'PRIVATE-E2E-CONTENT-5521');
  const collection = {
    info: { name: 'Shared uploads', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
    item: [{ name: 'Upload', request: { method: 'POST', url: `${echo.url}/echo`, body: { mode: 'file', file: { src: privateFile } } } }],
  };
  const file = join(dataDir, 'shared.postman.json');
  writeFileSync(file, JSON.stringify(collection));
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Import…' }).click();
  await page.getByLabel('File').setInputFiles(file);
  const listed = page.getByRole('group', { name: 'Local files named by this import' });
  await expect(listed).toContainText('This import names a file on this computer.');
  await expect(listed).toContainText(privateFile);
  await expect(listed).toContainText('Shared uploads › Upload');
  await page.getByRole('dialog').screenshot({ path: `${process.env.LATCHKEY_REPORT_DIR ?? 'reports'}/screenshots/import-local-files.png` });
  await page.getByRole('dialog').getByRole('button', { name: 'Import', exact: true }).click();

  await page.getByRole('treeitem', { name: /Upload/ }).click();
  const seenBefore = echo.seen.length;
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByRole('alert')).toContainText('Not sent: a file from an import needs confirming');
  await expect(page.getByRole('alert')).toContainText(`The body file is ${privateFile}, named by an import.`);
  expect(echo.seen.length).toBe(seenBefore);

  await page.getByRole('tab', { name: /^Body/ }).first().click();
  await expect(page.getByText('This path came from an import.')).toBeVisible();
  await page.screenshot({ path: `${process.env.LATCHKEY_REPORT_DIR ?? 'reports'}/screenshots/unconfirmed-file.png` });
  await page.getByRole('button', { name: 'Send this file: Body file' }).click();
  await expect(page.getByText('This path came from an import.')).toBeHidden();
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByText('200 OK')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Response' })).toContainText('PRIVATE-E2E-CONTENT-5521');
});

test("a link in a collection's description opens in a new tab of the browser host", async ({ page, host, echo }) => {
  await page.goto(host.url);
  await page.getByRole('button', { name: 'New collection' }).click();
  await page.getByLabel('Collection name').fill('Docs API');
  await page.getByRole('button', { name: 'Create' }).click();
  await page.getByRole('button', { name: 'Actions for Docs API' }).click();
  await page.getByRole('menuitem', { name: 'Settings…' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('textbox', { name: 'Description' }).fill(`Read [the guide](${echo.url}/echo?guide=1) first.`);
  await dialog.getByRole('button', { name: 'Preview' }).click();
  // The link goes through main (app:openUrl), which checks it and asks this page to open it.
  const opened = page.context().waitForEvent('page');
  await dialog.getByRole('link', { name: 'the guide' }).click();
  const tab = await opened;
  await tab.waitForLoadState();
  expect(tab.url()).toBe(`${echo.url}/echo?guide=1`);
  await tab.close();
  await expect(page.getByText('Your browser blocked a new tab')).toBeHidden();
});
