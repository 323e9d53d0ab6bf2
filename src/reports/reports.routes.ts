import { Router, type Request } from 'express';
import { z } from 'zod';
import { assertUnitAccess, ConsoleAccessDenied } from '../console/console.auth.ts';
import { permit } from '../console/console.auth.ts';
import { audit, auditActor } from '../console/audit.service.ts';
import { getNarrative, narrativeInputSchema, saveNarrative, submitNarrative } from './narrative.service.ts';
import { renderReportDocx } from './period-report.docx.ts';
import { reportPdf } from './period-report.pdf.ts';
import {
  buildPeriodReport,
  findUnit,
  periodParam,
  provinceRollup,
  unitParam,
  type ReportDeps,
} from './period-report.service.ts';

const reportQuery = z.object({
  unit: unitParam,
  period: periodParam,
  format: z.enum(['docx', 'pdf'], { error: 'Định dạng phải là docx hoặc pdf' }).default('docx'),
});
const unitPeriod = z.object({ unit: unitParam, period: periodParam });

/** The unit must exist (404) and be inside the staff member's scope (403, audited by the console router). */
async function allowedUnit(deps: ReportDeps, req: Request, code: string) {
  const unit = await findUnit(deps.db, code);
  assertUnitAccess(req.staff!, unit.code, { type: 'period_report', id: unit.code });
  return unit;
}

/** Console API for the period reports to Sở Nội vụ; mounted at /api/console/reports. */
export function reportsConsoleRoutes(deps: ReportDeps): Router {
  const r = Router();

  r.get('/period', permit('report.period.read'), async (req, res) => {
    const q = reportQuery.parse(req.query);
    const unit = await allowedUnit(deps, req, q.unit);
    const report = await buildPeriodReport(deps, unit.code, q.period);
    const docx = await renderReportDocx(report.document);
    const file = q.format === 'pdf' ? await reportPdf(report.document, docx) : null;
    await audit(deps, {
      ...auditActor(req),
      action: 'report.period.export',
      targetType: 'period_report',
      targetId: `${unit.code}/${q.period.key}`,
      unitCode: unit.code,
      details: { format: q.format, via: file?.via },
    });
    const name = `bao-cao-cchc-${unit.code}-${q.period.key}`;
    if (file) res.type('application/pdf').attachment(`${name}.pdf`).send(file.pdf);
    else
      res
        .type('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
        .attachment(`${name}.docx`)
        .send(docx);
  });

  r.get('/period/data', permit('report.period.read'), async (req, res) => {
    const q = unitPeriod.parse(req.query);
    const unit = await allowedUnit(deps, req, q.unit);
    const { figures, narrative } = await buildPeriodReport(deps, unit.code, q.period);
    res.json({ figures, narrative });
  });

  r.get('/narrative', permit('report.period.read'), async (req, res) => {
    const q = unitPeriod.parse(req.query);
    const unit = await allowedUnit(deps, req, q.unit);
    res.json({ narrative: await getNarrative(deps.db, unit.code, q.period.key) });
  });

  r.put('/narrative', permit('report.narrative.write'), async (req, res) => {
    const body = unitPeriod.and(narrativeInputSchema).parse(req.body);
    const unit = await allowedUnit(deps, req, body.unit);
    const saved = await saveNarrative(deps, unit.code, body.period.key, body, req.staff!.id);
    await audit(deps, {
      ...auditActor(req),
      action: 'report.narrative.save',
      targetType: 'period_report',
      targetId: `${unit.code}/${body.period.key}`,
      unitCode: unit.code,
    });
    res.json({ narrative: saved });
  });

  r.post('/narrative/submit', permit('report.narrative.write'), async (req, res) => {
    const body = unitPeriod.parse(req.body);
    const unit = await allowedUnit(deps, req, body.unit);
    const saved = await submitNarrative(deps, unit.code, body.period.key, req.staff!.id);
    await audit(deps, {
      ...auditActor(req),
      action: 'report.narrative.submit',
      targetType: 'period_report',
      targetId: `${unit.code}/${body.period.key}`,
      unitCode: unit.code,
    });
    res.json({ narrative: saved });
  });

  r.get('/rollup', permit('report.rollup.read'), async (req, res) => {
    const { period } = z.object({ period: periodParam }).parse(req.query);
    // The roll-up covers every unit: only province-wide staff (Sở Nội vụ, admins) may read it.
    if (!req.staff!.scope.all)
      throw new ConsoleAccessDenied(`rollup outside scope of ${req.staff!.username}`, {
        permission: 'report.rollup.read',
        targetType: 'period_rollup',
        targetId: period.key,
      });
    res.json(await provinceRollup(deps, period));
  });

  return r;
}
