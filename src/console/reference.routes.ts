import { Router } from 'express';
import { z } from 'zod';
import { AppError } from '../http/errors.ts';
import { listCommunes, listUnits } from '../areas/areas.service.ts';
import type { ConsoleDeps } from './console.deps.ts';
import { assertUnitAccess, permit } from './console.auth.ts';
import { scopeAllowsArea, scopeAllowsUnit } from './unit-scope.ts';

const codeParam = z.object({
  code: z.string().regex(/^[a-z0-9][a-z0-9-]{0,99}$/, 'Mã đơn vị không hợp lệ.'),
});

/** Units and areas from the reference data, marked with what the staff member's scope covers. */
export function referenceRoutes(deps: ConsoleDeps): Router {
  const router = Router();
  router.get('/units', permit('reference.read'), async (req, res) => {
    const scope = req.staff!.scope;
    const rows = await listUnits(deps.db);
    res.json({
      items: rows.map((u) => ({
        code: u.code,
        name: u.name,
        kind: u.kind,
        parent: u.parentCode,
        area: u.areaCode,
        inScope: scopeAllowsUnit(scope, u.code),
      })),
    });
  });
  router.get('/units/:code', permit('reference.read'), async (req, res) => {
    const { code } = codeParam.parse(req.params);
    const rows = await listUnits(deps.db);
    const unit = rows.find((u) => u.code === code);
    if (!unit) throw new AppError('not_found', `unit ${code}`, 'Không tìm thấy đơn vị.');
    assertUnitAccess(req.staff!, code);
    res.json({
      code: unit.code,
      name: unit.name,
      kind: unit.kind,
      parent: unit.parentCode,
      area: unit.areaCode,
      children: rows
        .filter((u) => u.parentCode === code)
        .map((u) => ({ code: u.code, name: u.name, kind: u.kind })),
    });
  });
  router.get('/areas', permit('reference.read'), async (req, res) => {
    const scope = req.staff!.scope;
    const rows = await listCommunes(deps.db);
    res.json({
      items: rows.map((a) => ({
        code: a.code,
        name: a.name,
        type: a.type,
        formerDistrict: a.formerDistrict,
        province: a.parentCode,
        inScope: scopeAllowsArea(scope, a.code),
      })),
    });
  });
  return router;
}
