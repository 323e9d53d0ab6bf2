import { Router } from 'express';
import { z } from 'zod';
import { permit } from '../console/console.auth.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import { REPORT_PERIOD_IDS } from '../lib/report-periods.ts';
import { getPlan } from './plan.service.ts';
import { monthView, quotaReport } from './calendar.service.ts';

const year = z.coerce.number().int().min(2000, 'Năm không hợp lệ').max(2100, 'Năm không hợp lệ');

/** Console API for the plan calendar; mounted at /api/console/plan. */
export function planConsoleRoutes(deps: { db: Db; config: Config }): Router {
  const r = Router();
  r.get('/:year', permit('plan.read'), async (req, res) => {
    res.json(await getPlan(deps.db, year.parse(req.params.year)));
  });
  r.get('/:year/months/:month', permit('plan.read'), async (req, res) => {
    const p = z
      .object({
        year,
        month: z.coerce.number().int().min(1, 'Tháng phải từ 1 đến 12').max(12, 'Tháng phải từ 1 đến 12'),
      })
      .parse(req.params);
    res.json(await monthView(deps, p.year, p.month));
  });
  r.get('/:year/quota-report', permit('plan.read'), async (req, res) => {
    const y = year.parse(req.params.year);
    const { period } = z
      .object({ period: z.enum(REPORT_PERIOD_IDS, { error: 'Kỳ báo cáo phải là q1, h1, q3 hoặc year' }) })
      .parse(req.query);
    res.json(await quotaReport(deps.db, y, period));
  });
  return r;
}
