import React, { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { App, ZMPRouter, AnimationRoutes, Route, SnackbarProvider, Spinner, Box } from 'zmp-ui';
import 'zmp-ui/zaui.css';
import './app.css';
import './i18n';
import { useTranslation } from 'react-i18next';
import type { MiniappSession } from '@cchc/contract/miniapp';
import { api, hasToken, setToken } from './api';
import { getAccessToken, insideZalo } from './platform/zalo';
import { LoginPage } from './pages/Login';
import { HomePage } from './pages/Home';
import { ContestPage } from './pages/Contest';
import { QuizPage } from './pages/Quiz';
import { SubmittedPage } from './pages/Submitted';
import { ResultPage } from './pages/Result';
import { BoardPage } from './pages/Board';
import { SurveyPage } from './pages/Survey';
import { SurveyDonePage } from './pages/SurveyDone';

/** Signs in once: inside Zalo with the Zalo token (verified by the backend), in a browser with the dev login page. */
function useSession() {
  const [state, setState] = useState<'checking' | 'in' | 'out'>('checking');
  useEffect(() => {
    void (async () => {
      if (hasToken()) {
        try {
          await api('/api/miniapp/me');
          return setState('in');
        } catch {
          setToken(undefined);
        }
      }
      if (insideZalo()) {
        try {
          const accessToken = await getAccessToken();
          const s = await api<MiniappSession>('/api/miniapp/session', {
            method: 'POST',
            body: { accessToken },
          });
          setToken(s.token);
          return setState('in');
        } catch {
          return setState('out');
        }
      }
      setState('out');
    })();
  }, []);
  return { state, signedIn: () => setState('in') };
}

function Root() {
  const { t } = useTranslation();
  const session = useSession();
  if (session.state === 'checking')
    return (
      <Box className="center-screen">
        <Spinner />
        <p>{t('app.loading')}</p>
      </Box>
    );
  if (session.state === 'out') return <LoginPage onSignedIn={session.signedIn} />;
  return (
    <AnimationRoutes>
      <Route path="/" element={<HomePage />} />
      <Route path="/contest/:id" element={<ContestPage />} />
      <Route path="/quiz/:id" element={<QuizPage />} />
      <Route path="/submitted/:id" element={<SubmittedPage />} />
      <Route path="/result/:id" element={<ResultPage />} />
      <Route path="/board/:id" element={<BoardPage />} />
      <Route path="/survey/:id" element={<SurveyPage />} />
      <Route path="/survey-done/:id" element={<SurveyDonePage />} />
    </AnimationRoutes>
  );
}

function MiniApp() {
  return (
    <App>
      <SnackbarProvider>
        {/* memoryRouter: a production ZMPRouter only routes under /zapps/<APP_ID>, so it would render nothing at /miniapp. */}
        <ZMPRouter memoryRouter>
          <Root />
        </ZMPRouter>
      </SnackbarProvider>
    </App>
  );
}

createRoot(document.getElementById('app')!).render(
  <React.StrictMode>
    <MiniApp />
  </React.StrictMode>,
);
