// Replaces the entry point of react-remove-scroll-bar in the renderer's build (see
// build/vite.config.ts). Radix's dialogs and menus lock page scrolling with react-remove-scroll,
// whose scroll-bar part hides the page's scroll bar by injecting a <style> element: the app's CSP
// (style-src 'self', no inline style) refuses it, one console error per dialog. Latchkey's page
// never scrolls (every pane scrolls inside itself), so there is no page scroll bar to hide or
// make room for; react-remove-scroll still stops wheel and touch scrolling outside the open
// dialog with its own event handlers. The class names are the package's own.
export { fullWidthClassName, noScrollbarsClassName, removedBarSizeVariable, zeroRightClassName } from 'react-remove-scroll-bar/constants';

export const zeroGap = { left: 0, top: 0, right: 0, gap: 0 };

export const getGapWidth = () => zeroGap;

export const lockAttribute = 'data-scroll-locked';

/** Nothing to hide: the page has no scroll bar. */
export const RemoveScrollBar = () => null;
