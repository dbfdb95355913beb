import { bigBomb } from '../fixtures/echoServer';
import { test, expect } from './fixtures';

// Bodies as real servers send them, through the browser host: chunked and slow, event streams,
// and a compression bomb. The servers are real (the echo server on 127.0.0.1).

const shots = `${process.env.LATCHKEY_REPORT_DIR ?? 'reports'}/screenshots`;

test('a chunked 50 MB JSON body shows its rows and progress before it completes, and is searchable after', async ({ page, host, echo }) => {
  await page.goto(host.url);
  // The server holds the body after its first 2 MB until the test has seen it arrive: on a fast
  // machine all 50 MB can be in before the first check.
  await page.getByLabel('URL').fill(`${echo.url}/stream?mb=50&write=100&hold=2048`);
  await page.getByRole('button', { name: 'Send' }).click();
  // While it arrives: the status line, progress next to Cancel, and the first rows.
  await expect(page.getByTestId('response-status-live')).toHaveText('200 OK', { timeout: 10_000 });
  await expect(page.getByTestId('send-progress')).toContainText('/s');
  await expect(page.getByTestId('response-body').getByText('"name": "record 0"')).toBeVisible();
  await expect(page.getByTestId('body-receiving')).toBeVisible();
  await page.screenshot({ path: `${shots}/streaming-receiving.png` });
  await fetch(`${echo.url}/release`);
  // Complete: the final status, and the search finds the last record.
  await expect(page.getByTestId('response-status')).toHaveText('200 OK', { timeout: 60_000 });
  await expect(page.getByText('Indexing…')).toHaveCount(0, { timeout: 60_000 });
  const search = page.getByLabel('Search body');
  await search.fill('needle-at-the-end');
  await search.press('Enter');
  await expect(page.getByTestId('match-count')).toHaveText('1 match · row 1/1');
  await expect(page.getByTestId('response-body').locator('mark')).toHaveText('needle-at-the-end');
});

test('a search while the body arrives covers what has arrived, and is run again when it completes', async ({ page, host, echo }) => {
  await page.goto(host.url);
  await page.getByLabel('URL').fill(`${echo.url}/trickle?bytes=40&interval=100`);
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByTestId('body-receiving')).toBeVisible({ timeout: 10_000 });
  const search = page.getByLabel('Search body');
  await expect(page.getByTestId('response-body')).toContainText('abc');
  await search.fill('a');
  await search.press('Enter');
  await expect(page.getByTestId('match-count')).toContainText('so far');
  await expect(page.getByTestId('response-status')).toHaveText('200 OK', { timeout: 20_000 });
  // 40 letters of the alphabet over and over: "a" twice.
  await expect(page.getByTestId('match-count')).toHaveText('2 matches · row 1/1');
});

test('an event stream shows its events live, and Stop ends it keeping what arrived', async ({ page, host, echo }) => {
  await page.goto(host.url);
  await page.getByLabel('URL').fill(`${echo.url}/sse?count=200&interval=150`);
  await page.getByRole('button', { name: 'Send' }).click();
  const events = page.getByTestId('events');
  await expect(events.getByText('"text": "event number 0"')).toBeVisible({ timeout: 10_000 });
  await expect(events.getByText('"text": "event number 3"')).toBeVisible();
  await expect(page.getByTestId('event-count')).toContainText('live');
  // The filter narrows to one type.
  await page.getByLabel('Filter events').fill('tock');
  await expect(events.getByText('"text": "event number 0"')).toHaveCount(0);
  await expect(events.getByText('"text": "event number 1"')).toBeVisible();
  await page.getByLabel('Filter events').fill('');
  await page.screenshot({ path: `${shots}/streaming-events.png` });
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(page.getByTestId('response-incomplete')).toContainText('cancelled');
  await expect(page.getByTestId('response-status')).toHaveText('200 OK');
  // After the stream: the events are read back from the stored body, with their times.
  await expect(events.getByText('"text": "event number 3"')).toBeVisible();
  await expect(page.getByTestId('event-count')).not.toContainText('live');
  await expect(events.locator('.event-at').first()).toHaveText(/^\+0\.\d{3} s$/);
  // History keeps the stream: its events and that it was stopped.
  await page.getByRole('tab', { name: /History/ }).click();
  const entry = page.getByRole('list', { name: 'History' }).getByRole('listitem').first();
  await expect(entry).toContainText(/\d+ events/);
  await expect(entry.locator('.history-partial')).toHaveAttribute('title', /cancelled/);
});

test('a compression bomb is stopped with a message saying what happened and where to raise the limit', async ({ page, host, echo }) => {
  // Made before the send, so what is timed is Latchkey's part.
  await bigBomb();
  await page.goto(host.url);
  await page.getByLabel('URL').fill(`${echo.url}/bigbomb`);
  await page.getByRole('button', { name: 'Send' }).click();
  const message = page.getByTestId('response-capped');
  await expect(message).toContainText('Decoding stopped', { timeout: 20_000 });
  await expect(message).toContainText(/expanded [\d,]+×/);
  await expect(message).toContainText('Settings');
  await page.screenshot({ path: `${shots}/streaming-bomb.png` });
});
