import { z } from 'zod';
import { instant } from '../common.ts';

/** A follower of the OA in the console directory; the phone is masked unless the role may read it. */
export const follower = z.object({
  id: z.string(),
  displayName: z.string().nullable(),
  areaCode: z.string().nullable(),
  areaName: z.string().optional(),
  tags: z.array(z.string()),
  language: z.string(),
  phone: z.string().nullable(),
  phoneMasked: z.boolean(),
  followedAt: instant.nullable(),
  optedOut: z.boolean(),
});
export type Follower = z.infer<typeof follower>;
export const followerPage = z.object({
  items: z.array(follower),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
});
export const followerTags = z.object({ items: z.array(z.string()) });

/** A conversation handed to staff, with Zalo's reply window and free allowance. */
export const handoffConversation = z.object({
  id: z.string(),
  followerId: z.string(),
  followerName: z.string().nullable(),
  areaCode: z.string().nullable(),
  reason: z.string().nullable(),
  status: z.enum(['waiting', 'assigned', 'closed']),
  assignedTo: z.string().nullable(),
  waitingSince: instant,
  lastMessage: z.string().nullable(),
  canReply: z.boolean().optional(),
  /** Zalo accepts a consultation reply until then (7 days after the citizen's last message). */
  replyWindowEndsAt: instant.nullable().optional(),
  /** The free allowance (8 replies in 48 h): after it a reply is still sent, as a paid message. */
  freeRepliesLeft: z.number().optional(),
  freeUntil: instant.nullable().optional(),
  messages: z
    .array(z.object({ at: instant, from: z.enum(['citizen', 'bot', 'staff']), text: z.string() }))
    .optional(),
});
export type HandoffConversation = z.infer<typeof handoffConversation>;
export const handoffList = z.object({ items: z.array(handoffConversation) });
export const handoffReply = z.object({ text: z.string() });

/** Outgoing chat messages that did not go out cleanly (counts for all; the list for province-wide staff). */
export const outboxStatus = z.object({
  pending: z.number(),
  /** Claimed by a sender right now (a request to Zalo may be in flight). */
  sending: z.number(),
  unknown: z.number(),
  failed: z.number(),
  items: z.array(
    z.object({
      id: z.number(),
      status: z.string(),
      /** Who wrote the reply: the bot, an agent, or the system. */
      source: z.enum(['bot', 'staff', 'system']),
      createdAt: instant,
      /** What went wrong on the last try (null when nothing was recorded). */
      lastError: z.string().nullable(),
      followerName: z.string().nullable(),
      preview: z.string(),
    }),
  ),
});
export type OutboxStatus = z.infer<typeof outboxStatus>;

export const unansweredStatus = z.enum(['open', 'assigned', 'out_of_scope']);
export type UnansweredStatus = z.infer<typeof unansweredStatus>;

/** Questions the FAQ could not answer (and answers citizens called wrong), most asked first. */
export const unansweredQuestion = z.object({
  id: z.string(),
  text: z.string(),
  count: z.number(),
  firstSeenAt: instant,
  lastSeenAt: instant,
  suggestions: z.array(z.string()),
  confidence: z.number(),
  /** open until staff attach it to a topic (assigned) or mark it out of scope. */
  status: unansweredStatus,
  /** feedback: the bot answered and the citizen said "Chưa đúng" (reportedTopicId is what they got). */
  source: z.enum(['low_confidence', 'feedback']),
  reportedTopicId: z.string().nullable(),
  resolvedTopicId: z.string().nullable(),
});
export type UnansweredQuestion = z.infer<typeof unansweredQuestion>;
export const unansweredPage = z.object({ items: z.array(unansweredQuestion), total: z.number() });
export type UnansweredPage = z.infer<typeof unansweredPage>;

/** The dashboard's figures; null where a source is not wired or not in the caller's scope. */
export const dashboard = z.object({
  followers: z.number().nullable(),
  messagesToday: z.number().nullable(),
  pendingApprovals: z.number().nullable(),
  unansweredQuestions: z.number().nullable(),
  /** Knowledge-base topics whose "review by" date has passed. */
  faqTopicsOverdue: z.number().nullable(),
  surveyProgress: z.object({ rate: z.number(), sampleSize: z.number(), target: z.number() }).nullable(),
  surveyTarget: z.number(),
  series: z.array(z.object({ date: z.string(), series: z.record(z.string(), z.number()) })).nullable(),
  consoleActivity: z.array(z.object({ date: z.string(), logins: z.number(), actions: z.number() })),
});
export type Dashboard = z.infer<typeof dashboard>;
export type FollowerPage = z.infer<typeof followerPage>;
export type FollowerTags = z.infer<typeof followerTags>;
export type HandoffList = z.infer<typeof handoffList>;
