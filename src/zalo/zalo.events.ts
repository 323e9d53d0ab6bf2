import { createHash } from 'node:crypto';
import { z } from 'zod';

/**
 * Zalo OA webhook events. Known events are checked by a discriminated union on `event_name`; anything else
 * parses into a generic shape (stored and ignored), so a new Zalo event never turns into an error for Zalo.
 */

const id = z.union([z.string(), z.number()]).transform(String);
const party = z.looseObject({ id });
/** Milliseconds since the epoch, as Zalo sends it (a string; a number is tolerated). */
const timestamp = z.union([z.string().regex(/^\d{1,16}$/), z.number().int().nonnegative()]).transform(String);

const base = {
  app_id: id.optional(),
  timestamp,
  user_id_by_app: id.optional(),
  oa_id: id.optional(),
};

const attachment = z.looseObject({ type: z.string().optional(), payload: z.unknown().optional() });
const message = z.looseObject({
  msg_id: id.optional(),
  text: z.string().optional(),
  attachments: z.array(attachment).optional(),
});

const userMessageNames = [
  'user_send_text',
  'user_send_image',
  'user_send_file',
  'user_send_sticker',
  'user_send_gif',
  'user_send_audio',
  'user_send_video',
  'user_send_location',
  'user_send_link',
  'user_send_business_card',
] as const;

/** Every user_send_* event has the same shape; the attachments differ by type. */
const userMessage = z.looseObject({
  ...base,
  event_name: z.enum(userMessageNames),
  sender: party,
  recipient: party.optional(),
  message,
});

const followEvent = (name: 'follow' | 'unfollow') =>
  z.looseObject({ ...base, event_name: z.literal(name), follower: party, source: z.string().optional() });

const userSubmitInfo = z.looseObject({
  ...base,
  event_name: z.literal('user_submit_info'),
  sender: party,
  recipient: party.optional(),
  info: z.looseObject({
    name: z.string().optional(),
    phone: z.union([z.string(), z.number()]).transform(String).optional(),
    address: z.string().optional(),
    city: z.string().optional(),
    district: z.string().optional(),
    ward: z.string().optional(),
  }),
});

/**
 * Delivery receipts come from the OA's side: the OA is `sender`, the citizen who received or saw the message is
 * `recipient` (Chatwoot's zalo_events_job.rb reads the OA id from `sender` for exactly these two events).
 * `user_received_message` carries `message.msg_id`, `user_seen_message` carries `message.msg_ids`
 * (Chatwoot app/services/zalo/delivery_status_service.rb); either is accepted for both.
 */
const receipt = (name: 'user_received_message' | 'user_seen_message') =>
  z.looseObject({
    ...base,
    event_name: z.literal(name),
    sender: party,
    recipient: party,
    message: z.looseObject({ msg_ids: z.array(id).optional(), msg_id: id.optional() }).optional(),
  });

const oaSend = (name: 'oa_send_text' | 'oa_send_image' | 'oa_send_list' | 'oa_send_file') =>
  z.looseObject({
    ...base,
    event_name: z.literal(name),
    sender: party,
    recipient: party,
    message: message.optional(),
  });

export const knownZaloEventSchema = z.discriminatedUnion('event_name', [
  userMessage,
  followEvent('follow'),
  followEvent('unfollow'),
  userSubmitInfo,
  receipt('user_received_message'),
  receipt('user_seen_message'),
  oaSend('oa_send_text'),
  oaSend('oa_send_image'),
  oaSend('oa_send_list'),
  oaSend('oa_send_file'),
]);

export type KnownZaloEvent = z.infer<typeof knownZaloEventSchema>;
export type UserMessageEvent = Extract<KnownZaloEvent, { event_name: (typeof userMessageNames)[number] }>;
export type FollowEvent = Extract<KnownZaloEvent, { event_name: 'follow' | 'unfollow' }>;

/** An event we do not model: kept as received and ignored. */
export interface UnknownZaloEvent {
  event_name: string;
  timestamp: string;
  known: false;
  raw: Record<string, unknown>;
}

export type ZaloEvent = (KnownZaloEvent & { known: true }) | UnknownZaloEvent;

const knownNames = new Set<string>([
  ...userMessageNames,
  'follow',
  'unfollow',
  'user_submit_info',
  'user_received_message',
  'user_seen_message',
  'oa_send_text',
  'oa_send_image',
  'oa_send_list',
  'oa_send_file',
]);
const genericSchema = z.looseObject({ event_name: z.string().min(1).max(100), timestamp });

export function isUserMessage(e: KnownZaloEvent): e is UserMessageEvent {
  return (userMessageNames as readonly string[]).includes(e.event_name);
}

/**
 * Parses a webhook body. Throws a ZodError when the body is not an event at all (no name or timestamp) or a
 * known event lacks its required fields; unknown event names parse into `UnknownZaloEvent`.
 */
export function parseZaloEvent(body: unknown): ZaloEvent {
  const generic = genericSchema.parse(body);
  if (!knownNames.has(generic.event_name)) {
    return { event_name: generic.event_name, timestamp: generic.timestamp, known: false, raw: generic };
  }
  return { ...knownZaloEventSchema.parse(body), known: true };
}

/**
 * The citizen the event is about: sender for user events, follower for follow/unfollow, recipient for OA sends and
 * for delivery receipts (whose sender is the OA).
 */
export function eventUserId(e: ZaloEvent): string | undefined {
  if (!e.known) {
    const raw = e.raw as { sender?: { id?: unknown }; follower?: { id?: unknown } };
    // an unknown event's sender may be the OA; that is only a weaker dedupe key, never a crediting decision
    const v = raw.follower?.id ?? raw.sender?.id;
    return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
  }
  switch (e.event_name) {
    case 'follow':
    case 'unfollow':
      return e.follower.id;
    case 'oa_send_text':
    case 'oa_send_image':
    case 'oa_send_list':
    case 'oa_send_file':
    case 'user_received_message':
    case 'user_seen_message':
      return e.recipient.id;
    default:
      return e.sender.id;
  }
}

/**
 * The inbox's unique key: Zalo's `msg_id` when the event has one, else event name + user + timestamp
 * (DESIGN: "same event name, user and timestamp for events without one").
 */
export function eventDedupeKey(e: ZaloEvent): string {
  if (e.known && (e.event_name === 'user_received_message' || e.event_name === 'user_seen_message')) {
    // Receipts of different citizens can share a millisecond, and one receipt can name several messages:
    // the key is the citizen plus every message id it confirms.
    const ids = receiptMessageIds(e);
    const joined = ids.length ? [...ids].sort().join(',') : `t${e.timestamp}`;
    const tail = joined.length > 200 ? createHash('sha256').update(joined).digest('hex') : joined;
    return `rcpt:${e.event_name}:${e.recipient.id}:${tail}`;
  }
  const message = e.known ? (e as { message?: { msg_id?: string } }).message : undefined;
  const msgId = message?.msg_id;
  if (msgId) return `msg:${e.event_name}:${msgId}`;
  return `evt:${e.event_name}:${eventUserId(e) ?? '-'}:${e.timestamp}`;
}

export type ReceiptEvent = Extract<
  KnownZaloEvent,
  { event_name: 'user_received_message' | 'user_seen_message' }
>;

/** The message ids a delivery receipt confirms (msg_id and msg_ids together, without repeats). */
export function receiptMessageIds(e: ReceiptEvent): string[] {
  return [...new Set([...(e.message?.msg_ids ?? []), ...(e.message?.msg_id ? [e.message.msg_id] : [])])];
}
