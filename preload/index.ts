import { contextBridge, ipcRenderer } from 'electron';
import { buildClient } from './contract/client';
import type { Result } from './contract/result';

// One function per contract channel; ipcRenderer itself never reaches the page.
const api = buildClient(
  (channel, payload) => ipcRenderer.invoke(channel, payload) as Promise<Result<unknown>>,
  (event, listener) => {
    const wrapped = (_e: unknown, payload: unknown) => listener(payload);
    ipcRenderer.on(event, wrapped);
    return () => {
      ipcRenderer.removeListener(event, wrapped);
    };
  },
);

contextBridge.exposeInMainWorld('latchkey', api);
