import { Registry, collectDefaultMetrics, Histogram } from 'prom-client';
import type { RequestHandler } from 'express';

/** One registry per app instance, so tests can build several apps in one process without clashes. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const middleware: RequestHandler = (req, res, next) => {
    const end = httpDuration.startTimer({ method: req.method });
    res.on('finish', () => {
      // The matched route pattern, never the raw path: ids in paths would explode the label set.
      const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : 'unmatched';
      end({ route, status: String(res.statusCode) });
    });
    next();
  };
  return { registry, middleware };
}

export type Metrics = ReturnType<typeof createMetrics>;
