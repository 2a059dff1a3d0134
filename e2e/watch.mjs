// What the end-to-end tests watch on every page they open: errors it logs
// or throws, responses that failed, and any request to an origin other than
// the test server's (the app makes none after it loads). data: and blob:
// URLs are the page's own bytes, not requests to anyone.

/** A watcher for pages served from `origin()`, and what it has seen. */
export function watcher(origin) {
  const seen = { consoleErrors: [], pageErrors: [], foreignRequests: [], badResponses: [] };
  const watch = (p) => {
    p.on('console', (m) => m.type() === 'error' && seen.consoleErrors.push(`${p.url()}: ${m.text()}`));
    p.on('pageerror', (e) => seen.pageErrors.push(String(e)));
    p.on('request', (r) => {
      const url = new URL(r.url());
      if (url.protocol === 'data:') return;
      const from = url.protocol === 'blob:' ? new URL(url.pathname).origin : url.origin;
      if (from !== origin()) seen.foreignRequests.push(r.url());
    });
    p.on('response', (r) => r.status() >= 400 && seen.badResponses.push(`${r.status()} ${r.url()}`));
  };
  return { watch, seen };
}
