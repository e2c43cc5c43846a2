/**
 * Headers every API response carries (OWASP's secure headers for APIs): nothing it sends is to
 * be sniffed as another type, framed, or run as a page. `/docs` is a page and brings its own
 * policy (routes/docs.ts), which these never overwrite. HSTS only in production: locally the
 * API is plain http on 127.0.0.1, and a browser that remembered HSTS for it would refuse it.
 */
const API_POLICY = "default-src 'none'; frame-ancestors 'none'";
const ONE_YEAR_SECONDS = 31_536_000;

export function securityHeaders(production: boolean): Record<string, string> {
  return {
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': API_POLICY,
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    ...(production ? { 'Strict-Transport-Security': `max-age=${ONE_YEAR_SECONDS}; includeSubDomains` } : {}),
  };
}
