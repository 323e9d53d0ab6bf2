import type { i18n } from 'i18next';
import type { Logger } from 'pino';
import type { Db } from '../db/client.ts';
import type { ChatContext, ChatFeature, Language } from '../chat/chat.types.ts';
import type { MessageButton, OutboundMessage } from '../zalo/zalo.port.ts';
import type { FaqTopic } from './knowledge-base.ts';
import type { FaqService } from './faq.service.ts';
import type { DetectedLanguage } from './language.ts';
import { emojiIntent, smallTalkMessage } from './smalltalk.ts';
import { recordUnanswered } from './unanswered.repository.ts';
import { feedbackButtons, parseFeedbackPayload, recordFeedback } from './feedback.ts';

export interface FaqFeatureDeps {
  db: Db;
  faq: FaqService;
  logger: Logger;
  /** To reply in the language the question is written in; without it, replies use the follower's setting. */
  i18n?: i18n;
}

/** Consecutive unsure answers after which a person takes over. */
const LOW_TURNS_BEFORE_HANDOFF = 2;
const STREAK_KEY = 'faqLowStreak';
/** The last answer given ({topicId, question}): one feedback per answer, and "Chưa đúng" knows the question. */
const LAST_ANSWER_KEY = 'faqLastAnswer';
/** The question that got "Ý bạn là:" suggestions, so a chosen suggestion's answer is tied to it. */
const SUGGESTED_FOR_KEY = 'faqSuggestedFor';
/** Zalo shows short button titles; longer ones are cut. */
const BUTTON_TITLE_MAX = 80;

type Translate = ChatContext['t'];

/**
 * Answers citizens' questions from the knowledge base: confident → the answer with its source and official link, in
 * the question's language where translated; unsure → "Ý bạn là:" with three topics; small talk → a short friendly
 * reply (never an unsure turn, never a handoff); lost → an apology and a person (handed off after two such turns).
 */
export function createFaqFeature(deps: FaqFeatureDeps): ChatFeature {
  const tIn = (lang: Language, ctx: ChatContext): Translate =>
    deps.i18n && lang !== ctx.follower.language
      ? (key, options) => deps.i18n!.getFixedT(lang, 'chat')(key, options) as string
      : ctx.t;
  return {
    name: 'faq',
    async handle(ctx) {
      const text = ctx.text.trim();
      if (!/[\p{L}\p{N}]/u.test(text)) {
        const intent = emojiIntent(text);
        if (intent)
          ctx.reply(smallTalkMessage(deps.faq.corpora.smallTalk, intent, ctx.follower.language, ctx.t));
        else ctx.reply({ type: 'text', text: ctx.t('faq:emptyQuestion') });
        return;
      }
      const feedback = parseFeedbackPayload(text);
      if (feedback) return onFeedback(deps, ctx, feedback);
      const chosen = deps.faq.topicForPayload(text);
      if (chosen) {
        const asked = ctx.state[SUGGESTED_FOR_KEY];
        return answer(
          ctx,
          chosen,
          ctx.follower.language,
          ctx.t,
          undefined,
          typeof asked === 'string' ? asked : text,
        );
      }
      const result = deps.faq.match(text);
      const lang = replyLanguage(result.language, ctx.follower.language);
      const t = tIn(lang, ctx);
      if (result.kind === 'smalltalk' && result.intent) {
        ctx.reply(smallTalkMessage(deps.faq.corpora.smallTalk, result.intent, lang, t));
        return;
      }
      if (result.kind === 'answer') {
        answer(
          ctx,
          deps.faq.kb.byId.get(result.topicId!)!,
          lang,
          t,
          switchOffer(result.language, ctx, t),
          text,
        );
        return;
      }
      await remember(deps, ctx, text, result.suggestions, result.confidence);
      if (result.kind === 'suggest') {
        ctx.state[SUGGESTED_FOR_KEY] = text.slice(0, 500);
        return suggest(ctx, deps.faq, result.suggestions, lang, t);
      }
      await lost(ctx, t);
    },
  };
}

/**
 * The language of the reply: Khmer or English when the question is written in it; otherwise the follower's setting
 * (Vietnamese unless they chose another language, a choice a Vietnamese phrase copied from a form should not undo).
 */
export function replyLanguage(detected: DetectedLanguage, setting: Language): Language {
  return detected.lang !== 'vi' ? detected.lang : setting;
}

/** A quick reply to switch the follower's language when they clearly write in Khmer or English and chose another. */
function switchOffer(detected: DetectedLanguage, ctx: ChatContext, t: Translate): MessageButton | undefined {
  if (detected.lang === 'vi' || !detected.confident || detected.lang === ctx.follower.language)
    return undefined;
  return { title: shorten(t('language.offer')), type: 'oa.query.hide', payload: `#lang ${detected.lang}` };
}

function answer(
  ctx: ChatContext,
  topic: FaqTopic,
  lang: Language,
  t: Translate,
  offer: MessageButton | undefined,
  question: string,
): void {
  ctx.state[STREAK_KEY] = 0;
  delete ctx.state[SUGGESTED_FOR_KEY];
  ctx.state[LAST_ANSWER_KEY] = { topicId: topic.id, question: question.slice(0, 500), lang };
  ctx.reply(citizenAnswer(topic, lang, t, offer));
}

/** The answer as the citizen gets it: link button, the language offer when there is one, then the feedback replies. */
export function citizenAnswer(
  topic: FaqTopic,
  lang: Language,
  t: Translate,
  offer?: MessageButton,
): OutboundMessage {
  const message = answerMessage(topic, lang, t);
  if (message.type === 'text')
    message.buttons = [
      ...(message.buttons ?? []),
      ...(offer ? [offer] : []),
      ...feedbackButtons(topic.id, t),
    ];
  return message;
}

/** Counts a "Hữu ích / Chưa đúng" once per answer; a stale or repeated one is thanked but not counted. */
async function onFeedback(
  deps: FaqFeatureDeps,
  ctx: ChatContext,
  feedback: { helpful: boolean; topicId: string },
): Promise<void> {
  const last = ctx.state[LAST_ANSWER_KEY] as
    { topicId?: string; question?: string; lang?: Language } | undefined;
  const lang = last?.lang ?? ctx.follower.language;
  const t = deps.i18n && lang !== ctx.follower.language ? tIn(deps, lang, ctx) : ctx.t;
  if (last?.topicId === feedback.topicId) {
    delete ctx.state[LAST_ANSWER_KEY];
    try {
      await recordFeedback(deps.db, { ...feedback, lang, question: last.question, now: ctx.now });
    } catch (err) {
      deps.logger.warn({ err, eventId: ctx.eventId }, 'faq feedback not recorded');
    }
  }
  ctx.reply(
    feedback.helpful
      ? { type: 'text', text: t('faq:feedback.thanks') }
      : {
          type: 'text',
          text: t('faq:feedback.thanksWrong'),
          buttons: [{ title: t('faq:talkToOfficer'), type: 'oa.query.hide', payload: '#human' }],
        },
  );
}

function tIn(deps: FaqFeatureDeps, lang: Language, ctx: ChatContext): Translate {
  return deps.i18n && lang !== ctx.follower.language
    ? (key, options) => deps.i18n!.getFixedT(lang, 'chat')(key, options) as string
    : ctx.t;
}

/** The answer in the follower's language when translated, else Vietnamese with a one-line note in their language. */
export function answerMessage(topic: FaqTopic, lang: Language, t: Translate): OutboundMessage {
  const translated = lang === 'vi' ? undefined : topic.translations[lang];
  const note = lang !== 'vi' && !translated ? t('faq:viOnlyNote') : '';
  const review = lang === 'km' && translated && topic.kmReview === 'needed' ? t('faq:kmReviewNote') : '';
  const body = translated?.answer ?? topic.answer;
  const source = topic.sources[0] ? t('faq:source', { label: topic.sources[0].label }) : '';
  const text = [note, body, source, review].filter(Boolean).join('\n\n');
  const buttons: MessageButton[] = topic.link
    ? [{ title: shorten(topic.link.label), type: 'oa.open.url', payload: topic.link.url }]
    : [];
  return { type: 'text', text, ...(buttons.length ? { buttons } : {}) };
}

function suggest(ctx: ChatContext, faq: FaqService, ids: string[], lang: Language, t: Translate): void {
  ctx.state[STREAK_KEY] = 0;
  const buttons: MessageButton[] = ids.map((id) => {
    const title = faq.titleOf(faq.kb.byId.get(id)!, lang);
    // The payload is the full title: it comes back as the citizen's next message and selects the topic.
    return { title: shorten(title), type: 'oa.query.show', payload: title };
  });
  ctx.reply({ type: 'text', text: t('faq:didYouMean'), buttons });
}

async function lost(ctx: ChatContext, t: Translate): Promise<void> {
  const streak = Number(ctx.state[STREAK_KEY] ?? 0) + 1;
  if (streak >= LOW_TURNS_BEFORE_HANDOFF) {
    ctx.state[STREAK_KEY] = 0;
    await ctx.requestHandoff('faq_low_confidence');
    ctx.reply({ type: 'text', text: t('faq:handoff') });
    return;
  }
  ctx.state[STREAK_KEY] = streak;
  ctx.reply({
    type: 'text',
    text: t('faq:notSure'),
    buttons: [{ title: t('faq:talkToOfficer'), type: 'oa.query.hide', payload: '#human' }],
  });
}

/** Logs the question for staff (personal numbers scrubbed there); a failure must not cost the citizen their reply. */
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
