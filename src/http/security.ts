import { randomUUID } from 'node:crypto';
import helmet from 'helmet';
import { rateLimit } from 'express-rate-limit';
import type { RequestHandler } from 'express';
import { AppError } from './errors.ts';

/**
 * Helmet with a CSP that lets our own bundles, inline styles from the component kits and
 * data: images (QR codes, previews) run, and nothing from elsewhere.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'https:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    crossOriginEmbedderPolicy: false,
  });
}

/** Per-client rate limit for people-facing APIs; Zalo's webhook and probes are mounted before it. */
export function apiRateLimit(perMinute: number): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    // draft-7 (one RateLimit header): draft-8 hashes a partition key on every request for no use to our clients.
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (_req, _res, next) => next(new AppError('rate_limited', 'rate limit exceeded')),
  });
}

/** Takes the caller's X-Request-Id when it is sane, else makes one; echoed back for support. */
export function requestId(): RequestHandler {
  return (req, res, next) => {
    const incoming = req.headers['x-request-id'];
    const id = typeof incoming === 'string' && /^[\w.-]{1,64}$/.test(incoming) ? incoming : randomUUID();
    req.id = id;
    res.setHeader('x-request-id', id);
    next();
  };
}

declare module 'express-serve-static-core' {
  interface Request {
    /** Set by requestId() for every request before any route runs. */
    id?: string;
  }
}
