import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { api, setCsrfToken, setUnauthorizedHandler } from './api';
import type { Me } from '@cchc/contract/console/auth';
import type { Csrf } from '@cchc/contract/console/auth';

interface AuthState {
  me: Me | null | undefined; // undefined while loading
  expired: boolean;
  login(username: string, password: string): Promise<void>;
  logout(): Promise<void>;
  can(permission: string): boolean;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [expired, setExpired] = useState(false);

  const loadMe = useCallback(async () => {
    try {
      const m = await api<Me>('/me');
      setCsrfToken(m.csrfToken);
      setMe(m);
    } catch {
      setMe(null);
    }
  }, []);

  useEffect(() => {
    setUnauthorizedHandler((reason) => {
      setExpired(reason === 'expired');
      setMe(null);
    });
    void loadMe();
  }, [loadMe]);

  const login = useCallback(
    async (username: string, password: string) => {
      const pre = await api<Csrf>('/auth/csrf');
      setCsrfToken(pre.csrfToken);
      await api('/auth/login', { method: 'POST', body: { username, password } });
      setExpired(false);
      await loadMe();
    },
    [loadMe],
  );

  const logout = useCallback(async () => {
    await api('/auth/logout', { method: 'POST' }).catch(() => undefined);
    setCsrfToken(undefined);
    setMe(null);
  }, []);

  const can = useCallback((permission: string) => Boolean(me?.permissions.includes(permission)), [me]);

  return <AuthContext.Provider value={{ me, expired, login, logout, can }}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}
