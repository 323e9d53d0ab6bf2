import type { Router } from 'express';
import type { i18n } from 'i18next';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import type { Clock } from '../lib/clock.ts';
import type { ChatFeature, Language } from '../chat/chat.types.ts';
import { createI18n } from '../i18n/i18n.ts';
import { loadKnowledgeBaseSync, loadLocalDetailsSync, type FaqTopic } from './knowledge-base.ts';
import { loadTrainingCorpora } from './corpora.ts';
import { createFaqService, type FaqService } from './faq.service.ts';
import { citizenAnswer, createFaqFeature } from './faq.feature.ts';
import { faqRoutes } from './faq.routes.ts';
import { createLiveFaq, type LiveFaq } from './live-index.ts';
import { kbConsoleRoutes } from './kb.routes.ts';
import { dayIn, overdueCount } from './kb.repository.ts';
import type { ContentContext } from './kb.validation.ts';

export interface FaqModule {
  service: FaqService;
  feature: ChatFeature;
  /** The index kept current from the database (tests call `refresh()` instead of waiting for the poll). */
  live: LiveFaq;
  /** Dashboard figure: topics whose review date has passed. */
  topicsOverdue: () => Promise<number>;
  job: { name: string; start(): void; stop(): Promise<void> };
}

/** Local details (read once) and the chat's own answer builder, for validation and the console's preview. */
export function contentContext(contentDir: string, i18nInstance: i18n): ContentContext {
  let local: Record<string, string> | undefined;
  return {
    local: () => (local ??= loadLocalDetailsSync(contentDir)),
    message: (topic: FaqTopic, lang: Language) =>
      citizenAnswer(
        topic,
        lang,
        (key, options) => i18nInstance.getFixedT(lang, 'chat')(key, options) as string,
      ),
  };
}

/**
 * Builds the index from content/faq at once (the first message must find one), then keeps it current from the
 * database's published topics (seeded from the same files by `seedKnowledgeBase`). Mounts /faq on the API router and
 * /faq on the console router, and returns the chat feature.
 */
export function mountFaq(
  api: Router,
  deps: { config: Config; db: Db; logger: Logger; clock: Clock; i18n?: i18n; consoleRouter?: Router },
): FaqModule {
  const contentDir = deps.config.CONTENT_DIR;
  const corpora = loadTrainingCorpora({ contentDir });
  const initial = createFaqService(loadKnowledgeBaseSync({ contentDir }), corpora);
  deps.logger.info(
    { topics: initial.kb.topics.length, indexBuildMs: Math.round(initial.indexBuildMs) },
    'faq index built',
  );
  const i18nInstance = deps.i18n ?? createI18n(contentDir);
  const content = contentContext(contentDir, i18nInstance);
  const live = createLiveFaq({
    db: deps.db,
    logger: deps.logger,
    initial,
    corpora,
    local: content.local,
    pollMs: deps.config.FAQ_INDEX_POLL_MS,
  });
  const service = live.service;
  api.use('/faq', faqRoutes({ faq: service }));
  deps.consoleRouter?.use(
    '/faq',
    kbConsoleRoutes({ db: deps.db, clock: deps.clock, timeZone: deps.config.TZ_APP, content }),
  );
  return {
    service,
    live,
    topicsOverdue: () => overdueCount(deps.db, dayIn(deps.clock.now(), deps.config.TZ_APP)),
    // Every instance polls, JOBS=0 or not (main.ts starts jobs only with JOBS=1): the poll runs from creation and
    // this job only stops it on shutdown.
    job: { name: 'faq-index-poll', start() {}, stop: async () => live.stop() },
    feature: createFaqFeature({
      db: deps.db,
      faq: service,
      logger: deps.logger,
      ...(deps.i18n ? { i18n: deps.i18n } : {}),
    }),
  };
}
