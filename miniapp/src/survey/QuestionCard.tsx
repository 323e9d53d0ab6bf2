import React, { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { FormQuestion as SurveyQuestionView } from '@cchc/contract/surveys';
import type { AnswerValue } from './answers';

/** One question as a card with quick answer buttons (options, a 1–5 scale, yes/no) or a text box. */
export function QuestionCard(props: {
  q: SurveyQuestionView;
  n: number;
  value: AnswerValue | undefined;
  error?: string;
  /** The first card the server refused: brought into view so the person sees why. */
  scrollHere?: boolean;
  onChange: (v: AnswerValue | undefined) => void;
}) {
  const { t } = useTranslation();
  const { q, value } = props;
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    if (props.scrollHere) ref.current?.scrollIntoView({ block: 'center' });
  }, [props.scrollHere, props.error]);
  const choice = (id: string, text: string, selected: boolean, onClick: () => void) => (
    <button
      type="button"
      key={id}
      data-option={id}
      className={`option${selected ? ' selected' : ''}`}
      aria-pressed={selected}
      onClick={onClick}
    >
      {text}
    </button>
  );
  let body: React.ReactNode;
  switch (q.type) {
    case 'single':
    case 'knowledge':
      body = q.options?.map((o) =>
        choice(o.id, o.text, value === o.id, () => props.onChange(value === o.id ? undefined : o.id)),
      );
      break;
    case 'multiple': {
      const cur = Array.isArray(value) ? value : [];
      body = q.options?.map((o) =>
        choice(o.id, o.text, cur.includes(o.id), () =>
          props.onChange(cur.includes(o.id) ? cur.filter((x) => x !== o.id) : [...cur, o.id]),
        ),
      );
      break;
    }
    case 'likert': {
      const { min, max, low, high } = q.scale ?? { min: 1, max: 5 };
      const steps = Array.from({ length: max - min + 1 }, (_, i) => min + i);
      body = (
        <>
          <div className="scale">
            {steps.map((s) => (
              <button
                type="button"
                key={s}
                className={`option${value === s ? ' selected' : ''}`}
                aria-pressed={value === s}
                onClick={() => props.onChange(s)}
              >
                {s}
              </button>
            ))}
          </div>
          {(low || high) && (
            <p className="muted row" style={{ justifyContent: 'space-between' }}>
              <span>
                {min} = {low}
              </span>
              <span>
                {max} = {high}
              </span>
            </p>
          )}
        </>
      );
      break;
    }
    case 'yesno':
      body = (
        <div className="scale">
          {choice('yes', t('survey.yes'), value === 'yes', () => props.onChange('yes'))}
          {choice('no', t('survey.no'), value === 'no', () => props.onChange('no'))}
        </div>
      );
      break;
    case 'text':
      body = (
        <textarea
          name={q.id}
          className="search"
          rows={3}
          maxLength={q.maxLength ?? 1000}
          placeholder={t('survey.textPlaceholder')}
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => props.onChange(e.target.value)}
        />
      );
  }
  return (
    <section
      ref={ref}
      className={`card${props.error ? ' invalid' : ''}`}
      data-survey-question={q.id}
      data-type={q.type}
    >
      <h3>
        {props.n}. {q.text} {q.required && <em className="muted">({t('survey.required')})</em>}
      </h3>
      {q.type === 'multiple' && <p className="muted">{t('survey.many')}</p>}
      {body}
      {props.error && (
        <p className="error" role="alert">
          {props.error}
        </p>
      )}
    </section>
  );
}
