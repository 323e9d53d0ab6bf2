import React from 'react';
import { useNavigate } from 'zmp-ui';
import { useTranslation } from 'react-i18next';
import { languages, setLanguage } from '../i18n';

/** The language switch every screen shows (Vietnamese, Khmer, English). */
export function LanguageBar() {
  const { i18n, t } = useTranslation();
  return (
    <div className="lang" aria-label={t('app.language')}>
      {languages.map((l) => (
        <button key={l.code} aria-pressed={i18n.language === l.code} onClick={() => setLanguage(l.code)}>
          {l.label}
        </button>
      ))}
    </div>
  );
}

/**
 * A screen with its own title bar. zmp-ui's Header draws its back arrow with an icon font that is not bundled
 * (outside Zalo the glyph name shows as text), so the back button here is plain text.
 */
export function Screen(props: { title: string; back?: boolean; children: React.ReactNode }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <div className="page">
      <header className="titlebar">
        {(props.back ?? true) && (
          <button className="back" aria-label={t('app.back')} onClick={() => navigate(-1)}>
            ‹
          </button>
        )}
        <h1>{props.title}</h1>
      </header>
      <LanguageBar />
      {props.children}
    </div>
  );
}

export function ErrorText({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p className="error" role="alert">
      {error instanceof Error ? error.message : String(error)}
    </p>
  );
}
