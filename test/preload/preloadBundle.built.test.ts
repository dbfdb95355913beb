// The built preload (the file the window's webPreferences name) run the way a sandboxed
// renderer runs it: a script with a `require` that offers only what Electron's sandbox offers
// (electron's renderer modules, events, timers, url). The stand-in contextBridge records what is
// exposed. What it cannot show: Chromium's context isolation itself (test/e2e/electron.spec.ts).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { channelNames, eventNames } from '../../preload/contract';
import { projectRoot } from '../fixtures/packagedFiles';

const SANDBOX_MODULES = new Set(['events', 'timers', 'url']);

function runPreload() {
  const exposed: { key: string; api: unknown }[] = [];
  const invoked: { channel: string; payload: unknown }[] = [];
  const listeners = new Map<string, ((event: unknown, payload: unknown) => void)[]>();
  const required: string[] = [];
  const ipcRenderer = {
    invoke: async (channel: string, payload: unknown) => {
      invoked.push({ channel, payload });
      return { ok: true, value: 'answer' };
    },
    on: (event: string, listener: (event: unknown, payload: unknown) => void) => {
      listeners.set(event, [...(listeners.get(event) ?? []), listener]);
    },
    removeListener: (event: string, listener: (event: unknown, payload: unknown) => void) => {
      listeners.set(event, (listeners.get(event) ?? []).filter((l) => l !== listener));
    },
  };
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.push({ key, api }) },
    ipcRenderer,
  };
  const sandboxRequire = (name: string) => {
    required.push(name);
    if (name === 'electron') return electron;
    if (SANDBOX_MODULES.has(name)) return {};
    throw new Error(`Module not found: ${name} (a sandboxed preload can require only electron, events, timers and url)`);
  };
  const source = readFileSync(resolve(projectRoot, 'dist/preload/preload.cjs'), 'utf8');
  const module = { exports: {} };
  runInNewContext(source, { require: sandboxRequire, module, exports: module.exports, console, Promise, Object, Error, TypeError, Symbol, Array, Map, Set, WeakMap, JSON, Reflect });
  return { exposed, invoked, listeners, required, ipcRenderer };
}

describe('the built preload in a sandboxed renderer', () => {
  it('requires nothing a sandboxed preload lacks, and exposes exactly window.latchkey', () => {
    const { exposed, required } = runPreload();
    expect(required.filter((name) => name !== 'electron')).toEqual([]);
    expect(exposed.map((e) => e.key)).toEqual(['latchkey']);
    const api = exposed[0]!.api as { calls: Record<string, unknown>; events: Record<string, unknown> };
    expect(Object.keys(api).sort()).toEqual(['calls', 'events']);
    expect(Object.keys(api.calls).sort()).toEqual([...channelNames].sort());
    expect(Object.keys(api.events).sort()).toEqual([...eventNames].sort());
    for (const fn of [...Object.values(api.calls), ...Object.values(api.events)]) expect(typeof fn).toBe('function');
    expect(Object.isFrozen(api) && Object.isFrozen(api.calls) && Object.isFrozen(api.events)).toBe(true);
  });

  it('maps each call to its own channel and hands the page no ipcRenderer', async () => {
    const { exposed, invoked, ipcRenderer } = runPreload();
    const api = exposed[0]!.api as { calls: Record<string, (req?: unknown) => Promise<unknown>>; events: Record<string, (l: (p: unknown) => void) => () => void> };
    for (const name of channelNames) await api.calls[name]!({ probe: name });
    expect(invoked).toEqual(channelNames.map((name) => ({ channel: name, payload: { probe: name } })));
    const reachable = new Set<unknown>();
    const walk = (value: unknown) => {
      if ((typeof value !== 'object' && typeof value !== 'function') || value === null || reachable.has(value)) return;
      reachable.add(value);
      for (const key of Reflect.ownKeys(value)) walk((value as Record<PropertyKey, unknown>)[key]);
    };
    walk(api);
    expect(reachable.has(ipcRenderer)).toBe(false);
    expect(reachable.has(ipcRenderer.invoke)).toBe(false);
  });

  it('passes events to the page without the IPC event object, and unsubscribes', () => {
    const { exposed, listeners } = runPreload();
    const api = exposed[0]!.api as { events: Record<string, (l: (p: unknown) => void) => () => void> };
    const got: unknown[] = [];
    const off = api.events['app:notice']!((payload) => got.push(payload));
    const [wrapped] = listeners.get('app:notice') ?? [];
    wrapped!({ sender: 'ipc event with sender' }, { id: 'n1' });
    expect(got).toEqual([{ id: 'n1' }]);
    off();
    expect(listeners.get('app:notice')).toEqual([]);
  });
});
