import { createContext, useContext } from 'react';

/** What the host running this window can do beyond the contract's basics. */
export interface HostCapabilities {
  /** The system's open and save dialogs (the desktop app); the browser host has none. */
  fileDialogs: boolean;
}

export const HostCapabilitiesContext = createContext<HostCapabilities>({ fileDialogs: false });

export function useHostCapabilities(): HostCapabilities {
  return useContext(HostCapabilitiesContext);
}
