import type { UnitScope } from './unit-scope.ts';

/**
 * What the console reads from other modules. Each module exports plain functions; createApp wires them
 * into this object. A part left undefined shows as "—" (figures) or "chưa sẵn sàng" (pages) in the console,
 * so the console ships before, and never imports the tables of, the modules it shows.
 */
export interface ConsoleIntegrations {
  dashboard: DashboardSources;
  followers?: FollowersDirectory;
  handoff?: HandoffInbox;
  unanswered?: UnansweredQuestions;
  oa?: OaConnection;
}

/** Figures on the dashboard; each is scoped to what the staff member may see. */
export interface DashboardSources {
  followersCount?: (scope: UnitScope) => Promise<number>;
  messagesToday?: (scope: UnitScope) => Promise<number>;
  pendingApprovals?: (scope: UnitScope) => Promise<number>;
  unansweredQuestions?: (scope: UnitScope) => Promise<number>;
  /** Knowledge-base topics whose "review by" date has passed (province-wide content: not scoped). */
  faqTopicsOverdue?: (scope: UnitScope) => Promise<number>;
  /** Share of surveyed people who understand CCHC, against the 80% target, with its sample size. */
  surveyProgress?: (scope: UnitScope) => Promise<{ rate: number; sampleSize: number; target: number } | null>;
  /** Daily counts for the chart (inbound messages, new followers…), oldest first. */
  dailySeries?: (
    scope: UnitScope,
    days: number,
  ) => Promise<{ date: string; series: Record<string, number> }[]>;
}

export interface FollowerRow {
  id: string;
  displayName: string | null;
  areaCode: string | null;
  /** The commune people read: today's name (an old code shows its successor), or "chưa rõ" when none was given. */
  areaName?: string;
  tags: string[];
  language: string;
  phone: string | null;
  followedAt: Date | null;
  optedOut: boolean;
}

export interface FollowerSearch {
  q?: string;
  areaCode?: string;
  tag?: string;
  page: number;
  pageSize: number;
  /** Restrict to these areas (null: all). */
  areaCodes: readonly string[] | null;
}

export interface FollowersDirectory {
  search(query: FollowerSearch): Promise<{ items: FollowerRow[]; total: number }>;
  get(id: string): Promise<FollowerRow | undefined>;
  tags(): Promise<string[]>;
}

export interface HandoffConversation {
  id: string;
  followerId: string;
  followerName: string | null;
  areaCode: string | null;
  reason: string | null;
  status: 'waiting' | 'assigned' | 'closed';
  assignedTo: string | null;
  waitingSince: Date;
  lastMessage: string | null;
  /** False when Zalo's 7-day consultation window is closed: the citizen must write again first. */
  canReply?: boolean;
  /** Until when a reply is accepted, and the free allowance left (replies and its end); paid after it. */
  replyWindowEndsAt?: Date | null;
  freeRepliesLeft?: number;
  freeUntil?: Date | null;
  messages?: { at: Date; from: 'citizen' | 'bot' | 'staff'; text: string }[];
}

export interface HandoffInbox {
  list(filter: {
    status?: 'waiting' | 'assigned' | 'closed';
    areaCodes: readonly string[] | null;
  }): Promise<HandoffConversation[]>;
  get(id: string): Promise<HandoffConversation | undefined>;
  assign(id: string, staffId: string): Promise<void>;
  /** Sends through the OA; rejects with an AppError when Zalo refuses (window closed, not a follower…). */
  reply(id: string, staffId: string, text: string): Promise<void>;
  close(id: string, staffId: string): Promise<void>;
}

export interface UnansweredQuestions {
  /** Most asked first. Questions are stored scrubbed of personal data and carry no area, so they are not unit-scoped. */
  list(query: {
    page: number;
    pageSize: number;
    status?: 'open' | 'assigned' | 'out_of_scope' | 'all';
  }): Promise<{
    items: {
      id: string;
      text: string;
      count: number;
      firstSeenAt: Date;
      lastSeenAt: Date;
      suggestions: string[];
      confidence: number;
      /** open until staff attach it to a topic (assigned) or mark it out of scope. */
      status: 'open' | 'assigned' | 'out_of_scope';
      /** feedback: the bot answered and the citizen said "Chưa đúng" (reportedTopicId is what they got). */
      source: 'low_confidence' | 'feedback';
      reportedTopicId: string | null;
      resolvedTopicId: string | null;
    }[];
    total: number;
  }>;
}

/** The OA token's health, from the Zalo module's token store. */
export interface OaConnection {
  state(): Promise<{
    status: 'ok' | 'needs_reauth' | 'not_configured' | 'unknown';
    expiresAt: Date | null;
    detail: string | null;
  }>;
  /** Stores a refresh token obtained through Zalo's OA authorisation flow (re-authorisation). */
  reauthorise?(refreshToken: string): Promise<void>;
}

export function emptyIntegrations(): ConsoleIntegrations {
  return { dashboard: {} };
}

/** null = every area; otherwise the areas the scope covers. */
export function areaFilterOf(scope: UnitScope): readonly string[] | null {
  return scope.all ? null : [...scope.areas];
}
