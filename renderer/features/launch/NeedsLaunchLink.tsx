import { useEffect } from 'react';

/**
 * The browser host opened without its link: the page cannot reach main, so instead of an app
 * that fails on every click, one screen that says what to do. Pasting the link into this same
 * tab changes only the fragment, which loads nothing: the page reloads itself to pick it up.
 */
export function NeedsLaunchLink() {
  useEffect(() => {
    const onHashChange = () => {
      if (/(?:^#|&)token=/.test(location.hash)) location.reload();
    };
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, []);
  return (
    <main className="launch-gate" aria-labelledby="launch-gate-title">
      <div className="launch-gate-card">
        <h1 id="launch-gate-title">Open Latchkey from its link</h1>
        <p>This page has no access token for Latchkey. Each time Latchkey starts in the browser it prints a link that carries one, so that no other program on this computer can use it.</p>
        <p>
          Open the link that <code>npm start</code> or <code>npm run serve</code> printed in your terminal. It looks like <code>http://127.0.0.1:PORT/#token=…</code>.
        </p>
      </div>
    </main>
  );
}
