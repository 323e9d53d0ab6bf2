import { Router } from 'express';
import { z } from 'zod';
import { AppError } from '../http/errors.ts';
import type { ConsoleDeps } from './console.deps.ts';
import { areaFilterOf, type ConsoleIntegrations, type HandoffInbox } from './console.integrations.ts';
import { assertAreaAccess, permit } from './console.auth.ts';
import { audit, auditActor } from './audit.service.ts';
import { unavailable } from './followers.routes.ts';

const idParam = z.object({ id: z.string().min(1).max(100) });
const listSchema = z.object({ status: z.enum(['waiting', 'assigned', 'closed']).optional() });
const replySchema = z.object({
  text: z.string().trim().min(1, 'Cần nhập nội dung trả lời.').max(2000, 'Trả lời tối đa 2000 ký tự.'),
});

/** The handoff inbox: conversations waiting for a person; agents assign, reply through the OA and close. */
export function handoffRoutes(deps: ConsoleDeps, integrations: ConsoleIntegrations): Router {
  const router = Router();
  const inbox = (): HandoffInbox => {
    if (!integrations.handoff) throw unavailable('handoff');
    return integrations.handoff;
  };
  /** Loads a conversation and refuses (audited) one outside the agent's areas. */
  const load = async (req: Parameters<Parameters<Router['get']>[1]>[0]) => {
    const { id } = idParam.parse(req.params);
    const conversation = await inbox().get(id);
    if (!conversation) throw new AppError('not_found', `handoff ${id}`, 'Không tìm thấy cuộc trò chuyện.');
    assertAreaAccess(req.staff!, conversation.areaCode, { type: 'handoff', id });
    return conversation;
  };
  router.get('/', permit('handoff.work'), async (req, res) => {
    const { status } = listSchema.parse(req.query);
    res.json({ items: await inbox().list({ status, areaCodes: areaFilterOf(req.staff!.scope) }) });
  });
  router.get('/:id', permit('handoff.work'), async (req, res) => {
    res.json(await load(req));
  });
  for (const action of ['assign', 'close'] as const) {
    router.post(`/:id/${action}`, permit('handoff.work'), async (req, res) => {
      const c = await load(req);
      await inbox()[action](c.id, req.staff!.id);
      await audit(deps, {
        ...auditActor(req),
        action: `handoff.${action}`,
        targetType: 'handoff',
        targetId: c.id,
      });
      res.status(204).end();
    });
  }
  router.post('/:id/reply', permit('handoff.work'), async (req, res) => {
    const { text } = replySchema.parse(req.body);
    const c = await load(req);
    await inbox().reply(c.id, req.staff!.id, text);
    // The reply text may hold personal data: the audit keeps only its length.
    await audit(deps, {
      ...auditActor(req),
      action: 'handoff.reply',
      targetType: 'handoff',
      targetId: c.id,
      details: { length: text.length },
    });
    res.status(204).end();
  });
  return router;
}
