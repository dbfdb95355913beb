import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = resolve(import.meta.dirname, '../..');

describe('packaging config', () => {
  const config = parse(readFileSync(resolve(root, 'build/electron-builder.yml'), 'utf8')) as {
    electronFuses: Record<string, boolean>;
    linux: { target: string[] };
    mac: { target: string };
    win: { target: string };
    asar: boolean;
  };

  it('flips the fuses QUALITY.md names', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
    expect(config.asar).toBe(true);
  });

  it('targets AppImage, deb, dmg and nsis', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.mac.target).toBe('dmg');
    expect(config.win.target).toBe('nsis');
  });
});

describe('Electron shell source (checked statically; the smoke test runs it where the binary exists)', () => {
  const main = readFileSync(resolve(root, 'main/electron/main.ts'), 'utf8');
  const hardening = readFileSync(resolve(root, 'main/electron/hardening.ts'), 'utf8');
  const protocol = readFileSync(resolve(root, 'main/electron/appProtocol.ts'), 'utf8');

  it('writes every webPreference inline', () => {
    for (const line of ['contextIsolation: true', 'sandbox: true', 'nodeIntegration: false', 'nodeIntegrationInWorker: false', 'webSecurity: true', 'webviewTag: false']) {
      expect(main).toContain(line);
    }
  });

  it('denies navigation, new windows, webviews and permissions, and takes a single-instance lock', () => {
    expect(hardening).toContain("setWindowOpenHandler(() => ({ action: 'deny' }))");
    expect(hardening).toContain("'will-attach-webview', (event) => event.preventDefault()");
    expect(hardening).toContain('setPermissionRequestHandler((_contents, _permission, callback) => callback(false))');
    expect(hardening).toContain('setPermissionCheckHandler(() => false)');
    expect(main).toContain('requestSingleInstanceLock()');
  });

  it('serves the renderer with the CSP as a header', () => {
    for (const directive of ["default-src 'none'", "script-src 'self'", "style-src 'self'", "connect-src 'none'", "object-src 'none'", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'"]) {
      expect(protocol).toContain(directive);
    }
    expect(protocol).toContain("'content-security-policy': APP_CSP");
  });
});
