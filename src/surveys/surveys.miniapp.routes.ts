import { Router } from 'express';
import { z } from 'zod';
import { activeCommunesByName } from '../areas/areas.api.ts';
import { findFollowerByAppUserId, rememberCommune } from '../followers/followers.service.ts';
import { localized } from './survey.definition.ts';
import { formOf } from './survey.form.ts';
import { newOptionSeed } from './survey.shuffle.ts';
import { getCurrentDefinition, openDefinitions } from './surveys.definitions.ts';
import type { SurveyDeps } from './surveys.deps.ts';
import { assertOpen, hasAnswered, submissionSchema, submitResponse } from './surveys.service.ts';

const langQuery = z.object({ lang: z.enum(['vi', 'km', 'en']).catch('vi') });
const idParam = z.object({ id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'Mã khảo sát không hợp lệ') });

/**
 * The mini-app's survey API, mounted at /api/miniapp/surveys behind the mini-app session middleware
 * (`req.miniappUser` is the verified Zalo user). The form never carries the knowledge answer key.
 */
const rememberSchema = z.object({ rememberCommune: z.boolean().optional() });

export function surveyMiniappRoutes(deps: SurveyDeps): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    const { lang } = langQuery.parse(req.query);
    const now = deps.clock.now();
    const open = await openDefinitions(deps.db, now);
    const surveys = await Promise.all(
      open.map(async ({ id, definition: d }) => ({
        id,
        title: localized(d.title, lang),
        population: d.population,
        period: d.period,
        questions: d.questions.length,
        answered: await hasAnswered(deps, req.miniappUser!.zaloUserId, id, now),
      })),
    );
    res.json({ surveys });
  });

  router.get('/:id', async (req, res) => {
    const { id } = idParam.parse(req.params);
    const { lang } = langQuery.parse(req.query);
    const { version, definition } = await getCurrentDefinition(deps.db, id);
    const now = deps.clock.now();
    assertOpen(definition, now);
    const communes = definition.askCommune ? await activeCommunesByName(deps.db) : [];
    const follower = definition.askCommune
      ? await findFollowerByAppUserId(deps.db, req.miniappUser!.zaloUserId)
      : undefined;
    res.json({
      // A fresh seed per form request: the order is the respondent's, and nothing ties it to the person.
      form: formOf(definition, version, lang, newOptionSeed()),
      communes,
      defaultAreaCode: follower?.areaCode ?? null,
      answered: await hasAnswered(deps, req.miniappUser!.zaloUserId, id, now),
    });
  });

  router.post('/:id', async (req, res) => {
    const { id } = idParam.parse(req.params);
    const body = submissionSchema.parse(req.body);
    const { rememberCommune: remember } = rememberSchema.parse(req.body);
    await submitResponse(deps, {
      ...body,
      surveyId: id,
      zaloUserId: req.miniappUser!.zaloUserId,
      channel: 'miniapp',
    });
    // Only when the citizen ticked "remember my commune": the survey's commune becomes their follower profile's.
    if (remember && body.areaCode) await rememberCommune(deps.db, req.miniappUser!.zaloUserId, body.areaCode);
    res.status(201).json({ status: 'stored', message: 'Cảm ơn bạn đã tham gia khảo sát!' });
  });

  return router;
}
