import React, { useEffect, useState } from 'react';
import { Button, useNavigate, useParams } from 'zmp-ui';
import { useTranslation } from 'react-i18next';
import type { SurveyFormView } from '@cchc/contract/surveys';
import { api, ApiError } from '../api';
import { answersToSend, isShown, type Answers, type AnswerValue } from '../survey/answers';
import { CommunePicker } from '../survey/CommunePicker';
import { QuestionCard } from '../survey/QuestionCard';
import { ErrorText, Screen } from './common';

/** Consent first → the questions as one scrolling form → the commune → send; the server checks every answer. */
export function SurveyPage() {
  const { id } = useParams();
  const { t, i18n } = useTranslation();
  const [view, setView] = useState<SurveyFormView>();
  const [error, setError] = useState<unknown>();
  const [step, setStep] = useState<'consent' | 'form' | 'declined'>('consent');
  useEffect(() => {
    api<SurveyFormView>(`/api/miniapp/surveys/${id}?lang=${i18n.language}`).then(setView, setError);
  }, [id, i18n.language]);
  if (!view) return <Screen title={t('app.loading')}>{<ErrorText error={error} />}</Screen>;
  const { form } = view;
  if (view.answered)
    return (
      <Screen title={form.title}>
        <p className="card ok" data-testid="survey-answered">
          {t('survey.answered')}
        </p>
      </Screen>
    );
  return (
    <Screen title={form.title}>
      {step === 'consent' && (
        <section className="card">
          <h3>{t('survey.consentTitle')}</h3>
          <div className="rules" data-testid="survey-consent">
            {form.consent}
          </div>
          <div className="row" style={{ marginTop: 12 }}>
            <Button onClick={() => setStep('form')}>{t('survey.agree')}</Button>
            <Button variant="secondary" onClick={() => setStep('declined')}>
              {t('survey.decline')}
            </Button>
          </div>
        </section>
      )}
      {step === 'declined' && <p className="card">{t('survey.declined')}</p>}
      {step === 'form' && <SurveyForm view={view} />}
    </Screen>
  );
}

function SurveyForm({ view }: { view: SurveyFormView }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const { form } = view;
  const [answers, setAnswers] = useState<Answers>({});
  const [areaCode, setAreaCode] = useState<string | null>(view.defaultAreaCode);
  // Off by default: the commune goes to the follower profile only when the citizen asks for it.
  const [remember, setRemember] = useState(false);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<unknown>();
  const [already, setAlready] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const set = (qid: string, v: AnswerValue | undefined) => {
    setAnswers((a) => {
      const next = { ...a };
      if (v === undefined) delete next[qid];
      else next[qid] = v;
      return next;
    });
    setFieldErrors((f) => ({ ...f, [qid]: '' }));
    setError(undefined);
  };
  const submit = async () => {
    setSending(true);
    setError(undefined);
    try {
      await api(`/api/miniapp/surveys/${form.id}`, {
        method: 'POST',
        body: {
          consent: true,
          answers: answersToSend(form.questions, answers),
          version: form.version,
          language: i18n.language,
          ...(form.optionSeed === undefined ? {} : { optionSeed: form.optionSeed }),
          ...(form.askCommune && areaCode ? { areaCode, rememberCommune: remember } : {}),
        },
      });
      navigate(`/survey-done/${form.id}`, { replace: true });
    } catch (err) {
      setSending(false);
      if (err instanceof ApiError && err.status === 409 && /đã trả lời/.test(err.message))
        return setAlready(true);
      const perQuestion =
        err instanceof ApiError
          ? Object.fromEntries(
              err.fields
                .filter((f) => f.path.startsWith('answers.'))
                .map((f) => {
                  const qid = f.path.slice('answers.'.length);
                  // The message sits on the question's own card: "Câu này" reads better than the internal id.
                  return [qid, f.message.replace(`Câu "${qid}"`, t('survey.thisQuestion'))];
                }),
            )
          : {};
      setFieldErrors(perQuestion);
      setError(Object.keys(perQuestion).length ? new Error(t('survey.fixErrors')) : err);
    }
  };
  if (already)
    return (
      <p className="card ok" data-testid="survey-answered">
        {t('survey.answered')}
      </p>
    );
  const shown = form.questions.filter((q) => isShown(q, answers));
  const firstInvalid = shown.find((q) => fieldErrors[q.id])?.id;
  return (
    <>
      {shown.map((q, i) => (
        <QuestionCard
          key={q.id}
          q={q}
          n={i + 1}
          value={answers[q.id]}
          error={fieldErrors[q.id] || undefined}
          scrollHere={q.id === firstInvalid && !sending}
          onChange={(v) => set(q.id, v)}
        />
      ))}
      {form.askCommune && view.communes.length > 0 && (
        <section className="card">
          <h3>{t('survey.commune')}</h3>
          <CommunePicker communes={view.communes} value={areaCode} onChange={setAreaCode} />
          {areaCode && (
            <label className="option" style={{ marginTop: 12 }}>
              <input
                type="checkbox"
                name="rememberCommune"
                checked={remember}
                onChange={(e) => setRemember(e.target.checked)}
              />
              <span>{t('survey.remember')}</span>
            </label>
          )}
        </section>
      )}
      <section className="card">
        <ErrorText error={error} />
        <Button fullWidth disabled={sending} onClick={() => void submit()}>
          {sending ? t('survey.sending') : t('survey.submit')}
        </Button>
      </section>
    </>
  );
}
