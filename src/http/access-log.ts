import type { RequestHandler } from 'express';
import type { Logger } from 'pino';

/**
 * One log line per request when it ends: error for 5xx, warn for 4xx and aborted requests, debug otherwise; the path without its query
 * (queries may carry personal data). Unlike pino-http, no child logger is built per request, so a request below the
 * level costs one listener: pino-http's two children (serialising and redacting each request) were 9 % of the CPU of
 * a request under the quiz benchmark's load.
 */
export function accessLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    res.once('close', () => {
      const status = res.statusCode;
      // A client that hung up before the answer is not a server fault: warn, like a 4xx.
      const level = status >= 500 ? 'error' : status >= 400 || !res.writableFinished ? 'warn' : 'debug';
      if (!logger.isLevelEnabled(level)) return;
      logger[level](
        {
          req: { id: req.id, method: req.method, url: req.originalUrl.split('?')[0] },
          res: { statusCode: status },
          responseTime: Math.round(performance.now() - started),
        },
        res.writableFinished ? 'request completed' : 'request aborted',
      );
    });
    next();
  };
}
