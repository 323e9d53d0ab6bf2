import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { Router } from 'express';

/**
 * Serves a built single-page app under a prefix, with index.html for client-side routes.
 * When the bundle is missing (not built yet) the prefix answers 503 with how to build it.
 */
export function spaRoutes(prefix: string, distDir: string, buildCommand: string): Router {
  const router = Router();
  const index = path.join(distDir, 'index.html');
  router.use(prefix, express.static(distDir, { index: false, maxAge: '1h' }));
  router.get([prefix, `${prefix}/{*rest}`], (_req, res) => {
    if (!existsSync(index)) {
      res
        .status(503)
        .type('text/plain; charset=utf-8')
        .send(`Giao diện chưa được build. Chạy: ${buildCommand}`);
      return;
    }
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(index);
  });
  return router;
}
