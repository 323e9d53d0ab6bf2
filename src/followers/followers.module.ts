import type { CoreDeps, Module } from '../app/module.ts';
import { TZDate } from '@date-fns/tz';
import { communeChat } from './commune.chat.ts';
import { newsChat } from './news.chat.ts';
import { themesInForce } from '../plan/plan.themes.ts';
import { followerAreaOf, followersCount, followersDirectory } from './followers.directory.ts';

/** What other modules ask the followers module (the chat's handoff inbox scopes conversations by commune). */
export interface FollowersModule extends Module {
  areaOf(followerId: string): Promise<string | null>;
}

/**
 * The OA's followers (issues 4 and 18): the commune question in chat (asked once after a follow, "đổi xã" any
 * time; priority 50, before surveys and the FAQ), the console's followers directory and the dashboard's count.
 * Audience SQL for broadcasts and the follower sync live in followers.service.ts / audience fragments it exports.
 */
export function createFollowersModule(core: CoreDeps): FollowersModule {
  const commune = communeChat({ db: core.db });
  // CCHC news by the plan's themes (issue 16): "tin", "tin 2", "huỷ tin 2", "huỷ tin"; before the commune step.
  const news = newsChat({
    db: core.db,
    themes: (now) => themesInForce(core.db, new TZDate(now.getTime(), core.config.TZ_APP).getFullYear()),
  });
  return {
    name: 'followers',
    areaOf: followerAreaOf(core.db),
    chatFeatures: [
      { feature: news.feature, priority: 40 },
      { feature: commune.feature, priority: 50 },
    ],
    followHooks: [commune.onFollow],
    dashboard: { followersCount: followersCount(core.db) },
    consolePages: { followers: followersDirectory(core.db) },
  };
}
