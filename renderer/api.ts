import { buildClient } from '../preload/contract/client';
import type { ApiError, EventName, LatchkeyApi, Result } from '../preload/contract';

declare global {
  interface Window {
    latchkey?: LatchkeyApi;
  }
}

/**
 * The browser host's transport: the same contract over one WebSocket to main. The socket
 * is authenticated by the HttpOnly cookie the host set when the tokened URL was opened.
 */
function connectToBrowserHost(): LatchkeyApi {
  let nextId = 1;
  const pending = new Map<number, (result: Result<unknown>) => void>();
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  let socket: WebSocket | null = null;
  let opened: Promise<WebSocket> | null = null;

  const disconnected = (message: string): Result<never> => ({ ok: false, error: { code: 'disconnected', message } satisfies ApiError });

  function connect(): Promise<WebSocket> {
    opened ??= new Promise((resolve, reject) => {
      const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`);
      ws.onopen = () => {
        socket = ws;
        resolve(ws);
      };
      ws.onerror = () => reject(new Error('Could not reach the Latchkey host.'));
      ws.onclose = () => {
        socket = null;
        opened = null;
        for (const settle of pending.values()) settle(disconnected('Lost the connection to Latchkey. Is `npm run serve` still running?'));
        pending.clear();
      };
      ws.onmessage = (message) => {
        const data = JSON.parse(String(message.data)) as { id?: number; result?: Result<unknown>; event?: EventName; payload?: unknown };
        if (data.event) {
          for (const listener of listeners.get(data.event) ?? []) listener(data.payload);
        } else if (typeof data.id === 'number' && data.result) {
          pending.get(data.id)?.(data.result);
          pending.delete(data.id);
        }
      };
    });
    return opened;
  }

  return buildClient(
    async (channel, payload) => {
      let ws: WebSocket;
      try {
        ws = socket ?? (await connect());
      } catch {
        return disconnected('Could not reach Latchkey. Is `npm run serve` still running? Reload this page from the URL it printed.');
      }
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        ws.send(JSON.stringify({ id, channel, payload }));
      });
    },
    (event, listener) => {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      void connect().catch(() => undefined);
      return () => set.delete(listener);
    },
  );
}

export const api: LatchkeyApi = window.latchkey ?? connectToBrowserHost();
