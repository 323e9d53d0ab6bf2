import React from 'react';
import { Button, useNavigate, useParams } from 'zmp-ui';
import { useTranslation } from 'react-i18next';
import { storedResult } from '../attempt-store';
import { formatTime } from '../i18n';
import { Screen } from './common';

export function SubmittedPage() {
  const { id } = useParams();
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const r = storedResult(id);
  return (
    <Screen title={t('submitted.title')} back={false}>
      <section className="card">
        <h2 className="ok">{t('submitted.title')}</h2>
        {r && (
          <>
            <p data-testid="score">{t('submitted.score', { score: r.score, total: r.total })}</p>
            <p>{t('submitted.duration', { seconds: Math.round(r.durationMs / 1000) })}</p>
            <p className="muted">
              {t('submitted.resultsAt', { time: formatTime(r.resultsAt, i18n.language) })}
            </p>
          </>
        )}
        <Button fullWidth onClick={() => navigate('/', { replace: true })}>
          {t('submitted.home')}
        </Button>
      </section>
    </Screen>
  );
}
