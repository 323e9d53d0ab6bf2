import type { RequestHandler } from 'express';

/**
 * CORS for the mini-app API only. Inside Zalo the mini-app is served from Zalo's own host, so its calls to this
 * backend are cross-origin; only origins listed in MINIAPP_ALLOWED_ORIGINS are answered (none by default).
 * Sessions travel as a bearer token, so credentials (cookies) are not enabled cross-origin.
 */
export function miniappCors(allowed: readonly string[]): RequestHandler {
  const origins = new Set(allowed.map((o) => o.replace(/\/$/, '')));
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (!origin || !origins.has(origin)) return next();
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('vary', 'Origin');
    if (req.method === 'OPTIONS') {
      res.setHeader('access-control-allow-methods', 'GET, POST');
      res.setHeader('access-control-allow-headers', 'authorization, content-type');
      res.setHeader('access-control-max-age', '600');
      res.status(204).end();
      return;
    }
    next();
  };
}
