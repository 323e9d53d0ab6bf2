import type { ListElement, MessageButton, OutboundMessage } from './zalo.port.ts';

/** Zalo's limit for a text message (DESIGN "Zalo platform facts"); longer texts must be split by the caller. */
export const ZALO_TEXT_LIMIT = 2000;

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

/**
 * Length as Zalo is assumed to count it: Unicode code points, so an emoji counts once. Vietnamese in NFC is
 * one code point per letter; decomposed (NFD) input counts its combining marks, so normalise before measuring.
 */
export function zaloTextLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** The `message` part of a v3 message body. */
export type ZaloMessageBody = Record<string, unknown>;

/** Turns an OutboundMessage into Zalo's v3 `message` object, rejecting what Zalo would refuse. */
export function toZaloMessage(message: OutboundMessage): ZaloMessageBody {
  switch (message.type) {
    case 'text':
      return textMessage(message.text, message.buttons);
    case 'list':
      return listMessage(message.elements, message.buttons);
    case 'image':
      return imageMessage(message);
  }
}

function checkText(field: string, text: string): void {
  if (text.trim().length === 0) throw new ZaloMessageInvalidError(field, 'is empty');
  const length = zaloTextLength(text);
  if (length > ZALO_TEXT_LIMIT) {
    throw new ZaloMessageInvalidError(field, `has ${length} characters, more than Zalo's ${ZALO_TEXT_LIMIT}`);
  }
}

function textMessage(text: string, buttons: MessageButton[] | undefined): ZaloMessageBody {
  checkText('text', text);
  if (!buttons || buttons.length === 0) return { text };
  return {
    text,
    attachment: {
      type: 'template',
      payload: { template_type: 'button', buttons: buttons.map(toZaloButton) },
    },
  };
}

function listMessage(elements: ListElement[], buttons: MessageButton[] | undefined): ZaloMessageBody {
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
  if (buttons && buttons.length > 0) payload.buttons = buttons.map(toZaloButton);
  return { attachment: { type: 'template', payload } };
}

function imageMessage(m: Extract<OutboundMessage, { type: 'image' }>): ZaloMessageBody {
  if (!m.imageUrl && !m.attachmentId)
    throw new ZaloMessageInvalidError('image', 'needs imageUrl or attachmentId');
  if (m.text !== undefined) checkText('text', m.text);
  const element = m.attachmentId
    ? { media_type: 'image', attachment_id: m.attachmentId }
    : { media_type: 'image', url: m.imageUrl };
  return {
    ...(m.text !== undefined ? { text: m.text } : {}),
    attachment: { type: 'template', payload: { template_type: 'media', elements: [element] } },
  };
}

/** Zalo wants an object payload for url/phone buttons and the plain query text for oa.query.*. */
function toZaloButton(b: MessageButton, i: number): Record<string, unknown> {
  if (b.title.trim().length === 0) throw new ZaloMessageInvalidError(`buttons[${i}].title`, 'is empty');
  if (b.payload.length === 0) throw new ZaloMessageInvalidError(`buttons[${i}].payload`, 'is empty');
  switch (b.type) {
    case 'oa.open.url':
      return { title: b.title, type: b.type, payload: { url: b.payload } };
    case 'oa.open.phone':
      return { title: b.title, type: b.type, payload: { phone_code: b.payload } };
    case 'oa.query.show':
    case 'oa.query.hide':
      return { title: b.title, type: b.type, payload: b.payload };
  }
}
