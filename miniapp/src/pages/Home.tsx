import React, { useEffect, useState } from 'react';
import { Button, useNavigate } from 'zmp-ui';
import { useTranslation } from 'react-i18next';
import type { FaqSearch, FaqSearchHit, MiniappConfig } from '@cchc/contract/miniapp';
import type { CampaignList, CampaignSummary } from '@cchc/contract/quiz';
import type { OpenSurvey, OpenSurveys } from '@cchc/contract/surveys';
import { api } from '../api';
import { formatTime } from '../i18n';
import { openOaChat } from '../platform/zalo';
import { ErrorText, Screen } from './common';

/** Optional APIs (surveys, FAQ) may be absent on a backend without those modules: the section then hides. */
async function optional<T>(path: string): Promise<T | undefined> {
  try {
    return await api<T>(path);
  } catch {
    return undefined;
  }
}

export function HomePage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [campaigns, setCampaigns] = useState<CampaignSummary[]>();
  const [surveys, setSurveys] = useState<OpenSurvey[]>();
  const [oaId, setOaId] = useState<string>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    api<CampaignList>('/api/miniapp/quiz/campaigns').then((r) => setCampaigns(r.campaigns), setError);
    void optional<OpenSurveys>(`/api/miniapp/surveys?lang=${i18n.language}`).then((r) =>
      setSurveys(r?.surveys),
    );
    void optional<MiniappConfig>('/api/miniapp/config').then((r) => setOaId(r?.oaId ?? undefined));
  }, [i18n.language]);
  return (
    <Screen title={t('app.title')} back={false}>
      <section className="card">
        <h3>{t('home.contests')}</h3>
        <ErrorText error={error} />
        {campaigns?.length === 0 && <p className="muted">{t('home.noContests')}</p>}
        {campaigns?.map((c) => (
          <div key={c.id} style={{ marginBottom: 12 }}>
            <strong>{c.title}</strong>
            {c.currentRound && (
              <p className="muted">
                {t('home.round', { no: c.currentRound.no, title: c.currentRound.title })} ·{' '}
                {c.currentRound.status === 'open'
                  ? t('home.open', { time: formatTime(c.currentRound.closesAt, i18n.language) })
                  : c.currentRound.status === 'upcoming'
                    ? t('home.upcoming', { time: formatTime(c.currentRound.opensAt, i18n.language) })
                    : t('contest.statusClosed')}
              </p>
            )}
            <Button size="small" onClick={() => navigate(`/contest/${c.id}`)}>
              {t('home.join')}
            </Button>
          </div>
        ))}
      </section>
      {surveys !== undefined && (
        <section className="card">
          <h3>{t('home.surveys')}</h3>
          {surveys.length === 0 && <p className="muted">{t('home.noSurveys')}</p>}
          {surveys.map((s) => (
            <div key={s.id} style={{ marginBottom: 12 }} data-survey={s.id}>
              <strong>{s.title}</strong>
              {s.answered ? (
                <p className="ok">✓ {t('survey.answered')}</p>
              ) : (
                <p>
                  <Button size="small" onClick={() => navigate(`/survey/${s.id}`)}>
                    {t('survey.open')}
                  </Button>
                </p>
              )}
            </div>
          ))}
        </section>
      )}
      <FaqSearch />
      {oaId && (
        <div className="card">
          <Button variant="secondary" fullWidth onClick={() => void openOaChat(oaId)}>
            {t('home.chat')}
          </Button>
        </div>
      )}
    </Screen>
  );
}

function FaqSearch() {
  const { t, i18n } = useTranslation();
  const [q, setQ] = useState('');
  const [results, setResults] = useState<FaqSearchHit[] | null>();
  const search = async (e: React.FormEvent) => {
    e.preventDefault();
    const r = await optional<FaqSearch>(`/api/faq/search?q=${encodeURIComponent(q)}&lang=${i18n.language}`);
    setResults(r ? r.results : null);
  };
  return (
    <section className="card">
      <h3>{t('home.faq')}</h3>
      <form onSubmit={search} className="row">
        <input
          aria-label={t('home.faq')}
          style={{ flex: 1, padding: 10, borderRadius: 8, border: '1px solid #d6d9dc' }}
          value={q}
          placeholder={t('home.faqPlaceholder')}
          onChange={(e) => setQ(e.target.value)}
          maxLength={300}
        />
        <Button size="small" htmlType="submit">
          {t('home.faqSearch')}
        </Button>
      </form>
      {results === null && <p className="muted">{t('home.faqUnavailable')}</p>}
      {results?.length === 0 && <p className="muted">{t('home.faqNone')}</p>}
      <ul>
        {results?.map((r) => (
          <li key={r.id}>{r.title}</li>
        ))}
      </ul>
    </section>
  );
}
