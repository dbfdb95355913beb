import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { contract, type ChannelName, type EventName, type EventPayload } from '../../preload/contract';
import type { Sender, Transport } from '../ipc/dispatcher';
import { originOf } from './hardening';

function senderOf(event: IpcMainInvokeEvent): Sender {
  const frame = event.senderFrame;
  return {
    origin: frame ? originOf(frame.url) : null,
    isMainFrame: frame !== null && frame.parent === null,
  };
}

/** The contract over Electron IPC: ipcMain.handle per channel, webContents.send per event. */
export function electronTransport(target: () => WebContents | null): Transport {
  return {
    serve(dispatch) {
      // One handler per contract channel; a name outside the contract has no handler at all.
      for (const channel of Object.keys(contract) as ChannelName[]) {
        ipcMain.handle(channel, (event, payload: unknown) => dispatch(channel, payload, senderOf(event)));
      }
    },
    emit<E extends EventName>(event: E, payload: EventPayload<E>) {
      const contents = target();
      if (contents && !contents.isDestroyed()) contents.send(event, payload);
    },
  };
}
