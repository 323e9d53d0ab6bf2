import { Router } from 'express';
import { z } from 'zod';
import { permit } from '../console/console.auth.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import { REPORT_PERIOD_IDS } from '../lib/report-periods.ts';
import { getPlan } from './plan.service.ts';
import { monthView, quotaReport } from './calendar.service.ts';
import type { Clock } from '../lib/clock.ts';
import { audit, auditActor } from '../console/audit.service.ts';
import {
  approvePlan,
  createPlanFromPrevious,
  getPlanDocument,
  listPlanYears,
  planYaml,
  submitPlan,
  updatePlanDocument,
} from './plan.editor.service.ts';
import { planReportPeriods } from './plan.periods.ts';

const year = z.coerce.number().int().min(2000, 'Năm không hợp lệ').max(2100, 'Năm không hợp lệ');

/** Console API for the plan calendar; mounted at /api/console/plan. */
export function planConsoleRoutes(deps: { db: Db; config: Config; clock: Clock }): Router {
  const r = Router();
  r.get('/', permit('plan.read'), async (_req, res) => {
    res.json({ years: await listPlanYears(deps.db) });
  });
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
  r.get('/:year/report-periods', permit('plan.read'), async (req, res) => {
    const y = year.parse(req.params.year);
    const periods = await planReportPeriods(deps.db, y);
    res.json({
      periods: periods.map((p, i) => ({
        id: REPORT_PERIOD_IDS[i],
        key: `${y}-${REPORT_PERIOD_IDS[i]}`,
        label: p.period.label,
        firstDay: p.period.firstDay,
        lastDay: p.period.lastDay,
        due: p.due,
        fromPlan: p.fromPlan,
      })),
    });
  });
  // Plans made in the console (issue 20): copy last year's, edit the draft, approve (four eyes), export as YAML.
  r.get('/:year/document', permit('plan.read'), async (req, res) => {
    res.json(await getPlanDocument(deps.db, year.parse(req.params.year)));
  });
  r.post('/:year/from-previous', permit('plan.edit'), async (req, res) => {
    const y = year.parse(req.params.year);
    const row = await createPlanFromPrevious(deps, y, req.staff!.id);
    await audit(deps, { ...auditActor(req), action: 'plan.create', targetType: 'plan', targetId: String(y) });
    res.status(201).json(row);
  });
  r.put('/:year/document', permit('plan.edit'), async (req, res) => {
    const y = year.parse(req.params.year);
    const { document } = z.object({ document: z.unknown() }).parse(req.body);
    const row = await updatePlanDocument(deps, y, document, req.staff!.id);
    await audit(deps, { ...auditActor(req), action: 'plan.update', targetType: 'plan', targetId: String(y) });
    res.json(row);
  });
  r.post('/:year/submit', permit('plan.edit'), async (req, res) => {
    const y = year.parse(req.params.year);
    const row = await submitPlan(deps, y);
    await audit(deps, { ...auditActor(req), action: 'plan.submit', targetType: 'plan', targetId: String(y) });
    res.json(row);
  });
  r.post('/:year/approve', permit('plan.approve'), async (req, res) => {
    const y = year.parse(req.params.year);
    const row = await approvePlan(deps, y, req.staff!.id);
    await audit(deps, {
      ...auditActor(req),
      action: 'plan.approve',
      targetType: 'plan',
      targetId: String(y),
    });
    res.json(row);
  });
  r.get('/:year/export.yaml', permit('plan.read'), async (req, res) => {
    const row = await getPlanDocument(deps.db, year.parse(req.params.year));
    res.type('application/yaml; charset=utf-8').attachment(`${row.year}.yaml`).send(planYaml(row));
  });
  return r;
}
