import { createCore, type Core, type CorePorts } from '../core/createCore';
import { createDispatcher, type Transport } from './dispatcher';
import { createHandlers } from './handlers';
import { pushEvents } from './pushEvents';

export interface StartedCore {
  core: Core;
  /** Stops pushing events, then closes the core (history saved, connections closed). */
  close(): Promise<void>;
}

/**
 * The product behind a transport, the same for both hosts: the core built from its ports, every
 * contract channel answered through the one dispatcher (which refuses any sender but
 * `appOrigin`), and main's events pushed. The Electron shell and the browser host differ only in
 * their ports and their transport.
 */
export function startCore(ports: CorePorts, transport: Transport, host: { kind: 'electron' | 'browser'; platform: string; appOrigin: string }): StartedCore {
  const core = createCore(ports);
  transport.serve(createDispatcher(createHandlers(core, host), { appOrigin: host.appOrigin, logger: ports.logger }));
  const unsubscribe = pushEvents(core, (event, payload) => transport.emit(event, payload));
  return {
    core,
    async close() {
      unsubscribe();
      await core.close();
    },
  };
}
