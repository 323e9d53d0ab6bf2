import { useCallback, useEffect, useState } from 'react';
import { api, errorText } from './api';

/** Loads a console API resource; `reload` after a change. */
export function useApi<T>(path: string, query?: Record<string, unknown>) {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [status, setStatus] = useState<number | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const key = JSON.stringify(query ?? {});
  const reload = useCallback(async () => {
    setLoading(true);
    try {
      setData(await api<T>(path, { query: JSON.parse(key) as Record<string, unknown> }));
      setError(undefined);
      setStatus(200);
    } catch (err) {
      setError(errorText(err));
      setStatus((err as { status?: number }).status);
    } finally {
      setLoading(false);
    }
  }, [path, key]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, error, status, loading, reload };
}

export const formatDateTime = (value: string | null | undefined) =>
  value ? new Date(value).toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' }) : '—';
