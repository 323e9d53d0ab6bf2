import type { MessageButton, MessageKind, OutboundMessage, TemplateElement } from '../zalo/zalo.port.ts';
import { ZALO_HEADER_MAX, ZALO_TEMPLATE_TEXT_MAX, zaloTextLength } from '../zalo/zalo.message-schemas.ts';
import { CONTENT_LIMITS } from './content.limits.ts';

/** A content version as the sender renders it. */
export interface BroadcastContent {
  text: Record<string, string | null>;
  title: string;
  imageUrl: string | null;
  buttonTitle: string | null;
  buttonUrl: string | null;
  linkToken: string;
}

export interface RenderOptions {
  baseUrl?: string;
  /** "How to stop" line per language, added to promotion messages. */
  footers?: Partial<Record<string, string>>;
  /** Banner for items without an image (BROADCAST_DEFAULT_BANNER_URL); without one the template starts at the header. */
  defaultBannerUrl?: string;
}

/** The longest list-card subtitle (third-party v3 docs: 500 characters); longer texts go as text with a button. */
const LIST_SUBTITLE_MAX = 500;

/** The follower's language when a translation exists, Vietnamese otherwise. */
function pick(c: BroadcastContent, language: string | null): { lang: string; body: string } {
  const lang = language && c.text[language] ? language : 'vi';
  return { lang, body: c.text[lang] as string };
}

/** The tracked redirect (`/r/<token>?a=<area>`) when a public base URL is known, the plain link otherwise. */
function trackedLink(c: BroadcastContent, areaCode: string | null, baseUrl?: string): string | null {
  if (!c.buttonUrl) return null;
  if (!baseUrl) return c.buttonUrl;
  return `${baseUrl.replace(/\/$/, '')}/r/${c.linkToken}${areaCode ? `?a=${encodeURIComponent(areaCode)}` : ''}`;
}

function linkButtons(c: BroadcastContent, link: string | null): MessageButton[] | undefined {
  return c.buttonTitle && link ? [{ title: c.buttonTitle, type: 'oa.open.url', payload: link }] : undefined;
}

/** What one follower receives: a promotion template, or a consultation message inside the free reply window. */
export function renderBroadcast(
  c: BroadcastContent,
  kind: MessageKind,
  language: string | null,
  areaCode: string | null,
  options: RenderOptions = {},
): OutboundMessage {
  if (kind === 'promotion') return renderPromotion(c, language, areaCode, options);
  return buildMessage(c, language, areaCode, options.baseUrl, options.footers);
}

/**
 * The promotion template Zalo takes on /v3.0/oa/message/promotion (zalo-java-sdk SendPromotionMessage.java):
 * banner (the item's image, else the configured default, else none), header = title, the text in blocks of
 * at most 1000 characters, the opt-out line, and the item's link button.
 */
export function renderPromotion(
  c: BroadcastContent,
  language: string | null,
  areaCode: string | null,
  options: RenderOptions = {},
): Extract<OutboundMessage, { type: 'promotion' }> {
  const { lang, body } = pick(c, language);
  const banner = c.imageUrl ?? options.defaultBannerUrl;
  const footer = options.footers?.[lang] ?? options.footers?.vi;
  const elements: TemplateElement[] = [
    ...(banner ? [{ type: 'banner' as const, imageUrl: banner }] : []),
    { type: 'header', content: clip(c.title, ZALO_HEADER_MAX) },
    ...splitText(body, ZALO_TEMPLATE_TEXT_MAX).map((content) => ({
      type: 'text' as const,
      align: 'left' as const,
      content,
    })),
    ...(footer ? [{ type: 'text' as const, align: 'left' as const, content: toTemplateText(footer) }] : []),
  ];
  const buttons = linkButtons(c, trackedLink(c, areaCode, options.baseUrl));
  return { type: 'promotion', elements, ...(buttons ? { buttons } : {}) };
}

/** Consultation form: text with the link button, or a list card when there is an image and the text fits one. */
export function buildMessage(
  c: BroadcastContent,
  language: string | null,
  areaCode: string | null,
  baseUrl?: string,
  footers?: Partial<Record<string, string>>,
): OutboundMessage {
  const { lang, body } = pick(c, language);
  const footer = footers?.[lang] ?? footers?.vi;
  // the opt-out line is added only while the text stays within Zalo's limit
  const text =
    footer && body.length + footer.length + 2 <= CONTENT_LIMITS.TEXT_MAX ? `${body}\n\n${footer}` : body;
  const link = trackedLink(c, areaCode, baseUrl);
  const buttons = linkButtons(c, link);
  if (c.imageUrl && zaloTextLength(text) <= LIST_SUBTITLE_MAX)
    return {
      type: 'list',
      elements: [{ title: c.title, subtitle: text, imageUrl: c.imageUrl, ...(link ? { url: link } : {}) }],
      buttons,
    };
  return { type: 'text', text, ...(buttons ? { buttons } : {}) };
}

/** Template text takes `<br>` for a line break (every SDK example writes it so). */
function toTemplateText(s: string): string {
  return s.replace(/\r?\n/g, '<br>');
}

function clip(s: string, max: number): string {
  const points = Array.from(s);
  return points.length <= max ? s : `${points.slice(0, max - 1).join('')}…`;
}

/**
 * Splits the text into blocks of at most `max` code points (counted after `<br>` replaces line breaks),
 * cutting at a paragraph, then a line, then a space where one is near the end; never inside a surrogate pair.
 */
export function splitText(text: string, max: number): string[] {
  const blocks: string[] = [];
  let rest = text.trim();
  while (rest.length > 0) {
    const points = Array.from(rest);
    if (zaloTextLength(toTemplateText(rest)) <= max) {
      blocks.push(toTemplateText(rest));
      break;
    }
    // room for `<br>` growth: take a window whose converted form fits
    let take = max;
    while (take > 16 && zaloTextLength(toTemplateText(points.slice(0, take).join(''))) > max)
      take = Math.max(1, take - 16);
    const window = points.slice(0, take).join('');
    const cut = Math.max(window.lastIndexOf('\n\n'), window.lastIndexOf('\n'), window.lastIndexOf(' '));
    const head = cut > window.length / 2 ? window.slice(0, cut) : window;
    blocks.push(toTemplateText(head.trim()));
    rest = rest.slice(head.length).trim();
  }
  return blocks.filter((b) => b.length > 0);
}
