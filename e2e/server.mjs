// A tiny static file server for the release build in dist/, so the
// end-to-end tests need nothing but node. It serves only files inside the
// root, with the MIME types the browser insists on (application/wasm for
// streaming compilation), and listens on 127.0.0.1 on a port the OS picks.

import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

async function resolveFile(root, urlPath) {
  let path;
  try {
    path = decodeURIComponent(new URL(urlPath, 'http://x').pathname);
  } catch {
    return null;
  }
  const file = normalize(join(root, path));
  // Never serve anything outside the root, whatever the URL says.
  if (file !== root && !file.startsWith(root + sep)) return null;
  try {
    const s = await stat(file);
    if (s.isDirectory()) return resolveFile(root, join(path, 'index.html'));
    return s.isFile() ? file : null;
  } catch {
    return null;
  }
}

/** Starts serving `dir`; resolves to { origin, close() }. */
export async function serve(dir, { port = 0 } = {}) {
  const root = resolve(dir);
  const server = createServer(async (req, res) => {
    const file = await resolveFile(root, req.url ?? '/');
    if (!file || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(file ? 405 : 404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(file ? 'method not allowed\n' : 'not found\n');
      return;
    }
    const body = await readFile(file);
    res.writeHead(200, {
      'content-type': MIME[extname(file)] ?? 'application/octet-stream',
      'content-length': body.length,
      'cache-control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', ok);
  });
  const { port: actual } = server.address();
  return {
    origin: `http://127.0.0.1:${actual}`,
    close: () => new Promise((ok) => server.close(ok)),
  };
}

// `node server.mjs [dir] [port]` serves by hand, for looking at a build.
if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2] ?? new URL('../dist', import.meta.url).pathname;
  const { origin } = await serve(dir, { port: Number(process.argv[3] ?? 0) });
  console.log(`serving ${dir} at ${origin}/`);
}
