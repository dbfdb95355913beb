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

  it('flips the fuses that harden a packaged build (docs/architecture.md, Security)', () => {
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
