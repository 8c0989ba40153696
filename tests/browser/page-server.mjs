// A local web server for test pages. There is no internet on the test machines, and a real origin
// (not file://, not data:) is what content scripts, CSP and caching behave normally on.
// Plain ESM so that scripts/start.mjs can use it without a TypeScript loader. Types: page-server.d.mts.

import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.tbx': 'application/x-tbx+xml; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

function contentTypeFor(path) {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'text/html; charset=utf-8';
}

/**
 * Starts a server on 127.0.0.1 with a random free port. Routes match the URL's path exactly
 * (the query string is ignored for matching and passed to handlers).
 */
/**
 * A host name both test browsers resolve to this machine (chromium.mjs and firefox.mjs set it up):
 * a page served under it over http is not a secure context, where one from 127.0.0.1 is.
 */
export const INSECURE_HOST = 'news.insecure.test';

/** The page at `url` (one of this server's), addressed by INSECURE_HOST instead of 127.0.0.1. */
export function insecureUrl(url) {
  return url.replace('//127.0.0.1:', `//${INSECURE_HOST}:`);
}

export async function startPageServer() {
  const routes = new Map();
  const requests = [];

  routes.set('/favicon.ico', { status: 204 });

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push({ method: req.method ?? 'GET', path: url.pathname, search: url.search, headers: { ...req.headers } });
    try {
      const route = routes.get(url.pathname);
      let answer = typeof route === 'function' ? await route(req, url) : route;
      if (!answer) answer = { status: 404, body: `no route for ${url.pathname}`, headers: { 'content-type': 'text/plain; charset=utf-8' } };
      const status = answer.status ?? 200;
      const body = answer.body ?? '';
      const headers = {
        'content-type': contentTypeFor(url.pathname),
        // Tests reuse paths with new contents; caching is opt-in per route (etag, cache-control…).
        'cache-control': 'no-store',
        ...lowerCaseKeys(answer.headers ?? {}),
      };
      res.writeHead(status, headers);
      // 204 and 304 have no body by definition.
      res.end(status === 204 || status === 304 || req.method === 'HEAD' ? undefined : body);
    } catch (error) {
      res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(String(error?.stack ?? error));
    }
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(undefined));
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('page server: no TCP address');
  const origin = `http://127.0.0.1:${address.port}`;

  return {
    origin,
    port: address.port,
    requests,
    url(path = '/') {
      return new URL(path, origin).href;
    },
    route(path, answer) {
      routes.set(path, answer);
      return new URL(path, origin).href;
    },
    page(path, html, headers = {}) {
      routes.set(path, { body: html, headers: { 'content-type': 'text/html; charset=utf-8', ...headers } });
      return new URL(path, origin).href;
    },
    file(path, filePath, headers = {}) {
      routes.set(path, async () => ({
        body: await readFile(filePath),
        headers: { 'content-type': contentTypeFor(filePath), ...headers },
      }));
      return new URL(path, origin).href;
    },
    close() {
      return new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve(undefined));
      });
    },
  };
}

function lowerCaseKeys(headers) {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}
