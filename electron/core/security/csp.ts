/**
 * The renderer's Content-Security-Policy. Everything comes from the app's own
 * origin (mirage://app in Electron, the loopback test server in tests): no remote
 * origin, no eval. `blob:` images are needed by cornerstone-tools' SVG cursors;
 * inline styles by React style props.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');
