import type { Router } from 'express';
import type { i18n } from 'i18next';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import type { ChatFeature } from '../chat/chat.types.ts';
import { loadKnowledgeBaseSync } from './knowledge-base.ts';
import { loadTrainingCorpora } from './corpora.ts';
import { createFaqService, type FaqService } from './faq.service.ts';
import { createFaqFeature } from './faq.feature.ts';
import { faqRoutes } from './faq.routes.ts';

export interface FaqModule {
  service: FaqService;
  feature: ChatFeature;
}

/**
 * Loads the knowledge base and the training corpora, trains the matcher, mounts /faq on the API router and returns
 * the chat feature.
 */
export function mountFaq(
  api: Router,
  deps: { config: Config; db: Db; logger: Logger; i18n?: i18n },
): FaqModule {
  const contentDir = deps.config.CONTENT_DIR;
  const service = createFaqService(
    loadKnowledgeBaseSync({ contentDir }),
    loadTrainingCorpora({ contentDir }),
  );
  deps.logger.info(
    { topics: service.kb.topics.length, indexBuildMs: Math.round(service.indexBuildMs) },
    'faq index built',
  );
  api.use('/faq', faqRoutes({ faq: service }));
  return {
    service,
    feature: createFaqFeature({
      db: deps.db,
      faq: service,
      logger: deps.logger,
      ...(deps.i18n ? { i18n: deps.i18n } : {}),
    }),
  };
}
