import { buildClient } from '../preload/contract/client';
import type { ApiError, EventName, LatchkeyApi, Result } from '../preload/contract';

declare global {
  interface Window {
    latchkey?: LatchkeyApi;
  }
}

const TOKEN_KEY = 'latchkey.launchToken';
const NO_TOKEN = 'This page has no access token for Latchkey. Open the link that `npm start` or `npm run serve` printed when it started (it ends in #token=…).';

/**
 * The browser host's launch token. It arrives in the URL fragment (never sent to a server),
 * moves to this origin's session storage (which no other port can read, and which outlives a
 * reload of this tab only), and leaves the address bar and the history entry at once.
 */
function launchToken(): string | null {
  const match = /(?:^#|&)token=([\w-]+)/.exec(location.hash);
  if (match?.[1]) {
    sessionStorage.setItem(TOKEN_KEY, match[1]);
    history.replaceState(history.state, '', `${location.pathname}${location.search}`);
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

/**
 * The browser host's transport: the same contract over one WebSocket to main. The socket
 * offers the launch token as a subprotocol (`latchkey.token.<token>`): no cookie, which the
 * browser would also send to every other server on 127.0.0.1.
 */
function connectToBrowserHost(token: string | null): LatchkeyApi {
  let nextId = 1;
  const pending = new Map<number, (result: Result<unknown>) => void>();
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  let socket: WebSocket | null = null;
  let opened: Promise<WebSocket> | null = null;

  const disconnected = (message: string): Result<never> => ({ ok: false, error: { code: 'disconnected', message } satisfies ApiError });

  function connect(): Promise<WebSocket> {
    opened ??= new Promise((resolve, reject) => {
      if (!token) return reject(new Error(NO_TOKEN));
      const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`, ['latchkey', `latchkey.token.${token}`]);
      ws.onopen = () => {
        socket = ws;
        resolve(ws);
      };
      ws.onerror = () => reject(new Error('Could not reach the Latchkey host.'));
      ws.onclose = () => {
        socket = null;
        opened = null;
        for (const settle of pending.values()) settle(disconnected('Lost the connection to Latchkey. Is it still running?'));
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
        return disconnected(token ? 'Could not reach Latchkey. Is it still running? Open the link it printed when it started.' : NO_TOKEN);
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

const token = window.latchkey ? null : launchToken();
export const api: LatchkeyApi = window.latchkey ?? connectToBrowserHost(token);
/** True in a browser tab opened without the link the host printed: nothing can reach main. */
export const needsLaunchLink = !window.latchkey && token === null;
