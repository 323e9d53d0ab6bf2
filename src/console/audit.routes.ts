import { Router } from 'express';
import { z } from 'zod';
import { dayOrInstant, int4 } from '../http/input.ts';
import type { ConsoleDeps } from './console.deps.ts';
import { permit } from './console.auth.ts';
import { audit, auditActor, exportAuditCsv, listAudit } from './audit.service.ts';

const filterSchema = z.object({
  action: z.string().trim().max(100).optional(),
  username: z.string().trim().max(100).optional(),
  from: dayOrInstant('Ngày bắt đầu không hợp lệ.').optional(),
  to: dayOrInstant('Ngày kết thúc không hợp lệ.').optional(),
});
const pageSchema = filterSchema.extend({
  page: int4({ min: 1, max: 1_000_000, label: 'Trang' }).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

/** The audit log page and its CSV export (the export is itself audited). */
export function auditRoutes(deps: ConsoleDeps): Router {
  const router = Router();
  router.get('/', permit('audit.read'), async (req, res) => {
    res.json(await listAudit(deps.db, pageSchema.parse(req.query)));
  });
  router.get('/export.csv', permit('audit.read'), async (req, res) => {
    const filter = filterSchema.parse(req.query);
    const csv = await exportAuditCsv(deps.db, filter);
    await audit(deps, {
      ...auditActor(req),
      action: 'audit.export',
      targetType: 'audit_log',
      details: { filter },
    });
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', 'attachment; filename="nhat-ky-kiem-toan.csv"');
    res.send(csv);
  });
  return router;
}
