import { Router } from 'express';
import { z } from 'zod';
import { int4 } from '../http/input.ts';
import type { ConsoleDeps } from './console.deps.ts';
import type { ConsoleIntegrations } from './console.integrations.ts';
import { permit } from './console.auth.ts';
import { unavailable } from './followers.routes.ts';

const pageSchema = z.object({
  page: int4({ min: 1, max: 1_000_000, label: 'Trang' }).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  status: z.enum(['open', 'assigned', 'out_of_scope', 'all']).default('open'),
});

/** Questions the bot could not answer (from the FAQ module's log), for editors to turn into knowledge-base entries. */
export function unansweredRoutes(_deps: ConsoleDeps, integrations: ConsoleIntegrations): Router {
  const router = Router();
  router.get('/', permit('faq.unanswered.read'), async (req, res) => {
    if (!integrations.unanswered) throw unavailable('unanswered');
    const query = pageSchema.parse(req.query);
    res.json(await integrations.unanswered.list(query));
  });
  return router;
}
