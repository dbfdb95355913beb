// The open tabs' state: switching with wrap-around, pinning (pinned tabs stay at the left),
// "Close other tabs" keeping what would ask, and the titles that tell unsaved tabs apart.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { EditorTab } from '../../preload/contract';
import type * as TabsState from '../../renderer/state/tabs';
import { installFakeMain } from './fakeMain';

let tabs: typeof TabsState;
let tabTitle: (tab: EditorTab) => string;

beforeAll(async () => {
  installFakeMain({ 'workspace:get': () => ({ tabs: [], activeTabId: '' }), 'workspace:save': () => undefined });
  tabs = await import('../../renderer/state/tabs');
  ({ tabTitle } = await import('../../renderer/features/requests/RequestTabs'));
});

const open = () => tabs.openTabs();
const urls = () => open().map((t) => t.draft.url);

function openThree(): void {
  tabs.tabActions.setDraft((d) => ({ ...d, url: 'https://api.example.com/a' }));
  for (const path of ['b', 'c']) {
    tabs.tabActions.newTab();
    tabs.tabActions.setDraft((d) => ({ ...d, url: `https://api.example.com/${path}` }));
  }
}

describe('tabs', () => {
  beforeEach(() => tabs.resetTabs());

  it('Ctrl+Tab and Ctrl+Shift+Tab move to the next and previous tab, wrapping at the ends', () => {
    openThree();
    expect(tabs.activeTab().draft.url).toMatch(/\/c$/);
    tabs.tabActions.cycle(1);
    expect(tabs.activeTab().draft.url).toMatch(/\/a$/);
    tabs.tabActions.cycle(-1);
    expect(tabs.activeTab().draft.url).toMatch(/\/c$/);
    tabs.tabActions.cycle(-1);
    expect(tabs.activeTab().draft.url).toMatch(/\/b$/);
  });

  it('a pinned tab moves to the left after the other pinned ones, and back after them when unpinned', () => {
    openThree();
    const [a, b, c] = open();
    tabs.tabActions.togglePin(c!.id);
    expect(urls().map((u) => u.slice(-1))).toEqual(['c', 'a', 'b']);
    tabs.tabActions.togglePin(b!.id);
    expect(urls().map((u) => u.slice(-1))).toEqual(['c', 'b', 'a']);
    expect(open().map((t) => t.pinned === true)).toEqual([true, true, false]);
    tabs.tabActions.togglePin(c!.id);
    expect(urls().map((u) => u.slice(-1))).toEqual(['b', 'c', 'a']);
    expect(tabs.tabById(c!.id)!.pinned).toBeUndefined();
    expect(tabs.tabById(a!.id)!.pinned).toBeUndefined();
  });

  it('Close other tabs keeps the pinned ones and those with unsaved work, and closes the rest', () => {
    openThree();
    // Two more tabs nobody typed into, one of them pinned.
    tabs.tabActions.newTab();
    const blank = tabs.activeTab();
    tabs.tabActions.newTab();
    const pinnedBlank = tabs.activeTab();
    tabs.tabActions.togglePin(pinnedBlank.id);
    const keep = open().find((t) => t.draft.url.endsWith('/b'))!;
    tabs.tabActions.closeOthers(keep.id);
    const left = open();
    expect(left.map((t) => t.id)).toContain(pinnedBlank.id);
    expect(left.map((t) => t.id)).not.toContain(blank.id);
    // The new requests with a URL are work (closing them would ask), so they stay.
    expect(left.filter((t) => t.draft.url).map((t) => t.draft.url.slice(-1)).sort()).toEqual(['a', 'b', 'c']);
    expect(tabs.activeTab().id).toBe(keep.id);
  });

  it('titles an unsaved tab by its path (its whole URL is the tooltip), a saved one by its name', () => {
    const tab = (url: string, name: string | null = null): EditorTab => ({ id: 'x', savedId: name ? 's' : null, name, draft: { ...tabs.blankDraft, url }, dirty: false });
    expect(tabTitle(tab('http://127.0.0.1:8080/echo/alpha?x=1'))).toBe('/echo/alpha?x=1');
    expect(tabTitle(tab('https://api.example.com'))).toBe('api.example.com');
    expect(tabTitle(tab('https://api.example.com/'))).toBe('api.example.com');
    expect(tabTitle(tab('{{baseUrl}}/users'))).toBe('/users');
    expect(tabTitle(tab(''))).toBe('Untitled request');
    expect(tabTitle(tab('https://api.example.com/one', 'List users'))).toBe('List users');
    const long = tabTitle(tab(`https://h/${'x'.repeat(80)}`));
    expect(long).toHaveLength(40);
    expect(long.endsWith('…')).toBe(true);
  });
});
