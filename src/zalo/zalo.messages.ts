import type {
  ListElement,
  MessageButton,
  OutboundMessage,
  TemplateElement,
  TransactionTemplateType,
} from './zalo.port.ts';
import {
  ZALO_BUTTON_MAX,
  ZALO_TEXT_LIMIT,
  zaloRequestSchemas,
  zaloTextLength,
  type ZaloRequestKind,
} from './zalo.message-schemas.ts';

export { ZALO_TEXT_LIMIT, zaloTextLength } from './zalo.message-schemas.ts';

/**
 * One pure builder per message kind, each producing the v3 request (`{recipient, message}`) as Zalo's official
 * SDKs build it; the unit tests compare them with the SDKs' JSON. Each result is checked with its zod schema
 * (zalo.message-schemas.ts), so nothing leaves that Zalo would refuse for its shape.
 */

/** The message cannot be sent as built (empty, too long, missing image): rejected before any request. Never retryable. */
export class ZaloMessageInvalidError extends Error {
  readonly retryable = false;
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(`Zalo message invalid: ${field} ${problem}`);
    this.name = 'ZaloMessageInvalidError';
  }
}

/** The `message` part of a v3 message body. */
export type ZaloMessageBody = Record<string, unknown>;

/** A v3 message request body. */
export interface ZaloRequest {
  recipient: { user_id: string };
  message: ZaloMessageBody;
}

function checkText(field: string, text: string): void {
  if (text.trim().length === 0) throw new ZaloMessageInvalidError(field, 'is empty');
  const length = zaloTextLength(text);
  if (length > ZALO_TEXT_LIMIT) {
    throw new ZaloMessageInvalidError(field, `has ${length} characters, more than Zalo's ${ZALO_TEXT_LIMIT}`);
  }
}

/** Checks the request against its kind's schema; the first issue becomes the error. */
function checked(kind: ZaloRequestKind, body: ZaloRequest): ZaloRequest {
  const r = zaloRequestSchemas[kind].safeParse(body);
  if (r.success) return body;
  const issue = r.error.issues[0]!;
  throw new ZaloMessageInvalidError(issue.path.join('.') || kind, issue.message);
}

const to = (userId: string) => ({ user_id: userId });

/** Consultation text: `{text}` (zalo-java-sdk SendTextCSMessage.java; quote as in zalo-php-sdk MessageBuilder). */
export function buildTextMessage(userId: string, text: string, quoteMessageId?: string): ZaloRequest {
  checkText('text', text);
  const message = quoteMessageId ? { text, quote_message_id: quoteMessageId } : { text };
  return checked('text', { recipient: to(userId), message });
}

/** Text with buttons: a template attachment with only `buttons` (ZaloDotNetSDK sendListButtonMessagetoUserId). */
export function buildButtonsMessage(userId: string, text: string, buttons: MessageButton[]): ZaloRequest {
  checkText('text', text);
  const payload = { buttons: toZaloButtons(buttons) };
  return checked('buttons', {
    recipient: to(userId),
    message: { text, attachment: { type: 'template', payload } },
  });
}

export interface MediaInput {
  imageUrl?: string;
  attachmentId?: string;
  text?: string;
  mediaType?: 'image' | 'gif';
  width?: number;
  height?: number;
}

/** Image by URL or attachment id, or an uploaded gif with its size (zalo-java-sdk SendImageCSMessage.java). */
export function buildMediaMessage(userId: string, m: MediaInput): ZaloRequest {
  const mediaType = m.mediaType ?? 'image';
  if (!m.imageUrl && !m.attachmentId)
    throw new ZaloMessageInvalidError('image', 'needs imageUrl or attachmentId');
  if (mediaType === 'gif' && !m.attachmentId)
    throw new ZaloMessageInvalidError('gif', 'needs an attachmentId');
  if (m.text !== undefined) checkText('text', m.text);
  const element: Record<string, unknown> = m.attachmentId
    ? { media_type: mediaType, attachment_id: m.attachmentId }
    : { media_type: mediaType, url: m.imageUrl };
  if (m.width !== undefined) element.width = m.width;
  if (m.height !== undefined) element.height = m.height;
  const attachment = { type: 'template', payload: { template_type: 'media', elements: [element] } };
  const message = m.text !== undefined ? { text: m.text, attachment } : { attachment };
  return checked('media', { recipient: to(userId), message });
}

/** List template with optional buttons (zalo-php-sdk MessageBuilder `list`; default_action as ZaloDotNetSDK JsonUtils). */
export function buildListMessage(
  userId: string,
  elements: ListElement[],
  buttons?: MessageButton[],
): ZaloRequest {
  if (elements.length === 0) throw new ZaloMessageInvalidError('elements', 'is empty');
  const payload: Record<string, unknown> = {
    template_type: 'list',
    elements: elements.map((e, i) => {
      if (e.title.trim().length === 0) throw new ZaloMessageInvalidError(`elements[${i}].title`, 'is empty');
      return {
        title: e.title,
        ...(e.subtitle ? { subtitle: e.subtitle } : {}),
        ...(e.imageUrl ? { image_url: e.imageUrl } : {}),
        ...(e.url ? { default_action: { type: 'oa.open.url', url: e.url } } : {}),
      };
    }),
  };
  if (buttons && buttons.length > 0) payload.buttons = toZaloButtons(buttons);
  return checked('list', { recipient: to(userId), message: { attachment: { type: 'template', payload } } });
}

/** A file by the token `/v2.0/oa/upload/file` returned (zalo-java-sdk SendFileCSMessage.java). */
export function buildFileMessage(userId: string, token: string): ZaloRequest {
  return checked('file', {
    recipient: to(userId),
    message: { attachment: { type: 'file', payload: { token } } },
  });
}

/** Asks the citizen to share their contact details (zalo-java-sdk SendRequestUserInfoCSMessage.java). */
export function buildRequestUserInfoMessage(
  userId: string,
  e: { title: string; subtitle: string; imageUrl: string },
): ZaloRequest {
  const payload = {
    template_type: 'request_user_info',
    elements: [{ title: e.title, subtitle: e.subtitle, image_url: e.imageUrl }],
  };
  return checked('request_user_info', {
    recipient: to(userId),
    message: { attachment: { type: 'template', payload } },
  });
}

export interface TemplateInput {
  elements: TemplateElement[];
  buttons?: MessageButton[];
  language?: 'VI' | 'EN';
}

/** Promotion template: banner, header, text, table blocks and buttons (zalo-java-sdk SendPromotionMessage.java). */
export function buildPromotionMessage(userId: string, t: TemplateInput): ZaloRequest {
  const payload = templatePayload('promotion', t);
  return checked('promotion', {
    recipient: to(userId),
    message: { attachment: { type: 'template', payload } },
  });
}

/** Transaction template (zalo-java-sdk SendTransactionMessage.java; types from zalo-php-sdk TransactionTemplateType). */
export function buildTransactionMessage(
  userId: string,
  t: TemplateInput & { templateType: TransactionTemplateType },
): ZaloRequest {
  const payload = templatePayload(t.templateType, t);
  return checked('transaction', {
    recipient: to(userId),
    message: { attachment: { type: 'template', payload } },
  });
}

function templatePayload(templateType: string, t: TemplateInput): Record<string, unknown> {
  return {
    template_type: templateType,
    ...(t.language ? { language: t.language } : {}),
    elements: t.elements.map(toZaloElement),
    ...(t.buttons && t.buttons.length > 0 ? { buttons: toZaloButtons(t.buttons) } : {}),
  };
}

function toZaloElement(e: TemplateElement): Record<string, unknown> {
  switch (e.type) {
    case 'banner':
      return e.attachmentId
        ? { type: 'banner', attachment_id: e.attachmentId }
        : { type: 'banner', image_url: e.imageUrl };
    case 'header':
    case 'text':
      return { type: e.type, content: e.content, ...(e.align ? { align: e.align } : {}) };
    case 'table':
      return {
        type: 'table',
        content: e.rows.map((r) => ({ key: r.key, value: r.value, ...(r.style ? { style: r.style } : {}) })),
      };
  }
}

function toZaloButtons(buttons: MessageButton[]): Record<string, unknown>[] {
  if (buttons.length > ZALO_BUTTON_MAX)
    throw new ZaloMessageInvalidError(
      'buttons',
      `has ${buttons.length}, more than Zalo's ${ZALO_BUTTON_MAX}`,
    );
  return buttons.map(toZaloButton);
}

/** Zalo wants an object payload for url/phone buttons and the plain query text for oa.query.*. */
function toZaloButton(b: MessageButton, i: number): Record<string, unknown> {
  if (b.title.trim().length === 0) throw new ZaloMessageInvalidError(`buttons[${i}].title`, 'is empty');
  if (b.payload.length === 0) throw new ZaloMessageInvalidError(`buttons[${i}].payload`, 'is empty');
  const base = { title: b.title, type: b.type, ...(b.imageIcon ? { image_icon: b.imageIcon } : {}) };
  switch (b.type) {
    case 'oa.open.url':
      return { ...base, payload: { url: b.payload } };
    case 'oa.open.phone':
      return { ...base, payload: { phone_code: b.payload } };
    case 'oa.query.show':
    case 'oa.query.hide':
      return { ...base, payload: b.payload };
  }
}

/** The full v3 request for one OutboundMessage, through the builder of its kind. */
export function buildZaloRequest(userId: string, m: OutboundMessage): ZaloRequest {
  switch (m.type) {
    case 'text':
      return m.buttons && m.buttons.length > 0
        ? buildButtonsMessage(userId, m.text, m.buttons)
        : buildTextMessage(userId, m.text, m.quoteMessageId);
    case 'list':
      return buildListMessage(userId, m.elements, m.buttons);
    case 'image':
      return buildMediaMessage(userId, m);
    case 'file':
      return buildFileMessage(userId, m.token);
    case 'request_user_info':
      return buildRequestUserInfoMessage(userId, m);
    case 'promotion':
      return buildPromotionMessage(userId, m);
    case 'transaction':
      return buildTransactionMessage(userId, m);
  }
}

/** Turns an OutboundMessage into Zalo's v3 `message` object, rejecting what Zalo would refuse. */
export function toZaloMessage(message: OutboundMessage): ZaloMessageBody {
  return buildZaloRequest('0', message).message;
}

/** True when the message is more than plain text: the kind a plain-text fallback can stand in for. */
export function isRichMessage(m: OutboundMessage): boolean {
  return !(m.type === 'text' && (!m.buttons || m.buttons.length === 0));
}
