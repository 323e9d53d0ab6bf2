import React, { useEffect, useState } from 'react';
import { useParams } from 'zmp-ui';
import { useTranslation } from 'react-i18next';
import type { PublicLeaderboard as Board } from '@cchc/contract/quiz';
import { api, ApiError } from '../api';
import { ErrorText, Screen } from './common';

/** The published leaderboard of a round: public columns only (the backend sends nothing else). */
export function BoardPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const [board, setBoard] = useState<Board>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    api<Board>(`/api/miniapp/quiz/rounds/${id}/leaderboard`).then(setBoard, (e) =>
      setError(e instanceof ApiError && e.status === 404 ? new Error(t('board.notPublished')) : e),
    );
  }, [id, t]);
  return (
    <Screen title={t('board.title')}>
      <section className="card">
        <ErrorText error={error} />
        {board && (
          <table className="board">
            <tbody>
              {board.rows.map((r, i) => (
                <tr key={i}>
                  <td>
                    {r.rank}
                    {r.tied ? ` (${t('board.tied')})` : ''}
                  </td>
                  <td>
                    {r.name}
                    <br />
                    <span className="muted">{r.unit ?? r.commune ?? ''}</span>
                  </td>
                  <td>{r.score}</td>
                  <td>{Math.round(r.durationMs / 1000)}s</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </Screen>
  );
}
