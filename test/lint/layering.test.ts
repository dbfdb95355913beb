import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: root });

async function restrictedImports(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layering is enforced by lint (docs/architecture.md)', () => {
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

describe('renderer features are used only through their index (docs/architecture.md, Renderer)', () => {
  async function problems(file: string, code: string): Promise<string[]> {
    const [result] = await eslint.lintText(code, { filePath: resolve(root, file) });
    return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-syntax').map((m) => m.message);
  }

  it("a feature may not import another feature's files, statically or lazily", async () => {
    expect(await problems('renderer/features/workbench/x.ts', "import { ConnectionEditor } from '../connections/ConnectionEditor';\nexport const a = ConnectionEditor;\n")).not.toEqual([]);
    expect(await problems('renderer/features/workbench/x.ts', "import { ConnectionEditor } from '../../features/connections/ConnectionEditor';\nexport const a = ConnectionEditor;\n")).not.toEqual([]);
    expect(await problems('renderer/features/workbench/x.ts', "export const a = () => import('../connections/ConnectionEditor');\n")).not.toEqual([]);
  });

  it("a feature may import another feature's index, its own files, renderer/ui and renderer/state", async () => {
    const code = [
      "import { ConnectionsList } from '../connections';",
      "import { TopBar } from './TopBar';",
      "import { formatBytes } from '../../ui/format';",
      "import { useCall } from '../../state/calls';",
      "import type { Connection } from '../../../preload/contract';",
      "export const a = [ConnectionsList, TopBar, formatBytes, useCall, () => import('./Lazy')];",
      'export type C = Connection;',
      '',
    ].join('\n');
    expect(await problems('renderer/features/workbench/x.ts', code)).toEqual([]);
  });

  it('App and main.tsx use features through their index; renderer/ui and renderer/state import no feature', async () => {
    expect(await problems('renderer/App.tsx', "import { JwtScreen } from './features/jwt/JwtScreen';\nexport const a = JwtScreen;\n")).not.toEqual([]);
    expect(await problems('renderer/App.tsx', "import { JwtScreen } from './features/jwt';\nexport const a = JwtScreen;\n")).toEqual([]);
    expect(await problems('renderer/ui/x.ts', "import { BodyViewer } from '../features/response';\nexport const a = BodyViewer;\n")).not.toEqual([]);
    expect(await problems('renderer/state/x.ts', "import { treeActions } from '../features/collections';\nexport const a = treeActions;\n")).not.toEqual([]);
  });

  it('the renderer rules still hold inside features', async () => {
    expect(await problems('renderer/features/jwt/x.ts', "import { readFile } from 'node:fs';\nexport const a = readFile;\n")).not.toEqual([]);
  });
});
