import React, { useState } from 'react';
import { Button } from 'zmp-ui';
import { useTranslation } from 'react-i18next';
import type { MiniappSession } from '@cchc/contract/miniapp';
import { api, setToken } from '../api';
import { insideZalo } from '../platform/zalo';
import { ErrorText, LanguageBar } from './common';

/** Outside Zalo: the development login (refused by a production backend). Inside Zalo: a retry message. */
export function LoginPage({ onSignedIn }: { onSignedIn: () => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [error, setError] = useState<unknown>();
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    try {
      const s = await api<MiniappSession>('/api/miniapp/dev-login', { method: 'POST', body: { name } });
      setToken(s.token);
      onSignedIn();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <div>
      <LanguageBar />
      <div className="card">
        <h2>{t('app.title')}</h2>
        {insideZalo() ? (
          <p className="error">{t('login.zaloFailed')}</p>
        ) : (
          <form onSubmit={submit}>
            <p className="muted">{t('login.devHint')}</p>
            <label className="field">
              <span>{t('login.name')}</span>
              <input
                name="name"
                value={name}
                onChange={(e) => setName(e.target.value)}
                required
                maxLength={100}
              />
            </label>
            <ErrorText error={error} />
            <Button htmlType="submit" fullWidth>
              {t('login.submit')}
            </Button>
          </form>
        )}
      </div>
    </div>
  );
}
