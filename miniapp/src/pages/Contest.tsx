import React, { useCallback, useEffect, useState } from 'react';
import { Button, useNavigate, useParams } from 'zmp-ui';
import { useTranslation } from 'react-i18next';
import type { PhoneResult, PublicCommunes } from '@cchc/contract/miniapp';
import type { AttemptStart, CampaignView, RoundView } from '@cchc/contract/quiz';
import { api, ApiError } from '../api';
import { storeAttempt } from '../attempt-store';
import { formatTime } from '../i18n';
import { getAccessToken, getPhoneToken, insideZalo } from '../platform/zalo';
import { ErrorText, Screen } from './common';

/** Rules → registration with consent → rounds with the participant's attempts. */
export function ContestPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const [view, setView] = useState<CampaignView>();
  const [error, setError] = useState<unknown>();
  const load = useCallback(
    () => api<CampaignView>(`/api/miniapp/quiz/campaigns/${id}`).then(setView, setError),
    [id],
  );
  useEffect(() => void load(), [load]);
  if (!view) return <Screen title={t('app.loading')}>{<ErrorText error={error} />}</Screen>;
  return (
    <Screen title={view.campaign.title}>
      <section className="card">
        <h3>{t('contest.rules')}</h3>
        <div className="rules">{view.campaign.rules}</div>
      </section>
      {view.me.registered ? <Rounds view={view} /> : <Registration view={view} onDone={load} />}
    </Screen>
  );
}

function Registration({ view, onDone }: { view: CampaignView; onDone: () => void }) {
  const { t } = useTranslation();
  const fields = view.campaign.registration.fields;
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [consent, setConsent] = useState(false);
  // Off by default: the commune goes to the follower profile only when the citizen asks for it.
  const [rememberCommune, setRememberCommune] = useState(false);
  const [error, setError] = useState<unknown>();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [communes, setCommunes] = useState<PublicCommunes['communes']>([]);
  useEffect(() => {
    api<PublicCommunes>('/api/areas/communes').then(
      (r) => setCommunes(r.communes),
      () => undefined,
    );
  }, []);
  const set = (k: string, v: string) => setAnswers((a) => ({ ...a, [k]: v }));
  const phoneFromZalo = async () => {
    const [token, accessToken] = [await getPhoneToken(), await getAccessToken()];
    if (!token || !accessToken) return;
    const r = await api<PhoneResult>('/api/miniapp/phone', {
      method: 'POST',
      body: { token, accessToken },
    });
    set('phone', r.phone);
  };
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!consent) return setError(new Error(t('contest.consentRequired')));
    try {
      await api(`/api/miniapp/quiz/campaigns/${view.campaign.id}/registration`, {
        method: 'POST',
        body: {
          answers,
          consent,
          consentVersion: view.campaign.consentVersion,
          rememberCommune: rememberCommune && Boolean(answers.commune),
        },
      });
      onDone();
    } catch (err) {
      setError(err);
      if (err instanceof ApiError)
        setFieldErrors(Object.fromEntries(err.fields.map((f) => [f.path, f.message])));
    }
  };
  return (
    <form className="card" onSubmit={submit}>
      <h3>{t('contest.register')}</h3>
      {fields.map((f) => (
        <label className="field" key={f.key}>
          <span>
            {f.label} {f.required && <em className="muted">({t('contest.required')})</em>}
          </span>
          {f.key === 'commune' && communes.length > 0 ? (
            <select name={f.key} value={answers[f.key] ?? ''} onChange={(e) => set(f.key, e.target.value)}>
              <option value="" />
              {communes.map((c) => (
                <option key={c.code} value={c.code}>
                  {c.name}
                </option>
              ))}
            </select>
          ) : (
            <input
              name={f.key}
              value={answers[f.key] ?? ''}
              inputMode={f.key === 'phone' ? 'tel' : undefined}
              onChange={(e) => set(f.key, e.target.value)}
              maxLength={200}
            />
          )}
          {f.key === 'phone' && insideZalo() && (
            <Button size="small" variant="tertiary" onClick={() => void phoneFromZalo()}>
              {t('contest.getPhone')}
            </Button>
          )}
          {fieldErrors[f.key] && <span className="error">{fieldErrors[f.key]}</span>}
        </label>
      ))}
      {answers.commune && (
        <label className="option">
          <input
            type="checkbox"
            name="rememberCommune"
            checked={rememberCommune}
            onChange={(e) => setRememberCommune(e.target.checked)}
          />
          <span>{t('contest.rememberCommune')}</span>
        </label>
      )}
      <h4>{t('contest.consentTitle')}</h4>
      {/* The legal basis is named by the campaign's own consent text (a 2025 contest cites the decree of its time). */}
      <p className="muted">{t('contest.consentLegal')}</p>
      <div className="rules">{view.campaign.consentText}</div>
      <label className="option">
        <input
          type="checkbox"
          name="consent"
          checked={consent}
          onChange={(e) => {
            setConsent(e.target.checked);
            setError(undefined);
          }}
        />
        <span>{t('contest.consentAgree')}</span>
      </label>
      <ErrorText error={error} />
      <Button htmlType="submit" fullWidth>
        {t('contest.save')}
      </Button>
    </form>
  );
}

function Rounds({ view }: { view: CampaignView }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>();
  const start = async (round: RoundView) => {
    try {
      const a = await api<AttemptStart>(`/api/miniapp/quiz/rounds/${round.id}/attempts`, {
        method: 'POST',
      });
      storeAttempt(a);
      navigate(`/quiz/${a.id}`);
    } catch (err) {
      setError(err);
    }
  };
  const status = {
    open: t('contest.statusOpen'),
    upcoming: t('contest.statusUpcoming'),
    closed: t('contest.statusClosed'),
  };
  const visible = view.rounds.filter((r) => r.status !== 'upcoming').reverse();
  return (
    <section className="card">
      <p className="ok">{t('contest.registered')}</p>
      <h3>{t('contest.rounds')}</h3>
      <ErrorText error={error} />
      {visible.map((r) => {
        const mine = view.me.attempts.filter((a) => a.roundId === r.id);
        const active = mine.find((a) => a.status === 'active');
        const left = view.campaign.attemptsPerRound - mine.length;
        return (
          <div key={r.id} style={{ borderTop: '1px solid #eee', padding: '8px 0' }}>
            <strong>{r.title}</strong>{' '}
            <span className="muted">
              · {status[r.status]} · {formatTime(r.closesAt, i18n.language)}
            </span>
            {mine.map((a) => (
              <p key={a.id} className="muted">
                {a.status === 'expired'
                  ? t('contest.attemptExpired', { no: a.attemptNo })
                  : a.status === 'submitted'
                    ? t('contest.attemptLine', {
                        no: a.attemptNo,
                        score: a.score,
                        total: a.total,
                        seconds: Math.round((a.durationMs ?? 0) / 1000),
                      })
                    : null}
                {a.status === 'submitted' && r.resultsAvailable && (
                  <Button size="small" variant="tertiary" onClick={() => navigate(`/result/${a.id}`)}>
                    {t('contest.viewResult')}
                  </Button>
                )}
              </p>
            ))}
            {r.status === 'open' && (active || left > 0) && (
              <>
                {!active && <p className="muted">{t('contest.attemptsLeft', { n: left })}</p>}
                <Button onClick={() => void start(r)}>
                  {active ? t('contest.resume') : t('contest.start')}
                </Button>
              </>
            )}
            {r.status === 'open' && !active && left <= 0 && (
              <p className="muted">{t('contest.noAttemptsLeft')}</p>
            )}
            {r.published && (
              <Button size="small" variant="secondary" onClick={() => navigate(`/board/${r.id}`)}>
                {t('contest.leaderboard')}
              </Button>
            )}
          </div>
        );
      })}
    </section>
  );
}
