// The survey in chat as a step machine: invite, consent, commune, one question at a time, submit.
import type { ChatContext, ChatFeature } from '../chat/chat.types.ts';
import { normaliseCommand } from '../chat/command-text.ts';
import { AppError } from '../http/errors.ts';
import { buttonsFor, hide, hintFor, MAX_BUTTONS, show, text, tt } from './survey.chat.replies.ts';
import { viDay } from '../lib/report-periods.ts';
import { AGREE, CANCEL, chatValue, DISAGREE, INVITE, PAUSE, SKIP } from './survey.chat.words.ts';
import { askRememberCommune, onRememberCommune, responseAreaCode } from './survey.commune.ts';
import { communeByCode, matchCommunes } from './survey.commune-lookup.ts';
import { isShown, parseAnswer, type AnswerValue, type Answers } from './survey.answers.ts';
import { localized, type SurveyDefinition } from './survey.definition.ts';
import { newOptionSeed, shownQuestion } from './survey.shuffle.ts';
import type { SurveyDeps } from './surveys.deps.ts';
import {
  getCurrentDefinition,
  getDefinitionVersion,
  openDefinitions,
  surveyState,
} from './surveys.definitions.ts';
import { hasAnswered, submitResponse } from './surveys.service.ts';

/**
 * The survey in chat: invitation ("khảo sát" or a broadcast button `#survey:<id>`), consent, then one question at a
 * time with quick replies. Progress lives in `ctx.state.survey` (the conversation state), so a person can pause
 * ("dừng khảo sát") and later resume where they left off. Nothing reaches the survey tables until the last answer;
 * then the whole response is submitted at once through the same service as the mini-app.
 *
 * Plain "dừng"/"stop" are the chat's opt-out commands (handled before features), so pausing uses "dừng khảo sát".
 */

interface ChatSurveyState {
  id: string;
  version: number;
  step: 'consent' | 'commune' | 'commune_pick' | 'commune_save' | 'question';
  /** Index in definition.questions of the question being asked. */
  index: number;
  answers: Answers;
  areaCode: string | null;
  candidates?: string[];
  /** The commune came from the follower's profile (survey.commune.ts). */
  areaFromProfile?: boolean;
  paused?: boolean;
  /** Orders the knowledge options for this respondent (survey.shuffle.ts); absent in states saved before it. */
  seed?: number;
}

export function surveyChatFeature(deps: SurveyDeps): ChatFeature {
  return {
    name: 'survey',
    async handle(ctx, next) {
      const raw = ctx.text.trim();
      const cmd = normaliseCommand(raw);
      const st = ctx.state.survey as ChatSurveyState | undefined;
      const target = /^#survey:([a-z0-9][a-z0-9_-]*)$/i.exec(raw)?.[1]?.toLowerCase();
      if (target && !['stop', 'cancel', 'skip'].includes(target)) return start(deps, ctx, target);
      if (st && CANCEL.has(cmd)) return cancel(ctx);
      if (st && !st.paused && PAUSE.has(cmd)) return pause(ctx, st);
      if (INVITE.has(cmd)) return st ? resume(deps, ctx, st) : invite(deps, ctx);
      if (st && !st.paused) return answer(deps, ctx, st, raw, cmd);
      return next();
    },
  };
}

/**
 * Who answers, for the one-response rule: the app-scoped id when Zalo's events gave it, because that is the id the
 * mini-app knows too, so a person cannot answer once in chat and again in the mini-app.
 */
export function surveyPersonId(follower: ChatContext['follower']): string {
  return follower.userIdByApp ?? follower.zaloUserId;
}

async function invite(deps: SurveyDeps, ctx: ChatContext): Promise<void> {
  const open = await openDefinitions(deps.db, ctx.now);
  if (open.length === 0) return text(ctx, tt(ctx, 'none'));
  const pending = [];
  for (const s of open)
    if (!(await hasAnswered(deps, surveyPersonId(ctx.follower), s.id, ctx.now))) pending.push(s);
  if (pending.length === 0) return text(ctx, tt(ctx, 'allDone'));
  if (pending.length === 1) return start(deps, ctx, pending[0]!.id);
  const list = pending
    .map((s, i) => `${i + 1}. ${localized(s.definition.title, ctx.follower.language)}`)
    .join('\n');
  text(
    ctx,
    `${tt(ctx, 'choose')}\n${list}`,
    pending
      .slice(0, MAX_BUTTONS)
      .map((s) => hide(tt(ctx, `population.${s.definition.population}`), `#survey:${s.id}`)),
  );
}

async function start(deps: SurveyDeps, ctx: ChatContext, id: string): Promise<void> {
  const stored = await getCurrentDefinition(deps.db, id).catch((err: unknown) => {
    if (err instanceof AppError && err.code === 'not_found') return undefined;
    throw err;
  });
  if (!stored) return text(ctx, tt(ctx, 'unknown'));
  const def = stored.definition;
  if (surveyState(def, ctx.now) !== 'open')
    return text(ctx, tt(ctx, 'closed', { from: viDay(def.period.from), to: viDay(def.period.to) }));
  if (await hasAnswered(deps, surveyPersonId(ctx.follower), id, ctx.now))
    return text(ctx, tt(ctx, 'already'));
  const st: ChatSurveyState = {
    id,
    version: stored.version,
    step: 'consent',
    index: 0,
    answers: {},
    areaCode: null,
    seed: newOptionSeed(),
  };
  ctx.state.survey = st;
  askConsent(ctx, def);
}

function askConsent(ctx: ChatContext, def: SurveyDefinition): void {
  const lang = ctx.follower.language;
  text(ctx, `${localized(def.title, lang)}\n\n${localized(def.consent, lang)}`, [
    show(tt(ctx, 'agree')),
    show(tt(ctx, 'disagree')),
  ]);
}

function pause(ctx: ChatContext, st: ChatSurveyState): void {
  ctx.state.survey = { ...st, paused: true };
  text(ctx, tt(ctx, 'paused'));
}

function cancel(ctx: ChatContext): void {
  delete ctx.state.survey;
  text(ctx, tt(ctx, 'cancelled'));
}

async function resume(deps: SurveyDeps, ctx: ChatContext, st: ChatSurveyState): Promise<void> {
  const def = await definitionOf(deps, st);
  if (!def || surveyState(def, ctx.now) !== 'open') {
    delete ctx.state.survey;
    return invite(deps, ctx);
  }
  const resumed = { ...st, paused: false };
  ctx.state.survey = resumed;
  text(ctx, tt(ctx, 'resumed'));
  await askCurrent(deps, ctx, def, resumed);
}

async function definitionOf(deps: SurveyDeps, st: ChatSurveyState): Promise<SurveyDefinition | undefined> {
  return getDefinitionVersion(deps.db, st.id, st.version).then(
    (s) => s.definition,
    () => undefined,
  );
}

async function answer(
  deps: SurveyDeps,
  ctx: ChatContext,
  st: ChatSurveyState,
  raw: string,
  cmd: string,
): Promise<void> {
  const def = await definitionOf(deps, st);
  if (!def) {
    delete ctx.state.survey;
    return text(ctx, tt(ctx, 'unknown'));
  }
  switch (st.step) {
    case 'consent':
      return onConsent(deps, ctx, def, st, cmd);
    case 'commune':
      return onCommune(deps, ctx, def, st, raw, cmd);
    case 'commune_pick':
      return onCommunePick(deps, ctx, def, st, cmd);
    case 'commune_save':
      if ((await onRememberCommune(deps.db, ctx, st.areaCode, cmd)) === 'unclear')
        return askRememberCommune(ctx);
      return advance(deps, ctx, def, { ...st, step: 'question', index: -1 });
    case 'question':
      return onQuestion(deps, ctx, def, st, raw, cmd);
  }
}

async function onConsent(
  deps: SurveyDeps,
  ctx: ChatContext,
  def: SurveyDefinition,
  st: ChatSurveyState,
  cmd: string,
): Promise<void> {
  const agreeWord = normaliseCommand(tt(ctx, 'agree'));
  const disagreeWord = normaliseCommand(tt(ctx, 'disagree'));
  if (cmd === disagreeWord || DISAGREE.has(cmd)) {
    delete ctx.state.survey;
    return text(ctx, tt(ctx, 'declined'));
  }
  if (cmd !== agreeWord && !AGREE.has(cmd))
    return text(ctx, tt(ctx, 'consentAgain'), [show(tt(ctx, 'agree')), show(tt(ctx, 'disagree'))]);
  if (!def.askCommune) return advance(deps, ctx, def, { ...st, step: 'question', index: -1 });
  const profile = ctx.follower.areaCode ? await communeByCode(deps, ctx.follower.areaCode) : undefined;
  if (profile) {
    text(ctx, tt(ctx, 'communeFromProfile', { name: profile.name }));
    return advance(deps, ctx, def, {
      ...st,
      step: 'question',
      index: -1,
      areaCode: profile.code,
      areaFromProfile: true,
    });
  }
  ctx.state.survey = { ...st, step: 'commune' };
  text(ctx, tt(ctx, 'askCommune'), [show(tt(ctx, 'skip'))]);
}

async function onCommune(
  deps: SurveyDeps,
  ctx: ChatContext,
  def: SurveyDefinition,
  st: ChatSurveyState,
  raw: string,
  cmd: string,
): Promise<void> {
  if (SKIP.has(cmd) || cmd === normaliseCommand(tt(ctx, 'skip')))
    return advance(deps, ctx, def, { ...st, step: 'question', index: -1 });
  const matches = await matchCommunes(deps, cmd);
  if (matches.length === 1) return communeChosen(ctx, st, matches[0]!.code);
  if (matches.length === 0)
    return text(ctx, tt(ctx, 'communeNotFound', { text: raw.slice(0, 60) }), [show(tt(ctx, 'skip'))]);
  const shown = matches.slice(0, 9);
  ctx.state.survey = { ...st, step: 'commune_pick', candidates: shown.map((m) => m.code) };
  const list = shown
    .map((m, i) => `${i + 1}. ${m.name}${m.formerDistrict ? ` (${m.formerDistrict})` : ''}`)
    .join('\n');
  text(ctx, `${tt(ctx, 'communePick')}\n${list}`);
}

async function onCommunePick(
  deps: SurveyDeps,
  ctx: ChatContext,
  def: SurveyDefinition,
  st: ChatSurveyState,
  cmd: string,
): Promise<void> {
  const n = Number(/^\d+/.exec(cmd)?.[0]);
  const code = st.candidates?.[n - 1];
  if (!code) return onCommune(deps, ctx, def, { ...st, step: 'commune' }, cmd, cmd);
  return communeChosen(ctx, st, code);
}

/** The survey's commune question answered: ask once whether to keep it for the follower (survey.commune.ts). */
function communeChosen(ctx: ChatContext, st: ChatSurveyState, areaCode: string): void {
  ctx.state.survey = { ...st, step: 'commune_save', areaCode, candidates: undefined };
  askRememberCommune(ctx);
}

async function onQuestion(
  deps: SurveyDeps,
  ctx: ChatContext,
  def: SurveyDefinition,
  st: ChatSurveyState,
  raw: string,
  cmd: string,
): Promise<void> {
  const defined = def.questions[st.index];
  if (!defined) return advance(deps, ctx, def, st);
  const q = shownQuestion(defined, st.seed);
  if (SKIP.has(cmd) || cmd === normaliseCommand(tt(ctx, 'skip'))) {
    if (q.required) return text(ctx, tt(ctx, 'cannotSkip'), buttonsFor(ctx, q));
    return advance(deps, ctx, def, st);
  }
  const parsed = parseAnswer(q, chatValue(q, raw, cmd, ctx));
  if (!parsed.ok) return text(ctx, tt(ctx, 'invalid', { reason: parsed.message }), buttonsFor(ctx, q));
  return advance(deps, ctx, def, { ...st, answers: { ...st.answers, [q.id]: parsed.value } });
}

/** Moves to the next question shown by the skip logic, or submits when there is none. */
async function advance(
  deps: SurveyDeps,
  ctx: ChatContext,
  def: SurveyDefinition,
  st: ChatSurveyState,
): Promise<void> {
  let i = st.index + 1;
  while (i < def.questions.length && !isShown(def.questions[i]!, st.answers)) i++;
  if (i >= def.questions.length) return finish(deps, ctx, st);
  const nextState: ChatSurveyState = { ...st, step: 'question', index: i };
  ctx.state.survey = nextState;
  await askCurrent(deps, ctx, def, nextState);
}

async function askCurrent(
  deps: SurveyDeps,
  ctx: ChatContext,
  def: SurveyDefinition,
  st: ChatSurveyState,
): Promise<void> {
  if (st.step === 'consent') return askConsent(ctx, def);
  if (st.step === 'commune' || st.step === 'commune_pick')
    return text(ctx, tt(ctx, 'askCommune'), [show(tt(ctx, 'skip'))]);
  if (st.step === 'commune_save') return askRememberCommune(ctx);
  const defined = def.questions[st.index];
  if (!defined) return advance(deps, ctx, def, st);
  const q = shownQuestion(defined, st.seed);
  const lang = ctx.follower.language;
  const lines = [
    `${tt(ctx, 'progress', { n: st.index + 1, total: def.questions.length })}: ${localized(q.text, lang)}`,
  ];
  if (q.options) lines.push(...q.options.map((o, i) => `${i + 1}. ${localized(o.text, lang)}`));
  lines.push(hintFor(ctx, q));
  if (isFirstShown(def, st)) lines.push(tt(ctx, 'stopHint'));
  text(ctx, lines.join('\n'), buttonsFor(ctx, q));
}

function isFirstShown(def: SurveyDefinition, st: ChatSurveyState): boolean {
  return def.questions.slice(0, st.index).every((q) => !isShown(q, st.answers));
}

async function finish(deps: SurveyDeps, ctx: ChatContext, st: ChatSurveyState): Promise<void> {
  delete ctx.state.survey;
  try {
    await submitResponse(deps, {
      surveyId: st.id,
      version: st.version,
      zaloUserId: surveyPersonId(ctx.follower),
      channel: 'chat',
      consent: true,
      answers: st.answers as Record<string, AnswerValue>,
      areaCode: responseAreaCode(st, ctx.follower),
      language: ctx.follower.language,
      ...(st.seed === undefined ? {} : { optionSeed: st.seed }),
    });
    text(ctx, tt(ctx, 'thanks'));
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    text(
      ctx,
      err.code === 'conflict' && err.message === 'survey already answered'
        ? tt(ctx, 'already')
        : tt(ctx, 'failed', { reason: err.userMessage ?? '' }),
    );
  }
}
