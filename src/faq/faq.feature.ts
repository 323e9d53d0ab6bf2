import type { Logger } from 'pino';
import type { Db } from '../db/client.ts';
import type { ChatContext, ChatFeature, Language } from '../chat/chat.types.ts';
import type { MessageButton, OutboundMessage } from '../zalo/zalo.port.ts';
import type { FaqTopic } from './knowledge-base.ts';
import type { FaqService } from './faq.service.ts';
import { recordUnanswered } from './unanswered.repository.ts';

export interface FaqFeatureDeps {
  db: Db;
  faq: FaqService;
  logger: Logger;
}

/** Consecutive unsure answers after which a person takes over. */
const LOW_TURNS_BEFORE_HANDOFF = 2;
const STREAK_KEY = 'faqLowStreak';
/** Zalo shows short button titles; longer ones are cut. */
const BUTTON_TITLE_MAX = 80;

/**
 * Answers citizens' questions from the knowledge base: confident → the answer with its source and official link;
 * unsure → "Ý bạn là:" with three topics; lost → an apology and a person (handed off after two such turns).
 */
export function createFaqFeature(deps: FaqFeatureDeps): ChatFeature {
  return {
    name: 'faq',
    async handle(ctx) {
      const text = ctx.text.trim();
      if (!/[\p{L}\p{N}]/u.test(text)) {
        ctx.reply({ type: 'text', text: ctx.t('faq:emptyQuestion') });
        return;
      }
      const chosen = deps.faq.topicForPayload(text);
      if (chosen) return answer(ctx, chosen);
      const result = deps.faq.match(text);
      if (result.band === 'high') return answer(ctx, deps.faq.kb.byId.get(result.topicId!)!);
      await remember(deps, ctx, text, result.suggestions, result.confidence);
      if (result.band === 'middle') return suggest(ctx, deps.faq, result.suggestions);
      await lost(ctx);
    },
  };
}

function answer(ctx: ChatContext, topic: FaqTopic): void {
  ctx.state[STREAK_KEY] = 0;
  ctx.reply(answerMessage(topic, ctx.follower.language, ctx.t));
}

/** The answer in the follower's language when translated, else Vietnamese with a one-line note in their language. */
export function answerMessage(topic: FaqTopic, lang: Language, t: ChatContext['t']): OutboundMessage {
  const translated = lang === 'vi' ? undefined : topic.translations[lang];
  const note = lang !== 'vi' && !translated ? t('faq:viOnlyNote') : '';
  const body = translated?.answer ?? topic.answer;
  const source = topic.sources[0] ? t('faq:source', { label: topic.sources[0].label }) : '';
  const text = [note, body, source].filter(Boolean).join('\n\n');
  const buttons: MessageButton[] = topic.link
    ? [{ title: shorten(topic.link.label), type: 'oa.open.url', payload: topic.link.url }]
    : [];
  return { type: 'text', text, ...(buttons.length ? { buttons } : {}) };
}

function suggest(ctx: ChatContext, faq: FaqService, ids: string[]): void {
  ctx.state[STREAK_KEY] = 0;
  const buttons: MessageButton[] = ids.map((id) => {
    const title = faq.titleOf(faq.kb.byId.get(id)!, ctx.follower.language);
    // The payload is the full title: it comes back as the citizen's next message and selects the topic.
    return { title: shorten(title), type: 'oa.query.show', payload: title };
  });
  ctx.reply({ type: 'text', text: ctx.t('faq:didYouMean'), buttons });
}

async function lost(ctx: ChatContext): Promise<void> {
  const streak = Number(ctx.state[STREAK_KEY] ?? 0) + 1;
  if (streak >= LOW_TURNS_BEFORE_HANDOFF) {
    ctx.state[STREAK_KEY] = 0;
    await ctx.requestHandoff('faq_low_confidence');
    ctx.reply({ type: 'text', text: ctx.t('faq:handoff') });
    return;
  }
  ctx.state[STREAK_KEY] = streak;
  ctx.reply({
    type: 'text',
    text: ctx.t('faq:notSure'),
    buttons: [{ title: ctx.t('faq:talkToOfficer'), type: 'oa.query.hide', payload: '#human' }],
  });
}

/** Logs the question for staff; a failure here must not cost the citizen their reply. */
async function remember(
  deps: FaqFeatureDeps,
  ctx: ChatContext,
  text: string,
  suggestions: string[],
  confidence: number,
) {
  try {
    await recordUnanswered(deps.db, { question: text, suggestions, confidence, now: ctx.now });
  } catch (err) {
    deps.logger.warn({ err, eventId: ctx.eventId }, 'faq unanswered log failed');
  }
}

function shorten(s: string): string {
  const chars = Array.from(s);
  return chars.length <= BUTTON_TITLE_MAX ? s : `${chars.slice(0, BUTTON_TITLE_MAX - 1).join('')}…`;
}
