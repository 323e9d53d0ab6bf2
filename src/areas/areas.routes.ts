import { Router } from 'express';
import type { Db } from '../db/client.ts';
import { listCommunes, listUnits } from './areas.service.ts';
import { loadProvince, publicProvince } from '../province/province.ts';

/** Public reference data: the communes people pick from and the units that publish. */
export function areasRoutes(deps: { db: Db; contentDir: string }): Router {
  const router = Router();
  // The province's name and confirmed portal addresses, for the console's and mini-app's titles and footers.
  router.get('/province', (_req, res) => {
    res.json(publicProvince(loadProvince(deps.contentDir)));
  });
  router.get('/communes', async (_req, res) => {
    const rows = await listCommunes(deps.db);
    res.json({
      communes: rows.map((r) => ({
        code: r.code,
        name: r.name,
        type: r.type,
        formerDistrict: r.formerDistrict,
        province: r.parentCode,
      })),
    });
  });
  router.get('/units', async (_req, res) => {
    const rows = await listUnits(deps.db);
    res.json({
      units: rows.map((r) => ({ code: r.code, name: r.name, kind: r.kind, parent: r.parentCode })),
    });
  });
  return router;
}
