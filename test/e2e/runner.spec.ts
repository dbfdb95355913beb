import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { expect, test } from './fixtures';

// A users API on 127.0.0.1 that answers in several chunked writes, as real servers do.
async function startUsers() {
  const names: Record<string, string> = { '1': 'Ada', '2': 'Grace', '3': 'Linus' };
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(req.url ?? '');
    const id = /^\/users\/(\w+)$/.exec(req.url ?? '')?.[1];
    res.writeHead(id && names[id] ? 200 : 404, { 'content-type': 'application/json' });
    res.write('{"id":');
    res.write(JSON.stringify(id ?? null));
    res.end(`,"name":${JSON.stringify((id && names[id]) ?? null)}}`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

test('Run a folder with a data file: live rows, one failing assertion with its actual value, a row\'s response, exports and a comparison', async ({ page, host, dataDir }, testInfo) => {
  const users = await startUsers();
  try {
    const collection = {
      info: { name: 'Partner API', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
      item: [
        {
          name: 'Users',
          item: [
            {
              name: 'Get user',
              request: { method: 'GET', url: `${users.url}/users/{{id}}` },
              event: [{ listen: 'test', script: { exec: ["pm.test('is found', function () { pm.response.to.have.status(200); });", "pm.test('has the name', function () { pm.expect(pm.response.json().name).to.eql('{{name}}'); });"] } }],
            },
            { name: 'Get nobody', request: { method: 'GET', url: `${users.url}/users/none` } },
          ],
        },
        { name: 'Outside the folder', request: { method: 'GET', url: `${users.url}/users/3` } },
      ],
    };
    const file = join(dataDir, 'partner.postman_collection.json');
    writeFileSync(file, JSON.stringify(collection));
    // The second row's name is wrong on purpose: Grace is user 2.
    const data = join(dataDir, 'users.csv');
    writeFileSync(data, 'id,name\n1,Ada\n2,Gracie\n');

    await page.goto(host.url);
    await page.getByRole('button', { name: 'Import…' }).click();
    await page.getByLabel('File').setInputFiles(file);
    await expect(page.getByRole('region', { name: 'Import preview' })).toContainText('Partner API: 3 requests, 1 folder');
    await page.getByRole('dialog').getByRole('button', { name: 'Import', exact: true }).click();
    await expect(page.getByRole('treeitem', { name: /Get user/ })).toBeVisible();

    // "Run…" on the folder opens the runner set up for it.
    await page.getByRole('treeitem', { name: /Users/ }).hover();
    await page.getByRole('button', { name: 'Actions for Users' }).click();
    await page.getByRole('menuitem', { name: 'Run…' }).click();
    const setup = page.getByRole('form', { name: 'Run setup' });
    await expect(setup.getByLabel('Collection or folder')).toHaveValue(/.+/);
    await expect(setup.getByRole('group', { name: /Requests/ })).toContainText('2 of 2');
    // Untick "Get nobody": only the ticked request runs.
    await setup.getByRole('checkbox', { name: /Get nobody/ }).uncheck();
    await expect(setup.getByRole('group', { name: /Requests/ })).toContainText('1 of 2');
    await setup.getByLabel('Data file (CSV with a header row, or a JSON array of objects)').setInputFiles(data);
    await expect(setup).toContainText('users.csv');
    await expect(setup).toContainText('2 rows · columns id, name');
    await page.screenshot({ path: testInfo.outputPath('runner-setup.png') });
    await setup.getByRole('button', { name: 'Run 1 request' }).click();

    const run = page.getByRole('region', { name: 'Run of Partner API / Users' });
    await expect(run.getByTestId('run-status')).toHaveText('Failed');
    const rows = run.getByTestId('run-row');
    await expect(rows).toHaveCount(2);
    await expect(rows.nth(0)).toContainText('Get user');
    await expect(rows.nth(0)).toContainText('200');
    await expect(rows.nth(0)).toContainText('2/2');
    await expect(rows.nth(1)).toContainText('1/2');
    await expect(rows.nth(1)).toContainText('expected Gracie (actual: Grace)');
    await expect(run.getByRole('list', { name: 'Totals' }).or(run.locator('.run-totals'))).toContainText('3 passed');
    expect(users.seen).toEqual(['/users/1', '/users/2']);

    // A row's whole response: its body and its Tests tab.
    await rows.nth(1).click();
    const detail = run.getByRole('region', { name: /Response of Users \/ Get user/ });
    await expect(detail).toContainText('/users/2');
    await expect(detail.getByRole('tab', { name: /Tests/ })).toBeVisible();
    await detail.getByRole('tab', { name: /Tests/ }).click();
    await expect(detail.getByTestId('assertion-result')).toHaveCount(2);
    await expect(detail).toContainText('Grace');
    await page.screenshot({ path: testInfo.outputPath('runner-run.png') });

    // Exports: JUnit XML with the failure, and a self-contained HTML page.
    const junit = page.waitForEvent('download');
    await run.getByRole('button', { name: 'JUnit XML' }).click();
    const junitFile = testInfo.outputPath('run.xml');
    await (await junit).saveAs(junitFile);
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(junitFile, 'utf8')).toContain('expected Gracie (actual: Grace)');
    const html = page.waitForEvent('download');
    await run.getByRole('button', { name: 'HTML report' }).click();
    const htmlFile = testInfo.outputPath('run.html');
    await (await html).saveAs(htmlFile);
    expect(readFileSync(htmlFile, 'utf8')).not.toMatch(/<script/i);

    // Run again without the data file's wrong row, then compare the two runs side by side.
    await setup.getByRole('button', { name: 'Remove the data file' }).click();
    await setup.getByLabel('Iterations').fill('2');
    // Without data rows, {{id}} and {{name}} have no value: both iterations fail the same way.
    await setup.getByRole('checkbox', { name: /Get nobody/ }).check();
    await setup.getByRole('button', { name: 'Run 2 requests' }).click();
    const second = page.getByRole('region', { name: 'Run of Partner API / Users' });
    await expect(second.getByTestId('run-status')).toHaveText(/Failed|Passed/);
    await expect(page.getByRole('region', { name: 'Recent runs' }).getByRole('button')).toHaveCount(2);
    await second.getByLabel('Compare with').selectOption({ index: 1 });
    const compare = page.getByRole('table', { name: 'Comparison of two runs' });
    await expect(compare).toBeVisible();
    await expect(compare).toContainText('Get nobody');
    await expect(compare).toContainText('only in this run');
    await page.screenshot({ path: testInfo.outputPath('runner-compare.png') });
  } finally {
    await users.close();
  }
});
