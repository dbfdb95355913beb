import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../../preload/contract';
import { ConfDocumentStore } from '../../../../main/adapters/confDocumentStore';
import { confFactory } from '../../../../main/adapters/confFactory';
import { StoredDocument } from '../../../../main/core/persistence/storedDocument';
import { SettingsService, settingsSpec } from '../../../../main/core/settings/settingsService';
import { memoryLogger } from '../../../fixtures/testPorts';

let dir: string;
const open = () => new SettingsService(StoredDocument.open(settingsSpec, { store: new ConfDocumentStore(dir, confFactory), clock: { now: () => 0 }, logger: memoryLogger(), notify: () => undefined }));

beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'latchkey-settings-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('SettingsService', () => {
  it('starts from the built-in defaults and keeps only what differs, across restarts', () => {
    expect(open().requestDefaults()).toEqual(DEFAULT_SETTINGS);
    open().save({ defaults: { verifyTls: true, maxRedirects: 3, proxyUrl: '  http://proxy.test:3128 ', noProxy: 'localhost' } });
    const saved = JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')) as { data: unknown };
    expect(saved.data).toEqual({ defaults: { maxRedirects: 3, proxyUrl: 'http://proxy.test:3128', noProxy: 'localhost' } });
    expect(open().requestDefaults()).toEqual({ ...DEFAULT_SETTINGS, maxRedirects: 3, proxyUrl: 'http://proxy.test:3128', noProxy: 'localhost' });
  });

  it('refuses a bad proxy URL and keeps the previous settings', () => {
    const service = open();
    service.save({ defaults: { maxRedirects: 4 } });
    expect(() => service.save({ defaults: { proxyUrl: 'socks4://x:1' } })).toThrow(/http:\/\/ or https:\/\//);
    expect(open().get()).toEqual({ defaults: { maxRedirects: 4 } });
  });

  it('accepts a proxy URL written with variables, checked when a request resolves it', () => {
    expect(open().save({ defaults: { proxyUrl: 'http://me:{{proxyPassword}}@proxy.test:3128' } }).defaults.proxyUrl).toContain('{{proxyPassword}}');
  });

  it('keeps the theme across restarts; System is the default and is not written', () => {
    open().save({ defaults: { maxRedirects: 2 }, theme: 'dark' });
    expect(open().get()).toEqual({ defaults: { maxRedirects: 2 }, theme: 'dark' });
    open().save({ defaults: { maxRedirects: 2 }, theme: 'system' });
    expect(open().get()).toEqual({ defaults: { maxRedirects: 2 } });
  });
});
