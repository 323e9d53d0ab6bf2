import { z } from 'zod';
import { transactionTemplateTypes, type MessageKind } from './zalo.port.ts';

/**
 * One zod schema per message kind: the v3 request (`{recipient, message}`) Zalo accepts, as the official SDKs
 * build it. The builders (zalo.messages.ts) check their output with these, and the fake Zalo refuses with -201
 * whatever none of its endpoint's schemas accepts. Sources of each limit: README "Zalo message shapes".
 */

/** Zalo's limit for a text message (DESIGN "Zalo platform facts"); longer texts must be split by the caller. */
export const ZALO_TEXT_LIMIT = 2000;
/** zalo-php-sdk MessageBuilder.php `MAX_ELEMENT = 5`, used for both buttons and list elements. */
export const ZALO_BUTTON_MAX = 5;
export const ZALO_LIST_ELEMENT_MAX = 5;
/** Third-party v3 docs (redai-zalo-sdk PROMOTION_API_V3_MIGRATION.md, BUTTON_TYPES_GUIDE.md). */
export const ZALO_BUTTON_TITLE_MAX = 100;
export const ZALO_QUERY_PAYLOAD_MAX = 1000;
export const ZALO_HEADER_MAX = 100;
export const ZALO_TEMPLATE_TEXT_MAX = 1000;
export const ZALO_TABLE_ROWS_MAX = 5;
export const ZALO_TABLE_KEY_MAX = 25;
export const ZALO_TABLE_VALUE_MAX = 100;

/**
 * Length as Zalo is assumed to count it: Unicode code points, so an emoji counts once. Vietnamese in NFC is
 * one code point per letter; decomposed (NFD) input counts its combining marks, so normalise before measuring.
 */
export function zaloTextLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

const limited = (max: number) =>
  z
    .string()
    .refine((s) => s.trim().length > 0, 'is empty')
    .refine((s) => zaloTextLength(s) <= max, `is longer than ${max} characters`);

const messageText = limited(ZALO_TEXT_LIMIT);
const httpUrl = z.url({ protocol: /^https?$/ });
const icon = z.string().optional();
const title = limited(ZALO_BUTTON_TITLE_MAX);

const urlButton = z.strictObject({
  title,
  type: z.literal('oa.open.url'),
  payload: z.strictObject({ url: httpUrl }),
  image_icon: icon,
});
const queryButton = z.strictObject({
  title,
  type: z.enum(['oa.query.show', 'oa.query.hide']),
  payload: limited(ZALO_QUERY_PAYLOAD_MAX),
  image_icon: icon,
});
const phoneButton = z.strictObject({
  title,
  type: z.literal('oa.open.phone'),
  payload: z.strictObject({ phone_code: z.string().regex(/^\+?\d{3,15}$/) }),
  image_icon: icon,
});
const smsButton = z.strictObject({
  title,
  type: z.literal('oa.open.sms'),
  payload: z.strictObject({ phone_code: z.string().regex(/^\+?\d{3,15}$/), content: z.string() }),
  image_icon: icon,
});
export const zaloButtonSchema = z.union([urlButton, queryButton, phoneButton, smsButton]);
const buttons = z.array(zaloButtonSchema).max(ZALO_BUTTON_MAX);

const recipient = z.strictObject({ user_id: z.string().min(1) });
const request = <T extends z.ZodType>(message: T) => z.strictObject({ recipient, message });
const template = <T extends z.ZodType>(payload: T) =>
  z.strictObject({ type: z.literal('template'), payload });

/** Plain consultation text (zalo-java-sdk SendTextCSMessage.java; zalo-php-sdk MessageBuilder `text`). */
export const textRequestSchema = request(
  z.strictObject({ text: messageText, quote_message_id: z.string().optional() }),
);

/**
 * Text with buttons: a template attachment carrying only `buttons` (ZaloDotNetSDK ZaloClient.cs
 * sendListButtonMessagetoUserId). No SDK builds it for v3 /cs: README says why we still use it.
 */
export const buttonsRequestSchema = request(
  z.strictObject({
    text: messageText,
    attachment: template(z.strictObject({ buttons: buttons.min(1) })),
  }),
);

const byUrl = z.strictObject({
  media_type: z.literal('image'),
  url: httpUrl,
  width: z.number().int().positive().optional(),
  height: z.number().int().positive().optional(),
});
const byAttachment = z.strictObject({
  media_type: z.enum(['image', 'gif', 'sticker']),
  attachment_id: z.string().min(1),
  width: z.number().int().positive().optional(),
  height: z.number().int().positive().optional(),
});
/** Image or gif (zalo-java-sdk SendImageCSMessage.java; ZaloDotNetSDK sendGifMessageToUserIdByAttachmentIdV3). */
export const mediaRequestSchema = request(
  z.strictObject({
    text: messageText.optional(),
    attachment: template(
      z.strictObject({
        template_type: z.literal('media'),
        elements: z.array(z.union([byUrl, byAttachment])).length(1),
      }),
    ),
  }),
);

const defaultAction = z.union([
  z.strictObject({ type: z.literal('oa.open.url'), url: httpUrl }),
  z.strictObject({ type: z.enum(['oa.query.show', 'oa.query.hide']), payload: z.string().min(1) }),
]);
const listElement = z.strictObject({
  title: limited(100),
  subtitle: z.string().max(500).optional(),
  image_url: httpUrl.optional(),
  default_action: defaultAction.optional(),
});
/** List template (zalo-php-sdk MessageBuilder `list`; ZaloDotNetSDK JsonUtils parseListElement2Json). */
export const listRequestSchema = request(
  z.strictObject({
    text: messageText.optional(),
    attachment: template(
      z.strictObject({
        template_type: z.literal('list'),
        elements: z.array(listElement).min(1).max(ZALO_LIST_ELEMENT_MAX),
        buttons: buttons.optional(),
      }),
    ),
  }),
);

/** A file uploaded first (`/v2.0/oa/upload/file` gives the token) (zalo-java-sdk SendFileCSMessage.java). */
export const fileRequestSchema = request(
  z.strictObject({
    attachment: z.strictObject({
      type: z.literal('file'),
      payload: z.strictObject({ token: z.string().min(1) }),
    }),
  }),
);

/** Asks the citizen to share name/phone/address (zalo-java-sdk SendRequestUserInfoCSMessage.java). */
export const requestUserInfoRequestSchema = request(
  z.strictObject({
    attachment: template(
      z.strictObject({
        template_type: z.literal('request_user_info'),
        elements: z
          .array(z.strictObject({ title: limited(100), subtitle: limited(500), image_url: httpUrl }))
          .length(1),
      }),
    ),
  }),
);

const align = z.enum(['left', 'center', 'right']).optional();
const banner = z
  .strictObject({
    type: z.literal('banner'),
    image_url: httpUrl.optional(),
    attachment_id: z.string().min(1).optional(),
  })
  .refine(
    (b) => (b.image_url === undefined) !== (b.attachment_id === undefined),
    'needs image_url or attachment_id',
  );
const header = z.strictObject({ type: z.literal('header'), content: limited(ZALO_HEADER_MAX), align });
const textElement = z.strictObject({
  type: z.literal('text'),
  content: limited(ZALO_TEMPLATE_TEXT_MAX),
  align,
});
const table = z.strictObject({
  type: z.literal('table'),
  content: z
    .array(
      z.strictObject({
        key: limited(ZALO_TABLE_KEY_MAX),
        value: limited(ZALO_TABLE_VALUE_MAX),
        style: z.string().optional(),
      }),
    )
    .min(1)
    .max(ZALO_TABLE_ROWS_MAX),
});
/** A header is what every SDK example has; a banner, when there is one, comes first. */
const templateElements = z
  .array(z.union([banner, header, textElement, table]))
  .min(1)
  .refine((els) => els.some((e) => e.type === 'header'), 'needs a header element')
  .refine(
    (els) =>
      els.filter((e) => e.type === 'banner').length <= 1 && els.findIndex((e) => e.type === 'banner') <= 0,
    'at most one banner, and only as the first element',
  );

/** Promotion template (zalo-java-sdk SendPromotionMessage.java; zalo-php-sdk MessageBuilder `promotion`). */
export const promotionRequestSchema = request(
  z.strictObject({
    attachment: template(
      z.strictObject({
        template_type: z.literal('promotion'),
        language: z.enum(['VI', 'EN']).optional(),
        elements: templateElements,
        buttons: buttons.optional(),
      }),
    ),
  }),
);

/** Transaction template (zalo-java-sdk SendTransactionMessage.java; zalo-php-sdk MessageBuilder `transaction`). */
export const transactionRequestSchema = request(
  z.strictObject({
    attachment: template(
      z.strictObject({
        template_type: z.enum(transactionTemplateTypes),
        language: z.enum(['VI', 'EN']).optional(),
        elements: templateElements,
        buttons: buttons.optional(),
      }),
    ),
  }),
);

/** Every request shape, by kind. */
export const zaloRequestSchemas = {
  text: textRequestSchema,
  buttons: buttonsRequestSchema,
  media: mediaRequestSchema,
  list: listRequestSchema,
  file: fileRequestSchema,
  request_user_info: requestUserInfoRequestSchema,
  promotion: promotionRequestSchema,
  transaction: transactionRequestSchema,
} as const;
export type ZaloRequestKind = keyof typeof zaloRequestSchemas;

/** Which request kinds each v3 message endpoint takes (PHP README / Java tests: which endpoint each is sent to). */
export const requestKindsByEndpoint: Record<MessageKind, readonly ZaloRequestKind[]> = {
  cs: ['text', 'buttons', 'media', 'list', 'file', 'request_user_info'],
  transaction: ['transaction'],
  promotion: ['promotion'],
};

/** The kind of an accepted request at this endpoint, or why none accepts it (the closest schema's first issues). */
export function classifyRequest(
  endpoint: MessageKind,
  body: unknown,
): { ok: true; kind: ZaloRequestKind } | { ok: false; problem: string } {
  let best: { issues: z.core.$ZodIssue[] } | undefined;
  for (const kind of requestKindsByEndpoint[endpoint]) {
    const r = zaloRequestSchemas[kind].safeParse(body);
    if (r.success) return { ok: true, kind };
    if (!best || r.error.issues.length < best.issues.length) best = { issues: r.error.issues };
  }
  const problem = (best?.issues ?? [])
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`)
    .join('; ');
  return { ok: false, problem: problem || 'not a message this endpoint takes' };
}
