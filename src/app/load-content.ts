import type { Logger } from 'pino';
import type { Module } from './module.ts';

/** What each content loader reported, by loader name (counts for the start-up log). */
export type ContentReport = Record<string, unknown>;

/** A content file that cannot be loaded; the message names the loader, the file and the problem. */
export class ContentLoadError extends Error {
  constructor(
    readonly loader: string,
    override readonly cause: unknown,
  ) {
    super(`content (${loader}): ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'ContentLoadError';
  }
}

/**
 * Runs every module's content loaders in module order, one at a time (areas and units first: the others name
 * them). The first bad file stops it: start-up must not serve half the content. Jobs play no part, so JOBS=0
 * loads exactly the same.
 */
export async function loadAllContent(modules: readonly Module[], logger: Logger): Promise<ContentReport> {
  const report: ContentReport = {};
  for (const m of modules)
    for (const loader of m.contentLoaders ?? []) {
      try {
        report[loader.name] = await loader.load();
      } catch (err) {
        throw new ContentLoadError(loader.name, err);
      }
    }
  logger.info(report, 'content loaded');
  return report;
}
