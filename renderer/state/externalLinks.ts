import { api } from '../api';
import { createStore } from './store';

/**
 * External links, one way for every feature: `openExternal` asks main, which checks the URL
 * (http and https only) and opens it in the system browser. In the browser host the user's
 * browser is the system browser, so main answers with an `app:openExternal` event and the page
 * opens a new tab; when the browser blocks the tab, the link is kept here for the banner that
 * offers it as a link to click.
 */
export const blockedLink = createStore<string | null>(null);

/** Follows main's requests to open a URL in a new tab (the app frame does this once); returns the unsubscribe. */
export function followExternalLinks(): () => void {
  return api.events['app:openExternal'](({ url }) => {
    const tab = window.open(url, '_blank');
    if (tab) {
      tab.opener = null;
      blockedLink.set(null);
    } else blockedLink.set(url);
  });
}

/** Opens a link in the system browser (a new tab in the browser host); resolves to the reason when main refuses it. */
export async function openExternal(url: string): Promise<string | null> {
  const result = await api.calls['app:openUrl']({ url });
  return result.ok ? null : result.error.message;
}
