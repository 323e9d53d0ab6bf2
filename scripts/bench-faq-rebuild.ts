/**
 * How long a FAQ index rebuild stops this instance from answering: `npm run -s bench:faq-rebuild`. Seeds an
 * in-memory PGlite from content/faq, builds the start-up index, then rebuilds it twice after a version bump while a
 * 5-ms timer measures the event loop: once with the classifier trained on a worker thread (as the app does), once on
 * the main thread (as before issue 16's worker). Prints one JSON object: per mode the rebuild's wall time, the
 * longest event-loop stall (ms) and the timer's ticks.
 */
import path from 'node:path';
import { openDatabase } from '../src/db/client.ts';
import { runMigrations } from '../src/db/migrate.ts';
import { loadTrainingCorpora } from '../src/faq/corpora.ts';
import { createFaqService } from '../src/faq/faq.service.ts';
import { inlineTrainer, workerTrainer, type IndexTrainer } from '../src/faq/index-trainer.ts';
import { contentContext } from '../src/faq/kb.content-context.ts';
import { bumpIndexVersion } from '../src/faq/kb.repository.ts';
import { seedKnowledgeBase } from '../src/faq/kb.seed.ts';
import { createLiveFaq } from '../src/faq/live-index.ts';
import { createI18n } from '../src/i18n/i18n.ts';
import { createLogger } from '../src/logger.ts';

const contentDir = process.env.CONTENT_DIR ?? 'content';
const database = await openDatabase({});
await runMigrations(database);
await seedKnowledgeBase(database.db, contentDir);
const corpora = loadTrainingCorpora({ contentDir });
const content = contentContext(contentDir, createI18n(contentDir));

async function rebuildStall(trainer: IndexTrainer) {
  const live = createLiveFaq({
    db: database.db,
    logger: createLogger('warn'),
    initial: createFaqService({ topics: [], byId: new Map() }, corpora),
    corpora,
    local: content.local,
    trainer,
  });
  await live.refresh();
  await bumpIndexVersion(database.db, new Date());
  // The longest gap between ticks of a 5-ms timer, the last one up to the rebuild's end included: a loop blocked
  // to the end would otherwise show no late tick at all.
  let last = performance.now();
  let maxGap = 0;
  let ticks = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - last);
    last = now;
    ticks++;
  }, 5);
  const started = performance.now();
  const rebuilt = await live.refresh();
  const ended = performance.now();
  clearInterval(timer);
  maxGap = Math.max(maxGap, ended - last);
  await live.stop();
  if (!rebuilt) throw new Error('the rebuild did not happen');
  return { wallMs: round(ended - started), maxStallMs: round(maxGap), ticks };
}

const lexiconFile = path.join(contentDir, 'faq-lexicon.yaml');
const worker = await rebuildStall(workerTrainer(corpora.lexicon ? { lexiconFile } : {}));
const mainThread = await rebuildStall(inlineTrainer());
await database.close();
console.log(JSON.stringify({ bench: 'faq-rebuild', worker, mainThread }));

function round(x: number): number {
  return Math.round(x * 10) / 10;
}
