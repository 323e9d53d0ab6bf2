import { Alert, Result } from 'antd';
import { t } from './i18n';

/** What a page shows when its data did not load: "not ready" for modules not wired yet, else the server's message. */
export function LoadError({ status, error }: { status?: number; error?: string }) {
  if (!error) return null;
  if (status === 503) return <Result status="info" title={t.notReady} />;
  if (status === 403) return <Result status="403" title="403" subTitle={error} />;
  return <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />;
}

export function PageTitle({ children }: { children: string }) {
  return <h2 style={{ marginTop: 0, marginBottom: 16, fontWeight: 600 }}>{children}</h2>;
}
