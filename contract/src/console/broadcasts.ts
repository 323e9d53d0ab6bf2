import { z } from 'zod';
import { instant } from '../common.ts';

/** A content item as the library lists it: the item's state and its current version's title. */
export const contentItemRow = z.object({
  id: z.number(),
  unitCode: z.string(),
  status: z.string(),
  themeCode: z.string().nullable(),
  planYear: z.number().nullable(),
  planItemNo: z.number().nullable(),
  currentVersion: z.number(),
  title: z.string(),
  rejectionReason: z.string().nullable(),
  updatedAt: instant,
});
export type ContentItemRow = z.infer<typeof contentItemRow>;
export const contentItems = z.object({ items: z.array(contentItemRow) });

/** The item itself (no title: titles belong to versions), with who created, submitted and decided it and when. */
export const contentItem = contentItemRow.omit({ title: true }).extend({
  createdBy: z.string(),
  submittedBy: z.string().nullable(),
  submittedAt: instant.nullable(),
  decidedBy: z.string().nullable(),
  decidedAt: instant.nullable(),
  createdAt: instant,
});
export type ContentItem = z.infer<typeof contentItem>;

/** One version of an item's text, as edited and as sent. */
export const contentVersion = z.object({
  id: z.number(),
  itemId: z.number(),
  version: z.number(),
  title: z.string(),
  textVi: z.string(),
  textKm: z.string().nullable(),
  textEn: z.string().nullable(),
  imageUrl: z.string().nullable(),
  buttonTitle: z.string().nullable(),
  buttonUrl: z.string().nullable(),
  createdBy: z.string(),
  createdAt: instant,
});
export type ContentVersion = z.infer<typeof contentVersion>;

/** One workflow transition of an item (created, submitted, approved, rejected, cancelled…), oldest first. */
export const contentTransition = z.object({
  id: z.number(),
  itemId: z.number(),
  fromStatus: z.string().nullable(),
  toStatus: z.string(),
  action: z.string(),
  actor: z.string(),
  reason: z.string().nullable(),
  at: instant,
});
export type ContentTransition = z.infer<typeof contentTransition>;

/** GET /broadcasts/items/:id: the item, its current version, every earlier one and its workflow history. */
export const contentItemDetail = z.object({
  item: contentItem,
  current: contentVersion,
  versions: z.array(contentVersion),
  history: z.array(contentTransition),
});
export type ContentItemDetail = z.infer<typeof contentItemDetail>;
/** POST/PUT and workflow transitions answer with the item. */
export const contentItemChanged = z.object({ item: contentItem });

/** What the editor sends (POST /broadcasts/items, PUT /broadcasts/items/:id); the server checks the limits. */
export const contentInput = z.object({
  title: z.string(),
  textVi: z.string(),
  textKm: z.string().nullish(),
  textEn: z.string().nullish(),
  imageUrl: z.string().nullish(),
  buttonTitle: z.string().nullish(),
  buttonUrl: z.string().nullish(),
  themeCode: z.string().nullish(),
  planYear: z.number().nullish(),
  planItemNo: z.number().nullish(),
});
export type ContentInput = z.infer<typeof contentInput>;

/** A planned send: when, and to whom (communes and topics; empty means everyone in scope). */
export const scheduleInput = z.object({
  scheduledAt: z.string(),
  segment: z.object({ areas: z.array(z.string()).optional(), topics: z.array(z.string()).optional() }),
  useConsultationInWindow: z.boolean().optional(),
});
export type ScheduleInput = z.infer<typeof scheduleInput>;
/** POST /broadcasts/preview: a planned send; with `itemId`, that item's send (only its theme's subscribers). */
export const previewInput = scheduleInput.extend({ itemId: z.number().optional() });
export type PreviewInput = z.infer<typeof previewInput>;

/** POST /broadcasts/preview: how many would receive it, and who is left out why. */
export const audiencePreview = z.object({
  matched: z.number(),
  excludedOptOut: z.number(),
  excludedQuota: z.number(),
  viaConsultation: z.number(),
  audience: z.number(),
  warnings: z.array(z.string()),
});
export type AudiencePreview = z.infer<typeof audiencePreview>;

/** A broadcast in the list. */
export const broadcastRow = z.object({
  id: z.number(),
  itemId: z.number(),
  version: z.number(),
  status: z.string(),
  scheduledAt: instant,
  planned: z.number().nullable(),
  finishedAt: instant.nullable(),
  themeCode: z.string().nullable(),
  unitCode: z.string(),
});
export type BroadcastRow = z.infer<typeof broadcastRow>;
export const broadcastList = z.object({ broadcasts: z.array(broadcastRow) });

/** Delivery figures of one commune (or of all). */
export const deliveryCounts = z.object({
  planned: z.number(),
  sent: z.number(),
  failed: z.number(),
  pending: z.number(),
  received: z.number(),
  seen: z.number(),
  clicks: z.number(),
});
export const areaStats = deliveryCounts.extend({
  areaCode: z.string().nullable(),
  areaName: z.string().nullable(),
});
export type AreaStats = z.infer<typeof areaStats>;

const textAlign = z.enum(['left', 'center', 'right']).optional();

/** The promotion template as a Vietnamese-speaking follower receives it (the console draws it). */
export const promotionMessage = z.object({
  type: z.literal('promotion'),
  elements: z.array(
    z.union([
      z.object({
        type: z.literal('banner'),
        imageUrl: z.string().optional(),
        attachmentId: z.string().optional(),
      }),
      z.object({ type: z.literal('header'), content: z.string(), align: textAlign }),
      z.object({ type: z.literal('text'), content: z.string(), align: textAlign }),
      z.object({ type: z.literal('table'), rows: z.array(z.object({ key: z.string(), value: z.string() })) }),
    ]),
  ),
  buttons: z.array(z.object({ title: z.string(), type: z.string(), payload: z.string() })).optional(),
});
export type PromotionMessage = z.infer<typeof promotionMessage>;

/** GET /broadcasts/:id: the broadcast, its delivery figures and the message as sent. */
export const broadcastDetail = z.object({
  broadcast: z.object({
    id: z.number(),
    itemId: z.number(),
    version: z.number(),
    /** Who it was sent to: communes, topics… (an empty object means everyone in scope). */
    segment: z.object({
      areas: z.array(z.string()).optional(),
      tags: z.array(z.string()).optional(),
      languages: z.array(z.string()).optional(),
      followedFrom: z.string().optional(),
      followedTo: z.string().optional(),
      topics: z.array(z.string()).optional(),
    }),
    status: z.string(),
    scheduledAt: instant,
    /** The tracked link's token (/r/<token>), the same one every recipient's button carries. */
    linkToken: z.string(),
    /** 1 when followers inside the free reply window get a consultation message instead. */
    useConsultationInWindow: z.number(),
    plannedAt: instant.nullable(),
    planned: z.number().nullable(),
    excludedOptOut: z.number().nullable(),
    excludedQuota: z.number().nullable(),
    finishedAt: instant.nullable(),
    createdBy: z.string(),
    createdAt: instant,
  }),
  stats: z.object({
    totals: deliveryCounts,
    failures: z.array(z.object({ reason: z.string(), count: z.number() })),
    byArea: z.array(areaStats),
  }),
  message: promotionMessage.optional(),
});
export type BroadcastDetail = z.infer<typeof broadcastDetail>;
export type ContentItems = z.infer<typeof contentItems>;
export type BroadcastList = z.infer<typeof broadcastList>;
