import { blockedLink } from '../../state/externalLinks';

/** When the browser refused the new tab main asked for (a sign-in page, a link in a description): the link, to click. */
export function BlockedLinkBanner() {
  const url = blockedLink.use();
  if (!url) return null;
  let shown = url;
  try {
    const parsed = new URL(url);
    shown = `${parsed.origin}${parsed.pathname === '/' ? '' : parsed.pathname}`;
  } catch {
    // Main checked the URL; shown as given otherwise.
  }
  return (
    <div className="notices">
      <div className="notice" role="alert">
        <div>
          <strong>Your browser blocked a new tab</strong>
          <p>
            Latchkey asked to open{' '}
            <a href={url} target="_blank" rel="noopener noreferrer" onClick={() => blockedLink.set(null)}>
              {shown}
            </a>
            . Click the link to open it, or allow pop-ups for this page.
          </p>
        </div>
        <button type="button" className="button ghost" onClick={() => blockedLink.set(null)}>
          Dismiss
        </button>
      </div>
    </div>
  );
}
