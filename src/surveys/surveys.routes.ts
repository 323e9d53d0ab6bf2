import { Router, type Request } from 'express';
import { z } from 'zod';
import { permit } from '../console/console.auth.ts';
import { audit, auditActor } from '../console/audit.service.ts';
import { periodQuerySchema } from '../lib/report-periods.ts';
import { resolvePlanPeriod } from '../plan/plan.periods.ts';
import { buildReport, listSummaries } from './reports.service.ts';
import { anonymisedRows, renderPdf, reportHtml, reportXlsx } from './report.exports.ts';
import {
  getCurrentDefinition,
  listDefinitions,
  listVersions,
  updateDefinition,
} from './surveys.definitions.ts';
import { definitionWarnings } from './survey.shuffle.ts';
import { assertMayEditSurvey, mayEditSurvey, surveyEditGuard } from './surveys.scope.ts';
import type { SurveyDeps } from './surveys.deps.ts';

const idParam = z.object({ id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'Mã khảo sát không hợp lệ') });

/** The areas a unit's staff may report on; undefined for province-wide staff (issue 19: reports follow units). */
function areaScope(req: Request): ReadonlySet<string> | undefined {
  const scope = req.staff!.scope;
  return scope.all ? undefined : scope.areas;
}

/** The query's period; an official one ('2026-q1') with the boundaries of the year's approved plan. */
function parsePeriod(deps: SurveyDeps, req: Request) {
  const period = periodQuerySchema.parse({
    period: req.query.period,
    from: req.query.from,
    to: req.query.to,
  });
  return resolvePlanPeriod(deps.db, period);
}

/** Console API for surveys, mounted at /api/console/surveys. Reviewers read and export; editors edit definitions. */
export function surveyConsoleRoutes(deps: SurveyDeps): Router {
  const router = Router();

  router.get('/', permit('survey.report.read'), async (req, res) => {
    res.json({ surveys: await listSummaries(deps, await parsePeriod(deps, req), areaScope(req)) });
  });

  router.get('/:id/report', permit('survey.report.read'), async (req, res) => {
    const { id } = idParam.parse(req.params);
    res.json(await buildReport(deps, id, await parsePeriod(deps, req), areaScope(req)));
  });

  router.get('/:id/export.xlsx', permit('survey.export'), async (req, res) => {
    const { id } = idParam.parse(req.params);
    const report = await buildReport(deps, id, await parsePeriod(deps, req), areaScope(req));
    const def = (await getCurrentDefinition(deps.db, id)).definition;
    const file = await reportXlsx(
      report,
      def,
      await anonymisedRows(deps.db, id, report.period, areaScope(req)),
    );
    await audit(deps, {
      ...auditActor(req),
      action: 'survey.export',
      targetType: 'survey',
      targetId: id,
      details: { format: 'xlsx', period: report.period.key },
    });
    res
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .attachment(`khao-sat-${id}-${report.period.key.replace(/[:.]+/g, '_')}.xlsx`)
      .send(file);
  });

  router.get('/:id/export.pdf', permit('survey.export'), async (req, res) => {
    const { id } = idParam.parse(req.params);
    const report = await buildReport(deps, id, await parsePeriod(deps, req), areaScope(req));
    const file = await renderPdf(reportHtml(report));
    await audit(deps, {
      ...auditActor(req),
      action: 'survey.export',
      targetType: 'survey',
      targetId: id,
      details: { format: 'pdf', period: report.period.key },
    });
    res
      .type('application/pdf')
      .attachment(`bao-cao-khao-sat-${id}-${report.period.key.replace(/[:.]+/g, '_')}.pdf`)
      .send(file);
  });

  router.get('/definitions', permit('survey.edit'), async (req, res) => {
    const defs = (await listDefinitions(deps.db)).filter((d) => mayEditSurvey(req.staff!, d.definition));
    res.json({ surveys: defs.map((d) => ({ id: d.id, version: d.version, title: d.definition.title.vi })) });
  });

  router.get('/:id/definition', permit('survey.edit'), async (req, res) => {
    const { id } = idParam.parse(req.params);
    const current = await getCurrentDefinition(deps.db, id);
    assertMayEditSurvey(req.staff!, current.definition);
    res.json({
      ...current,
      warnings: definitionWarnings(current.definition),
      versions: await listVersions(deps.db, id),
    });
  });

  router.put('/:id/definition', permit('survey.edit'), async (req, res) => {
    const { id } = idParam.parse(req.params);
    const body = z.object({ definition: z.unknown() }).parse(req.body);
    const guard = surveyEditGuard(deps.db, req.staff!);
    const saved = await updateDefinition(deps.db, id, body.definition, req.staff!.id, guard);
    await audit(deps, {
      ...auditActor(req),
      action: 'survey.definition.update',
      targetType: 'survey',
      targetId: id,
      details: { version: saved.version },
    });
    // Saved either way; the editor is told, e.g., that every correct option sits in the same position.
    res.json({ ...saved, warnings: definitionWarnings(saved.definition) });
  });

  return router;
}
