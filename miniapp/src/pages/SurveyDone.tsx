import React from 'react';
import { Button, useNavigate } from 'zmp-ui';
import { useTranslation } from 'react-i18next';
import { Screen } from './common';

export function SurveyDonePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Screen title={t('survey.thanksTitle')} back={false}>
      <section className="card">
        <h2 className="ok">{t('survey.thanksTitle')}</h2>
        <p data-testid="survey-thanks">{t('survey.thanks')}</p>
        <Button fullWidth onClick={() => navigate('/', { replace: true })}>
          {t('survey.home')}
        </Button>
      </section>
    </Screen>
  );
}
