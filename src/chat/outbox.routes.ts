import { Router } from 'express';
import { and, desc, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { permit } from '../console/console.auth.ts';
import { followerNameSql } from '../followers/followers.api.ts';
import { outboxMessages } from './chat.schema.ts';
import { outboxStatus } from './outbox.service.ts';

/**
 * `/api/console/outbox`: how the replies queue stands, for the handoff page. Rows whose outcome is unknown (the
 * process died, or the answer was lost, while a request may have reached Zalo) are never resent automatically; an
 * agent decides. Counts for every agent; the rows themselves (who, what) only for province-wide staff, because
 * outbox rows carry no area to scope them by.
 */
export function outboxConsoleRoutes(deps: { db: Db }): Router {
  const router = Router();
  router.get('/status', permit('handoff.work'), async (req, res) => {
    const counts = await outboxStatus(deps.db);
    if (!req.staff!.scope.all) {
      res.json({ ...counts, items: [] });
      return;
    }
    const rows = await deps.db
      .select({
        id: outboxMessages.id,
        status: outboxMessages.status,
        source: outboxMessages.source,
        createdAt: outboxMessages.createdAt,
        lastError: outboxMessages.lastError,
        message: outboxMessages.message,
        followerName: followerNameSql(outboxMessages.followerId),
      })
      .from(outboxMessages)
      .where(and(inArray(outboxMessages.status, ['unknown', 'failed'])))
      .orderBy(desc(outboxMessages.id))
      .limit(50);
    res.json({
      ...counts,
      items: rows.map(({ message, ...r }) => ({
        ...r,
        preview:
          'text' in message && typeof message.text === 'string' ? message.text.slice(0, 80) : message.type,
      })),
    });
  });
  return router;
}
