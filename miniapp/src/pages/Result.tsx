import React, { useEffect, useState } from 'react';
import { useParams } from 'zmp-ui';
import { useTranslation } from 'react-i18next';
import type { AttemptReview } from '@cchc/contract/quiz';
import { api } from '../api';
import { formatTime } from '../i18n';
import { ErrorText, Screen } from './common';

/** After the round closes: each question with the participant's choice, the right answer, why, and the source. */
export function ResultPage() {
  const { id } = useParams();
  const { t, i18n } = useTranslation();
  const [r, setR] = useState<AttemptReview>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    api<AttemptReview>(`/api/miniapp/quiz/attempts/${id}`).then(setR, setError);
  }, [id]);
  return (
    <Screen title={t('result.title')}>
      <ErrorText error={error} />
      {r && !r.review && (
        <p className="card">{t('result.notYet', { time: formatTime(r.resultsAt, i18n.language) })}</p>
      )}
      {r?.review && (
        <p className="card" data-testid="result-score">
          {t('submitted.score', { score: r.score, total: r.total })}
        </p>
      )}
      {r?.review?.map((q, n) => (
        <section className="card" key={q.id} data-testid="review-question">
          <p className="muted">
            {n + 1}.{' '}
            {q.isCorrect ? (
              <span className="ok">{t('result.right')}</span>
            ) : (
              <span className="error">{t('result.wrong')}</span>
            )}
          </p>
          <h3>{q.text}</h3>
          {q.options.map((o, i) => {
            const cls = q.correct.includes(i) ? ' correct' : q.chosen.includes(i) ? ' wrong' : '';
            return (
              <div key={i} className={`option${cls}`}>
                <span>{q.chosen.includes(i) ? '●' : '○'}</span>
                <span>{o}</span>
              </div>
            );
          })}
          {q.chosen.length === 0 && <p className="muted">{t('result.noAnswer')}</p>}
          <p>
            <strong>{t('result.explanation')}:</strong> {q.explanation}
          </p>
          <p className="muted">
            {t('result.source')}: {q.source}
          </p>
        </section>
      ))}
    </Screen>
  );
}
