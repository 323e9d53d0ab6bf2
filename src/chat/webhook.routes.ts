import express, { Router } from 'express';
import { acceptWebhook, type WebhookDeps } from './webhook.service.ts';

/**
 * `POST /webhooks/zalo`. The raw bytes are kept (the signature covers them exactly), whatever the content type.
 * Mounted before the API rate limiter: Zalo must never be throttled by us.
 */
export function webhookRoutes(deps: WebhookDeps & { bodyLimit: string }): Router {
  const router = Router();
  router.post(
    '/webhooks/zalo',
    express.raw({ type: () => true, limit: deps.bodyLimit }),
    async (req, res) => {
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const outcome = await acceptWebhook(deps, raw, req.header('x-zevent-signature'));
      if (outcome.status === 200 && outcome.result === 'url_check') {
        deps.logger.info({ reqId: req.id }, 'webhook URL check answered');
        res.status(200).json({ ok: true });
        return;
      }
      if (outcome.status === 200) {
        res.status(200).json({ ok: true, duplicate: outcome.result === 'duplicate' });
        return;
      }
      deps.logger.warn({ reqId: req.id, reason: outcome.reason }, 'webhook refused');
      const message =
        outcome.status === 401
          ? 'Chữ ký webhook không hợp lệ hoặc sự kiện đã quá hạn.'
          : 'Nội dung webhook không đúng định dạng sự kiện Zalo.';
      res
        .status(outcome.status)
        .json({ error: { code: outcome.status === 401 ? 'unauthorized' : 'bad_request', message } });
    },
  );
  return router;
}
