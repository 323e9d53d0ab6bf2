import { Router } from 'express';
import { z } from 'zod';
import type { ConsoleDeps } from './console.deps.ts';
import { permit } from './console.auth.ts';
import {
  createAccount,
  createAccountSchema,
  listAccounts,
  updateAccount,
  updateAccountSchema,
} from './accounts.service.ts';

const idParam = z.object({ id: z.uuid('Mã tài khoản không hợp lệ.') });

/** Staff accounts (admin only): list, create, change role/unit/name, disable, reset password. Never deleted: the audit log refers to them. */
export function accountsRoutes(deps: ConsoleDeps): Router {
  const router = Router();
  router.get('/', permit('accounts.manage'), async (_req, res) => {
    res.json({ items: await listAccounts(deps.db) });
  });
  router.post('/', permit('accounts.manage'), async (req, res) => {
    const input = createAccountSchema.parse(req.body);
    res.status(201).json(await createAccount(deps, input, req.staff!, req.ip ?? null));
  });
  router.patch('/:id', permit('accounts.manage'), async (req, res) => {
    const { id } = idParam.parse(req.params);
    const input = updateAccountSchema.parse(req.body);
    res.json(await updateAccount(deps, id, input, req.staff!, req.ip ?? null));
  });
  return router;
}
