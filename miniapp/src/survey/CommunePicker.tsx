import React, { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { folded } from './answers';

const SHOWN = 8;

/** Search-as-you-type over the province's communes; diacritics are optional in the search text. */
export function CommunePicker(props: {
  communes: { code: string; name: string }[];
  value: string | null;
  onChange: (code: string | null) => void;
}) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const index = useMemo(() => props.communes.map((c) => ({ ...c, key: folded(c.name) })), [props.communes]);
  const chosen = props.communes.find((c) => c.code === props.value);
  if (chosen)
    return (
      <div className="row" style={{ alignItems: 'center' }}>
        <span data-testid="commune-chosen">{t('survey.communeChosen', { name: chosen.name })}</span>
        <button type="button" className="chip" onClick={() => props.onChange(null)}>
          {t('survey.communeChange')}
        </button>
      </div>
    );
  const words = folded(q).split(' ').filter(Boolean);
  const hits = words.length ? index.filter((c) => words.every((w) => c.key.includes(w))).slice(0, SHOWN) : [];
  return (
    <div>
      <input
        name="communeSearch"
        className="search"
        value={q}
        placeholder={t('survey.communeSearch')}
        aria-label={t('survey.communeSearch')}
        onChange={(e) => setQ(e.target.value)}
        maxLength={100}
      />
      {words.length > 0 && hits.length === 0 && <p className="muted">{t('survey.communeNone')}</p>}
      <div className="row" style={{ marginTop: 8 }}>
        {hits.map((c) => (
          <button type="button" key={c.code} className="chip" onClick={() => props.onChange(c.code)}>
            {c.name}
          </button>
        ))}
      </div>
    </div>
  );
}
