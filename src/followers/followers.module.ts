import type { CoreDeps, Module } from '../app/module.ts';
import { communeChat } from './commune.chat.ts';
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
  return {
    name: 'followers',
    areaOf: followerAreaOf(core.db),
    chatFeatures: [{ feature: commune.feature, priority: 50 }],
    followHooks: [commune.onFollow],
    dashboard: { followersCount: followersCount(core.db) },
    consolePages: { followers: followersDirectory(core.db) },
  };
}
