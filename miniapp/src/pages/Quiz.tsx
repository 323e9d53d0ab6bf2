import React, { useCallback, useEffect, useRef, useState } from 'react';
import { Button, useNavigate, useParams } from 'zmp-ui';
import { useTranslation } from 'react-i18next';
import type { SubmitRequest, SubmitResult } from '@cchc/contract/quiz';
import { api, ApiError } from '../api';
import { storedAttempt, storeResult, type StoredAttempt } from '../attempt-store';
import { ErrorText, Screen } from './common';

/** Remaining time from the SERVER's deadline, corrected by the offset between the server's clock and this phone's. */
function useCountdown(a: StoredAttempt | undefined) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, []);
  if (!a) return 0;
  const offset = new Date(a.serverNow).getTime() - a.receivedAt;
  return Math.max(0, new Date(a.deadlineAt).getTime() - (now + offset));
}

const mmss = (ms: number) => {
  const s = Math.ceil(ms / 1000);
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
};

export function QuizPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [attempt] = useState(() => storedAttempt(id));
  const [answers, setAnswers] = useState<Record<string, number[]>>(() =>
    JSON.parse(sessionStorage.getItem(`answers:${id}`) ?? '{}'),
  );
  const [prediction, setPrediction] = useState('');
  const [index, setIndex] = useState(0);
  const [error, setError] = useState<unknown>();
  const submitting = useRef(false);
  const remaining = useCountdown(attempt);

  useEffect(() => sessionStorage.setItem(`answers:${id}`, JSON.stringify(answers)), [answers, id]);

  const submit = useCallback(
    async (auto: boolean) => {
      if (!attempt || submitting.current) return;
      submitting.current = true;
      try {
        const body: SubmitRequest = {
          answers: Object.entries(answers).map(([questionId, choices]) => ({ questionId, choices })),
          prediction: attempt.prediction
            ? prediction.trim() === '' && auto
              ? attempt.prediction.min
              : prediction.trim()
            : undefined,
        };
        const r = await api<SubmitResult>(`/api/miniapp/quiz/attempts/${attempt.id}/submit`, {
          method: 'POST',
          body,
        });
        storeResult(r);
        navigate(`/submitted/${attempt.id}`, { replace: true });
      } catch (err) {
        submitting.current = false;
        setError(err instanceof ApiError && err.fields.length ? new Error(err.message) : err);
      }
    },
    [attempt, answers, prediction, navigate],
  );

  // At zero the app submits what is answered; the server still accepts it within its grace period.
  useEffect(() => {
    if (attempt && remaining === 0) void submit(true);
  }, [remaining, attempt, submit]);

  if (!attempt) return <Screen title={t('app.error')}>{<p className="card">{t('app.error')}</p>}</Screen>;
  const total = attempt.questions.length;
  const onPrediction = index === total;
  const q = attempt.questions[index];
  const toggle = (qid: string, i: number, multiple: boolean) =>
    setAnswers((a) => {
      const cur = a[qid] ?? [];
      const next = multiple ? (cur.includes(i) ? cur.filter((x) => x !== i) : [...cur, i]) : [i];
      return { ...a, [qid]: next };
    });
  const unanswered = attempt.questions.filter((x) => !answers[x.id]?.length).length;
  return (
    <Screen title={t('quiz.question', { n: Math.min(index + 1, total), total })} back={false}>
      <div className={`countdown${remaining < 30_000 ? ' low' : ''}`} role="timer" aria-live="off">
        <span>{t('quiz.timeLeft')}</span>
        <span data-testid="countdown">{mmss(remaining)}</span>
      </div>
      {remaining === 0 && <p className="card">{t('quiz.timeUp')}</p>}
      {q && (
        <section className="card" data-question={q.id}>
          <p className="muted">{t(`quiz.${q.type}`)}</p>
          <h3>{q.text}</h3>
          {q.options.map((o, i) => {
            const selected = answers[q.id]?.includes(i) ?? false;
            return (
              <label key={i} className={`option${selected ? ' selected' : ''}`}>
                <input
                  type={q.type === 'multiple' ? 'checkbox' : 'radio'}
                  name={q.id}
                  checked={selected}
                  onChange={() => toggle(q.id, i, q.type === 'multiple')}
                />
                <span>{o}</span>
              </label>
            );
          })}
        </section>
      )}
      {onPrediction && (
        <section className="card">
          {attempt.prediction && (
            <label className="field">
              <span>
                <strong>{t('quiz.prediction')}:</strong> {attempt.prediction.text}
              </span>
              <input
                name="prediction"
                inputMode="numeric"
                value={prediction}
                onChange={(e) => setPrediction(e.target.value)}
                placeholder={t('quiz.predictionHint', {
                  min: attempt.prediction.min,
                  max: attempt.prediction.max,
                })}
              />
              <span className="muted">
                {t('quiz.predictionHint', { min: attempt.prediction.min, max: attempt.prediction.max })}
              </span>
            </label>
          )}
          {unanswered > 0 && <p className="muted">{t('quiz.unanswered', { n: unanswered })}</p>}
          <ErrorText error={error} />
          <Button fullWidth onClick={() => void submit(false)}>
            {t('quiz.submit')}
          </Button>
        </section>
      )}
      <div className="card row" style={{ justifyContent: 'space-between' }}>
        <Button variant="secondary" size="small" disabled={index === 0} onClick={() => setIndex(index - 1)}>
          {t('quiz.prev')}
        </Button>
        {!onPrediction && (
          <Button size="small" onClick={() => setIndex(index + 1)}>
            {t('quiz.next')}
          </Button>
        )}
      </div>
    </Screen>
  );
}
