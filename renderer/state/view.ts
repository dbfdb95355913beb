import { createStore } from './store';

/** The main area: the request workbench or the JWT signer (both stay mounted once shown, so neither loses its work). */
export type View = 'requests' | 'jwt' | 'runner';

interface ViewState {
  view: View;
  /** The signer is mounted on first use, then kept. */
  jwtMounted: boolean;
  /** The runner too. */
  runnerMounted: boolean;
  /** A token another screen asked the signer to decode (`n` makes a repeat request a new one). */
  decodeRequest: { token: string; n: number } | null;
}

export const viewStore = createStore<ViewState>({ view: 'requests', jwtMounted: false, runnerMounted: false, decodeRequest: null });

export function showView(view: View): void {
  viewStore.set((s) => ({ ...s, view, jwtMounted: s.jwtMounted || view === 'jwt', runnerMounted: s.runnerMounted || view === 'runner' }));
}

/** Opens the signer's Decode & verify with a token. */
export function decodeInSigner(token: string): void {
  viewStore.set((s) => ({ ...s, view: 'jwt', jwtMounted: true, decodeRequest: { token, n: (s.decodeRequest?.n ?? 0) + 1 } }));
}
