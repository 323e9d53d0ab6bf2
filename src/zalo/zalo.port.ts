/**
 * The contract every feature uses to send through the OA. The real implementation is the typed
 * axios client (zalo.client.ts); tests use the fake Zalo HTTP server or nock, never a mock of this interface.
 */

/** Zalo's message API families: consultation replies (free inside the interaction window), transaction, promotion. */
export type MessageKind = 'cs' | 'transaction' | 'promotion';

export interface MessageButton {
  title: string;
  type: 'oa.open.url' | 'oa.query.show' | 'oa.query.hide' | 'oa.open.phone';
  /** url for oa.open.url, the query text for oa.query.*, the number for oa.open.phone */
  payload: string;
  /** Icon shown on template buttons (promotion, transaction); Zalo uses its default icon when absent. */
  imageIcon?: string;
}

export interface ListElement {
  title: string;
  subtitle?: string;
  imageUrl?: string;
  /** open.url action on tap */
  url?: string;
}

/** One block of a promotion or transaction template (v3), in the order Zalo shows them. */
export type TemplateElement =
  | { type: 'banner'; imageUrl?: string; attachmentId?: string }
  | { type: 'header'; content: string; align?: 'left' | 'center' | 'right' }
  | { type: 'text'; content: string; align?: 'left' | 'center' | 'right' }
  | { type: 'table'; rows: { key: string; value: string; style?: string }[] };

/** Zalo's transaction template types (zalo-php-sdk src/Common/TransactionTemplateType.php). */
export const transactionTemplateTypes = [
  'transaction_billing',
  'transaction_order',
  'transaction_reward',
  'transaction_contract',
  'transaction_booking',
  'transaction_membership',
  'transaction_event',
  'transaction_transaction',
  'transaction_account',
  'transaction_internal',
  'transaction_partnership',
  'transaction_education',
  'transaction_rating',
] as const;
export type TransactionTemplateType = (typeof transactionTemplateTypes)[number];

/** What the bot sends; the builders (zalo.messages.ts) turn it into Zalo's v3 body. */
export type OutboundMessage =
  | { type: 'text'; text: string; buttons?: MessageButton[]; quoteMessageId?: string }
  | { type: 'list'; elements: ListElement[]; buttons?: MessageButton[] }
  | {
      type: 'image';
      imageUrl?: string;
      attachmentId?: string;
      text?: string;
      /** 'gif' needs an attachment id (uploaded) and its size */
      mediaType?: 'image' | 'gif';
      width?: number;
      height?: number;
    }
  | { type: 'file'; token: string }
  | { type: 'request_user_info'; title: string; subtitle: string; imageUrl: string }
  | { type: 'promotion'; elements: TemplateElement[]; buttons?: MessageButton[]; language?: 'VI' | 'EN' }
  | {
      type: 'transaction';
      templateType: TransactionTemplateType;
      language?: 'VI' | 'EN';
      elements: TemplateElement[];
      buttons?: MessageButton[];
    };

/** Which message kinds each v3 endpoint takes (SDK examples: cs for chat kinds, the templates on their own). */
export const kindsByEndpoint: Record<MessageKind, readonly OutboundMessage['type'][]> = {
  cs: ['text', 'list', 'image', 'file', 'request_user_info'],
  transaction: ['transaction'],
  promotion: ['promotion'],
};

export interface SendResult {
  messageId: string;
}

export interface ZaloMessenger {
  send(kind: MessageKind, userId: string, message: OutboundMessage): Promise<SendResult>;
}

/** Why Zalo refused: a type of its own for each family of error codes that changes what we do next. */
export type ZaloErrorCategory =
  | 'token' // -216/-220: access token invalid or expired → refresh, then retry once
  | 'window' // -230/-232/-305: outside the interaction window → use another message type or give up
  | 'quota' // -211/-218/-311: quota exhausted → stop for the period
  | 'rate_limited' // -32 → back off and retry
  | 'not_follower' // -213
  | 'restricted' // -217/-244: the citizen restricted the OA
  | 'night' // -234: this type cannot be sent 22:00–06:00
  | 'bad_params' // -201/-210: never retry (a rich reply falls back to plain text)
  | 'other';

export const zaloErrorCategories: Record<number, ZaloErrorCategory> = {
  [-216]: 'token',
  [-220]: 'token',
  [-230]: 'window',
  [-232]: 'window',
  [-305]: 'window',
  [-211]: 'quota',
  [-218]: 'quota',
  [-311]: 'quota',
  [-32]: 'rate_limited',
  [-213]: 'not_follower',
  [-217]: 'restricted',
  [-244]: 'restricted',
  [-234]: 'night',
  [-201]: 'bad_params',
  [-210]: 'bad_params',
};

/** Zalo answered (usually HTTP 200) with a non-zero `error`. Carries the endpoint, Zalo's code and description. */
export class ZaloApiError extends Error {
  readonly category: ZaloErrorCategory;
  constructor(
    readonly endpoint: string,
    readonly zaloCode: number,
    readonly description: string,
    readonly httpStatus?: number,
  ) {
    super(`Zalo ${endpoint} failed: ${zaloCode} ${description}`);
    this.name = 'ZaloApiError';
    this.category = zaloErrorCategories[zaloCode] ?? (httpStatus && httpStatus >= 500 ? 'other' : 'other');
  }
  /** Whether sending the same request again later can succeed. */
  get retryable(): boolean {
    if (this.httpStatus !== undefined && this.httpStatus >= 500) return true;
    return this.category === 'rate_limited' || this.category === 'token';
  }
}

/**
 * The request never got a Zalo answer: connection refused, reset, timeout. Always retryable.
 * `maybeDelivered` is true when the request may have reached Zalo (timeout, reset after sending): resending a
 * message then risks a duplicate, so the client does not resend it by itself and leaves that choice to the caller.
 */
export class ZaloNetworkError extends Error {
  readonly retryable = true;
  constructor(
    readonly endpoint: string,
    readonly reason: string,
    readonly maybeDelivered = false,
  ) {
    super(`Zalo ${endpoint} unreachable: ${reason}`);
    this.name = 'ZaloNetworkError';
  }
}
