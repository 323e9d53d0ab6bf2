/** Backend base URL: same origin when served by the backend (/miniapp), the backend's URL when deployed on Zalo. */
const base = (import.meta.env.VITE_API_BASE as string | undefined)?.replace(/\/$/, '') ?? '';

let token: string | undefined = sessionStorage.getItem('miniapp_token') ?? undefined;

export function setToken(t: string | undefined) {
  token = t;
  if (t) sessionStorage.setItem('miniapp_token', t);
  else sessionStorage.removeItem('miniapp_token');
}
export const hasToken = () => Boolean(token);

/** An error the backend explained, in the person's words (Vietnamese from the server). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fields: { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}

export async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
    credentials: 'include',
  });
  const text = await res.text();
  const data = text ? (JSON.parse(text) as unknown) : undefined;
  if (!res.ok) {
    type Fields = { path: string; message: string }[];
    const e = (data as { error?: { message?: string; fields?: Fields; details?: unknown } } | undefined)
      ?.error;
    // A zod 400 carries `fields`; a service's AppError may carry the same list as `details` (survey answers).
    const details = Array.isArray(e?.details)
      ? (e.details as Fields)
      : (e?.details as { fields?: Fields } | undefined)?.fields;
    throw new ApiError(res.status, e?.message ?? res.statusText, e?.fields ?? details ?? []);
  }
  return data as T;
}

/** Backend types the screens use (only what the participant API returns; never an answer key). */
export interface RoundView {
  id: string;
  no: number;
  title: string;
  opensAt: string;
  closesAt: string;
  status: 'upcoming' | 'open' | 'closed';
  resultsAvailable: boolean;
  published: boolean;
}
export interface CampaignSummary {
  id: string;
  title: string;
  audience: string;
  currentRound: RoundView | null;
}
export interface AttemptSummary {
  id: string;
  roundId: string;
  attemptNo: number;
  status: 'active' | 'submitted' | 'expired';
  score: number | null;
  total: number;
  durationMs: number | null;
  deadlineAt: string;
}
export interface CampaignView {
  campaign: {
    id: string;
    title: string;
    rules: string;
    attemptsPerRound: number;
    timeLimitSeconds: number;
    questionsPerRound: number;
    prediction: { text: string; min: number; max: number } | null;
    registration: { fields: { key: string; label: string; required: boolean; sensitive: boolean }[] };
    consentText: string;
    consentVersion: string;
  };
  rounds: RoundView[];
  me: { registered: boolean; registration: Record<string, string> | null; attempts: AttemptSummary[] };
}
export interface StartedAttempt {
  id: string;
  roundId: string;
  attemptNo: number;
  startedAt: string;
  deadlineAt: string;
  serverNow: string;
  graceSeconds: number;
  questions: { id: string; type: 'single' | 'multiple' | 'truefalse'; text: string; options: string[] }[];
  prediction: { text: string; min: number; max: number } | null;
}
export interface SubmitResult {
  attemptId: string;
  score: number;
  total: number;
  durationMs: number;
  resultsAt: string;
}
export interface AttemptReview extends AttemptSummary {
  resultsAt: string;
  review:
    | {
        id: string;
        text: string;
        options: string[];
        chosen: number[];
        correct: number[];
        isCorrect: boolean;
        explanation: string;
        source: string;
      }[]
    | null;
}

/** The survey form as the mini-app API gives it (src/surveys/survey.form.ts): no answer key, one language. */
export interface SurveyQuestionView {
  id: string;
  type: 'single' | 'multiple' | 'likert' | 'yesno' | 'text' | 'knowledge';
  text: string;
  required: boolean;
  options?: { id: string; text: string }[];
  scale?: { min: number; max: number; low?: string; high?: string };
  showIf?: { question: string; equals: string | number };
  maxLength?: number;
}
export interface SurveyFormView {
  form: {
    id: string;
    version: number;
    title: string;
    consent: string;
    anonymous: boolean;
    askCommune: boolean;
    optionSeed?: number;
    questions: SurveyQuestionView[];
  };
  communes: { code: string; name: string }[];
  defaultAreaCode: string | null;
  answered: boolean;
}
