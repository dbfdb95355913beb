import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: root });

async function restrictedImports(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layering is enforced by lint (DESIGN.md)', () => {
  it('main/core may not import electron, the hosts, ipc or adapters', async () => {
    expect(await restrictedImports('main/core/http/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).not.toEqual([]);
    expect(await restrictedImports('main/core/http/x.ts', "import { shell } from 'electron/main';\nexport const a = shell;\n")).not.toEqual([]);
    expect(await restrictedImports('main/core/x.ts', "import { hardenApp } from '../electron/hardening';\nexport const a = hardenApp;\n")).not.toEqual([]);
    expect(await restrictedImports('main/core/x.ts', "import { createDispatcher } from '../ipc/dispatcher';\nexport const a = createDispatcher;\n")).not.toEqual([]);
    expect(await restrictedImports('main/core/x.ts', "import { confFactory } from '../adapters/confFactory';\nexport const a = confFactory;\n")).not.toEqual([]);
  });

  it('main/core may import the contract, the ports, Node and libraries', async () => {
    const code = [
      "import { z } from 'zod';",
      "import { readFile } from 'node:fs/promises';",
      "import { request } from 'undici';",
      "import type { Clock } from '../ports';",
      "import { contract } from '../../preload/contract';",
      'export const all = [z, readFile, request, contract] as const;',
      'export type C = Clock;',
      '',
    ].join('\n');
    expect(await restrictedImports('main/core/x.ts', code)).toEqual([]);
  });

  it('the renderer may not import main, electron or Node', async () => {
    expect(await restrictedImports('renderer/features/x.ts', "import { createCore } from '../../main/core/createCore';\nexport const a = createCore;\n")).not.toEqual([]);
    expect(await restrictedImports('renderer/x.ts', "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;\n")).not.toEqual([]);
    expect(await restrictedImports('renderer/x.ts', "import { readFile } from 'node:fs';\nexport const a = readFile;\n")).not.toEqual([]);
    expect(await restrictedImports('renderer/x.ts', "import { contract } from '../preload/contract';\nexport const a = contract;\n")).toEqual([]);
  });

  it('preload/contract may import only zod and its own files', async () => {
    expect(await restrictedImports('preload/contract/x.ts', "import { z } from 'zod';\nimport { http } from './http';\nexport const a = [z, http];\n")).toEqual([]);
    expect(await restrictedImports('preload/contract/x.ts', "import { request } from 'undici';\nexport const a = request;\n")).not.toEqual([]);
    expect(await restrictedImports('preload/contract/x.ts', "import type { Clock } from '../../main/ports';\nexport type A = Clock;\n")).not.toEqual([]);
    expect(await restrictedImports('preload/contract/x.ts', "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;\n")).not.toEqual([]);
  });
});
