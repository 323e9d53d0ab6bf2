import { Router, type Request } from 'express';
import { z } from 'zod';
import { permit } from '../console/console.auth.ts';
import { AppError } from '../http/errors.ts';
import { int4, int4Id } from '../http/input.ts';
import { itemStatuses } from './broadcasts.schema.ts';
import { contentInputSchema } from './content.limits.ts';
import { createItem, getItem, listItems, transitionItem, updateItem } from './content.service.ts';
import {
  getBroadcastRow,
  listBroadcasts,
  previewInputSchema,
  previewSend,
  resumeBroadcast,
  scheduleInputSchema,
  scheduleItem,
} from './broadcast.service.ts';
import { broadcastStats, exportStats, followLink } from './stats.service.ts';
import type { Actor, BroadcastDeps, SenderDeps } from './broadcasts.deps.ts';
import { renderPromotion } from './render.ts';
import { loadBroadcastContent } from './sender.ts';

const idParam = z.object({ id: int4Id });
const listQuery = z.object({
  status: z
    .string()
    .optional()
    .transform((s) => (s ? s.split(',') : undefined))
    .pipe(z.array(z.enum(itemStatuses)).optional()),
  unit: z.string().optional(),
  theme: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: int4({ label: 'Vị trí bắt đầu' }).default(0),
});
const rejectBody = z.object({
  reason: z.string().trim().min(3, 'Cần ghi lý do từ chối (ít nhất 3 ký tự)').max(1000),
});

function actorOf(req: Request): Actor {
  const s = req.staff;
  if (!s) throw new AppError('unauthorized', 'no staff');
  return { id: s.id, username: s.username, role: s.role, unitCode: s.unitCode, scope: s.scope };
}

/** Console API for the content library, approval and broadcasts; mounted at /api/console/broadcasts. */
export function broadcastsConsoleRoutes(deps: BroadcastDeps & Pick<SenderDeps, 'optOutFooter'>): Router {
  const r = Router();
  r.get('/items', permit('content.read'), async (req, res) => {
    const q = listQuery.parse(req.query);
    res.json({
      items: await listItems(deps, actorOf(req), {
        status: q.status,
        unitCode: q.unit,
        themeCode: q.theme,
        limit: q.limit,
        offset: q.offset,
      }),
    });
  });
  r.post('/items', permit('content.edit'), async (req, res) => {
    res.status(201).json({ item: await createItem(deps, actorOf(req), contentInputSchema.parse(req.body)) });
  });
  r.get('/items/:id', permit('content.read'), async (req, res) => {
    res.json(await getItem(deps, actorOf(req), idParam.parse(req.params).id));
  });
  r.put('/items/:id', permit('content.edit'), async (req, res) => {
    res.json({
      item: await updateItem(
        deps,
        actorOf(req),
        idParam.parse(req.params).id,
        contentInputSchema.parse(req.body),
      ),
    });
  });
  r.post('/items/:id/submit', permit('content.edit'), async (req, res) => {
    res.json({ item: await transitionItem(deps, actorOf(req), idParam.parse(req.params).id, 'submit') });
  });
  r.post('/items/:id/approve', permit('broadcast.approve'), async (req, res) => {
    res.json({ item: await transitionItem(deps, actorOf(req), idParam.parse(req.params).id, 'approve') });
  });
  r.post('/items/:id/reject', permit('broadcast.approve'), async (req, res) => {
    const { reason } = rejectBody.parse(req.body ?? {});
    res.json({
      item: await transitionItem(deps, actorOf(req), idParam.parse(req.params).id, 'reject', reason),
    });
  });
  r.post('/items/:id/cancel', permit('broadcast.schedule'), async (req, res) => {
    res.json({ item: await transitionItem(deps, actorOf(req), idParam.parse(req.params).id, 'cancel') });
  });
  r.post('/preview', permit('broadcast.schedule'), async (req, res) => {
    res.json(await previewSend(deps, actorOf(req), previewInputSchema.parse(req.body)));
  });
  r.post('/items/:id/schedule', permit('broadcast.schedule'), async (req, res) => {
    res
      .status(201)
      .json(
        await scheduleItem(
          deps,
          actorOf(req),
          idParam.parse(req.params).id,
          scheduleInputSchema.parse(req.body),
        ),
      );
  });
  r.get('/', permit('content.read'), async (req, res) => {
    const q = z
      .object({
        item: int4Id.optional(),
        limit: z.coerce.number().int().min(1).max(200).default(50),
      })
      .parse(req.query);
    res.json({ broadcasts: await listBroadcasts(deps, actorOf(req), { itemId: q.item, limit: q.limit }) });
  });
  r.get('/:id', permit('content.read'), async (req, res) => {
    const { id } = idParam.parse(req.params);
    const broadcast = await getBroadcastRow(deps, actorOf(req), id);
    // The promotion template exactly as a Vietnamese-speaking follower receives it (the console draws it).
    const message = renderPromotion(await loadBroadcastContent(deps, id), 'vi', null, {
      baseUrl: deps.config.PUBLIC_BASE_URL,
      footers: deps.optOutFooter,
      defaultBannerUrl: deps.config.BROADCAST_DEFAULT_BANNER_URL,
    });
    res.json({ broadcast, stats: await broadcastStats(deps.db, id), message });
  });
  r.post('/:id/resume', permit('broadcast.schedule'), async (req) => {
    await resumeBroadcast(deps, actorOf(req), idParam.parse(req.params).id);
  });
  r.get('/:id/export', permit('content.read'), async (req, res) => {
    const { id } = idParam.parse(req.params);
    const { format } = z.object({ format: z.enum(['csv', 'xlsx']).default('xlsx') }).parse(req.query);
    await getBroadcastRow(deps, actorOf(req), id);
    const body = await exportStats(deps.db, id, format);
    res
      .type(
        format === 'csv'
          ? 'text/csv; charset=utf-8'
          : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      )
      .attachment(`dot-gui-${id}.${format}`)
      .send(body);
  });
  return r;
}

/** GET /r/:token — the tracked redirect in broadcast buttons. The token names the broadcast only, never a person. */
export function trackedRedirectRoutes(deps: Pick<BroadcastDeps, 'db' | 'clock'>): Router {
  const r = Router();
  r.get('/r/:token', async (req, res) => {
    const { token } = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/) }).parse(req.params);
    const a = typeof req.query.a === 'string' && req.query.a.length <= 64 ? req.query.a : undefined;
    res.redirect(302, await followLink(deps, token, a));
  });
  return r;
}
