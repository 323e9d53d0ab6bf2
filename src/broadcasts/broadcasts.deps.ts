import type { Role } from '../console/policy.ts';
import type { UnitScope } from '../console/unit-scope.ts';
import type { ZaloMessenger } from '../zalo/zalo.port.ts';
import type { SendRateLimiter } from '../zalo/send-rate.ts';
import type { ImageProbe } from './content.limits.ts';
import type { CoreDeps } from '../app/module.ts';

/** What the content and broadcast services need; built once in createApp, tests pass the same shape. */
export interface BroadcastDeps extends CoreDeps {
  probeImage: ImageProbe;
  /**
   * Promotion messages the OA may still send (Zalo's quota API); absent, failing or unreadable → no cap, and
   * Zalo's own quota refusals are recorded per follower.
   */
  promotionQuota?: () => Promise<{ remaining: number } | undefined>;
}

export interface SenderDeps extends BroadcastDeps {
  messenger: ZaloMessenger;
  /** "How to stop" line appended to promotion messages, per language (content/locales/<lng>/broadcast.json). */
  optOutFooter?: Partial<Record<string, string>>;
  /** The OA's send rate shared with the chat outbox and other instances; broadcasts take what replies leave. */
  sendRate?: SendRateLimiter;
}

/** The staff member acting, as the console's authentication gives it. */
export interface Actor {
  id: string;
  username: string;
  role: Role;
  unitCode: string | null;
  /** Units the actor may act for; absent means province-wide. */
  scope?: UnitScope;
}
