import path from 'node:path';
import type { i18n } from 'i18next';
export { contentContext } from './kb.content-context.ts';
import type { CoreDeps, Module } from '../app/module.ts';
import type { JobDefinition } from '../jobs/job.ts';
import type { MenuTopicsSource } from '../chat/chat.types.ts';
import { unansweredFrom } from '../console/unanswered.adapter.ts';
import { createI18n } from '../i18n/i18n.ts';
import { loadKnowledgeBaseSync } from './knowledge-base.ts';
import { loadTrainingCorpora } from './corpora.ts';
import { createFaqService, type FaqService } from './faq.service.ts';
import { createFaqFeature } from './faq.feature.ts';
import { faqRoutes } from './faq.routes.ts';
import { createMostAskedTopics } from './most-asked.ts';
import { createLiveFaq, type LiveFaq } from './live-index.ts';
import { kbConsoleRoutes } from './kb.routes.ts';
import { dayIn, overdueCount } from './kb.repository.ts';
import { seedKnowledgeBase } from './kb.seed.ts';
import { contentContext } from './kb.content-context.ts';
import { inlineTrainer, readLexiconText, workerTrainer } from './index-trainer.ts';
import { cachedTrain, fileModelCache } from './model-cache.ts';
import { TrainedMatcher } from './trained-matcher.ts';

export interface FaqModule extends Module {
  /** Always the newest index (the live one below); the chat, /api/faq and the menu read through it. */
  service: FaqService;
  /** The index kept current from the database (tests call `refresh()` instead of waiting for the poll). */
  live: LiveFaq;
  /** The menu's topic buttons: the most answered topics of the last 30 days (read every 10 min), else configured. */
  menuTopics: MenuTopicsSource;
}

/**
 * FAQ (issues 6, 16, 17): GET /api/faq/search, the knowledge base in the console (/api/console/faq: topics,
 * versions, four-eyes publishing, teaching from unanswered questions) and the chat feature that answers every
 * question no other feature took (priority 1000, last).
 *
 * The content loader seeds the database from content/faq on first start (a bad file stops start-up with its path)
 * and builds the first index from the published topics before listening (< 1 s idle); code that never runs the
 * loader (a test app, a script) builds one from the files on first use.
 * From then on the `faq-index-poll` job (every instance, JOBS=0 too) rebuilds from the published topics whenever the
 * database's index version moves.
 */
export function createFaqModule(core: CoreDeps, ports: { i18n?: i18n } = {}): FaqModule {
  const contentDir = core.config.CONTENT_DIR;
  const corpora = loadTrainingCorpora({ contentDir });
  const trainerOptions = {
    cacheDir: modelCacheDir(core.config),
    logger: core.logger,
    // As loadTrainingCorpora reads it: the worker builds its lexicon from this file, the model cache keys on it.
    ...(corpora.lexicon ? { lexiconFile: path.join(contentDir, 'faq-lexicon.yaml') } : {}),
  };
  // The first build (start-up) trains here, before the instance answers; every later one on a worker thread.
  const startupTrainer = inlineTrainer(trainerOptions);
  const trainer = workerTrainer(trainerOptions);
  let fromFiles: FaqService | undefined;
  const files = (): FaqService => {
    if (fromFiles) return fromFiles;
    const kb = loadKnowledgeBaseSync({ contentDir });
    const model = cachedTrain(TrainedMatcher.trainingInput(kb.topics, corpora), {
      cache: trainerOptions.cacheDir ? fileModelCache(trainerOptions.cacheDir, core.logger) : undefined,
      lexiconText: readLexiconText(trainerOptions.lexiconFile),
    });
    return (fromFiles = createFaqService(kb, corpora, undefined, { model }));
  };
  // Built lazily: a test app or a script that never asks pays nothing.
  const initial: FaqService = {
    get kb() {
      return files().kb;
    },
    get corpora() {
      return files().corpora;
    },
    get matcher() {
      return files().matcher;
    },
    get indexBuildMs() {
      return files().indexBuildMs;
    },
    match: (question) => files().match(question),
    topicForPayload: (text) => files().topicForPayload(text),
    search: (query, lang, limit) => files().search(query, lang, limit),
    titleOf: (topic, lang) => files().titleOf(topic, lang),
  };
  const i18nInstance = ports.i18n ?? createI18n(contentDir);
  const content = contentContext(contentDir, i18nInstance);
  const live = createLiveFaq({
    db: core.db,
    logger: core.logger,
    initial,
    corpora,
    local: content.local,
    startupTrainer,
    trainer,
  });
  const service = live.service;
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
  const indexPoll = {
    id: 'faq-index-poll',
    schedule: { everyMs: core.config.FAQ_INDEX_POLL_MS },
    // Each instance keeps its own memory current: it runs with JOBS=0 too.
    everyInstance: true,
    handler: async () => void (await live.refresh()),
    afterStop: () => live.stop(),
  } satisfies JobDefinition;
  return {
    name: 'faq',
    service,
    live,
    menuTopics,
    routes: faqRoutes({ faq: service }),
    consoleRoutes: kbConsoleRoutes({ db: core.db, clock: core.clock, timeZone: core.config.TZ_APP, content }),
    chatFeatures: [{ feature, priority: 1000 }],
    consolePages: { unanswered: unanswered.page },
    dashboard: {
      unansweredQuestions: unanswered.count,
      faqTopicsOverdue: () => overdueCount(core.db, dayIn(core.clock.now(), core.config.TZ_APP)),
    },
    jobs: [indexPoll],
    contentLoaders: [
      {
        name: 'faq',
        async load() {
          const seeded = await seedKnowledgeBase(core.db, contentDir, {
            now: core.clock.now(),
            timeZone: core.config.TZ_APP,
          });
          // One build at start-up: from the database's published topics (what the poll would build next), and
          // from the files only when the database has none to give.
          if (await live.refresh())
            return {
              seeded,
              from: 'database',
              topics: service.kb.topics.length,
              indexBuildMs: Math.round(live.lastBuildMs()),
            };
          const faq = files();
          return {
            seeded,
            from: 'files',
            topics: faq.kb.topics.length,
            indexBuildMs: Math.round(faq.indexBuildMs),
          };
        },
      },
    ],
  };
}

/** FAQ_MODEL_CACHE_DIR, else `<DATA_DIR>/faq-model`; none under test unless set, and none when set to `off`. */
function modelCacheDir(config: CoreDeps['config']): string | undefined {
  const dir = config.FAQ_MODEL_CACHE_DIR;
  if (dir === 'off') return undefined;
  if (dir) return dir;
  return config.NODE_ENV === 'test' ? undefined : path.join(config.DATA_DIR, 'faq-model');
}
