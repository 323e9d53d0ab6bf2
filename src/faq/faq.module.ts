import type { i18n } from 'i18next';
import type { CoreDeps, Module } from '../app/module.ts';
import { unansweredFrom } from '../console/unanswered.adapter.ts';
import { loadKnowledgeBaseSync } from './knowledge-base.ts';
import { loadTrainingCorpora } from './corpora.ts';
import { createFaqService, type FaqService } from './faq.service.ts';
import { createFaqFeature } from './faq.feature.ts';
import { faqRoutes } from './faq.routes.ts';
import { createMostAskedTopics } from './most-asked.ts';
import type { MenuTopicsSource } from '../chat/chat.types.ts';

export interface FaqModule extends Module {
  service: FaqService;
  /** The menu's topic buttons: the most answered topics of the last 30 days (read every 10 min), else configured. */
  menuTopics: MenuTopicsSource;
}

/**
 * FAQ (issue 6): GET /api/faq/search and the chat feature that answers every question no other feature took
 * (priority 1000, last). The knowledge base and training corpora are read and the matcher trained by the content
 * loader before listening (< 1 s; a bad file stops start-up with its path); code that asks before that — a test
 * app without the loader, a script — builds it on first use.
 */
export function createFaqModule(core: CoreDeps, ports: { i18n?: i18n } = {}): FaqModule {
  const contentDir = core.config.CONTENT_DIR;
  let built: FaqService | undefined;
  const get = (): FaqService =>
    (built ??= createFaqService(loadKnowledgeBaseSync({ contentDir }), loadTrainingCorpora({ contentDir })));
  const service: FaqService = {
    get kb() {
      return get().kb;
    },
    get corpora() {
      return get().corpora;
    },
    get matcher() {
      return get().matcher;
    },
    get indexBuildMs() {
      return get().indexBuildMs;
    },
    match: (question) => get().match(question),
    topicForPayload: (text) => get().topicForPayload(text),
    search: (query, lang, limit) => get().search(query, lang, limit),
    titleOf: (topic, lang) => get().titleOf(topic, lang),
  };
  const unanswered = unansweredFrom(core.db);
  const feature = createFaqFeature({
    db: core.db,
    faq: service,
    logger: core.logger,
    ...(ports.i18n ? { i18n: ports.i18n } : {}),
  });
  const menuTopics = createMostAskedTopics({
    db: core.db,
    clock: core.clock,
    logger: core.logger,
    titleOf: (id, lang) => {
      const topic = service.kb.byId.get(id);
      return topic && service.titleOf(topic, lang);
    },
  });
  return {
    name: 'faq',
    service,
    menuTopics,
    routes: faqRoutes({ faq: service }),
    chatFeatures: [{ feature, priority: 1000 }],
    consolePages: { unanswered: unanswered.page },
    dashboard: { unansweredQuestions: unanswered.count },
    contentLoaders: [
      {
        name: 'faq',
        async load() {
          const faq = get();
          return { topics: faq.kb.topics.length, indexBuildMs: Math.round(faq.indexBuildMs) };
        },
      },
    ],
  };
}
