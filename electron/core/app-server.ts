import { readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { CONTENT_SECURITY_POLICY } from './security/csp.ts';

/**
 * Answers the renderer's requests on the app's own origin: its built files and
 * case pixels (`/pixels/<token>`). Electron serves this through protocol.handle;
 * the end-to-end tests through a loopback HTTP server, so both paths are the same code.
 */
export interface AppResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-store',
};

const notFound = (): AppResponse => ({ status: 404, headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain' }, body: Buffer.from('not found') });

export function appResponse(rendererDir: string, pathname: string, pixels: (token: string) => Buffer | null): AppResponse {
  const pixelMatch = /^\/pixels\/([0-9a-f]{32})$/.exec(pathname);
  if (pixelMatch) {
    const body = pixels(pixelMatch[1]);
    // Same headers for every case: nothing but the bytes may differ.
    return body ? { status: 200, headers: { ...SECURITY_HEADERS, 'Content-Type': 'application/octet-stream' }, body } : notFound();
  }
  const relative = normalize(decodeURIComponent(pathname === '/' ? '/index.html' : pathname)).replace(/^[/\\]+/, '');
  if (relative.startsWith('..') || relative.includes(`..${sep}`)) return notFound();
  const file = join(rendererDir, relative);
  try {
    if (!statSync(file).isFile()) return notFound();
  } catch {
    return notFound();
  }
  return { status: 200, headers: { ...SECURITY_HEADERS, 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' }, body: readFileSync(file) };
}
