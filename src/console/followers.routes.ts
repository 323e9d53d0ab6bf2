import { Router } from 'express';
import { z } from 'zod';
import { int4 } from '../http/input.ts';
import { AppError } from '../http/errors.ts';
import { maskPhone } from '../lib/personal-data.ts';
import type { ConsoleDeps } from './console.deps.ts';
import {
  areaFilterOf,
  type ConsoleIntegrations,
  type FollowerRow,
  type FollowersDirectory,
} from './console.integrations.ts';
import { assertAreaAccess, permit, type StaffPrincipal } from './console.auth.ts';
import { roleHas } from './policy.ts';

const searchSchema = z.object({
  q: z.string().trim().max(100).optional(),
  areaCode: z.string().trim().max(100).optional(),
  tag: z.string().trim().max(100).optional(),
  page: int4({ min: 1, max: 1_000_000, label: 'Trang' }).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
const idParam = z.object({ id: z.string().min(1).max(100) });

export function unavailable(feature: string): AppError {
  return new AppError(
    'unavailable',
    `${feature} integration not wired`,
    'Chức năng này chưa sẵn sàng trên hệ thống.',
  );
}

/** Phone numbers only for roles with `followers.phone.read`; everyone else sees them masked. */
function present(staffMember: StaffPrincipal, f: FollowerRow) {
  const canSeePhone = roleHas(staffMember.role, 'followers.phone.read');
  return {
    ...f,
    phone: f.phone === null ? null : canSeePhone ? f.phone : maskPhone(f.phone),
    phoneMasked: !canSeePhone,
  };
}

/** Followers: search by name, filter by commune and tag, scoped to the staff member's areas. */
export function followersRoutes(_deps: ConsoleDeps, integrations: ConsoleIntegrations): Router {
  const router = Router();
  const directory = (): FollowersDirectory => {
    if (!integrations.followers) throw unavailable('followers');
    return integrations.followers;
  };
  router.get('/', permit('followers.read'), async (req, res) => {
    const query = searchSchema.parse(req.query);
    const staffMember = req.staff!;
    if (query.areaCode) assertAreaAccess(staffMember, query.areaCode);
    const result = await directory().search({ ...query, areaCodes: areaFilterOf(staffMember.scope) });
    res.json({
      items: result.items.map((f) => present(staffMember, f)),
      total: result.total,
      page: query.page,
      pageSize: query.pageSize,
    });
  });
  router.get('/tags', permit('followers.read'), async (_req, res) => {
    res.json({ items: await directory().tags() });
  });
  router.get('/:id', permit('followers.read'), async (req, res) => {
    const { id } = idParam.parse(req.params);
    const follower = await directory().get(id);
    if (!follower) throw new AppError('not_found', `follower ${id}`, 'Không tìm thấy người quan tâm.');
    assertAreaAccess(req.staff!, follower.areaCode, { type: 'follower', id });
    res.json(present(req.staff!, follower));
  });
  return router;
}
