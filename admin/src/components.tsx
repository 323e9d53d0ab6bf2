import type { ReactNode } from 'react';
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

/**
 * A message from the OA as a follower's phone shows it in the Zalo chat: the chat background and one white bubble
 * (banner, text, buttons go inside). Every "how it looks in Zalo" preview draws this, so they stay alike.
 */
export function ZaloChat({
  children,
  sender,
  note,
  maxWidth = 340,
  testId,
}: {
  children: ReactNode;
  /** The sender's name above the bubble, as the chat shows it. */
  sender?: string;
  /** A line under the bubble explaining the preview. */
  note?: ReactNode;
  maxWidth?: number;
  testId?: string;
}) {
  return (
    <div style={{ background: '#e2e9f1', padding: 16, borderRadius: 8 }} data-testid={testId}>
      {sender && <div style={{ fontSize: 12, color: '#555', marginBottom: 6 }}>{sender}</div>}
      <div
        style={{
          background: '#fff',
          borderRadius: 12,
          maxWidth,
          overflow: 'hidden',
          boxShadow: '0 1px 2px #0002',
        }}
      >
        {children}
      </div>
      {note && <div style={{ fontSize: 12, color: '#666', marginTop: 8 }}>{note}</div>}
    </div>
  );
}

/** The picture across the top of a Zalo message bubble. */
export function ZaloBanner({ src }: { src: string }) {
  return <img src={src} alt="" style={{ width: '100%', display: 'block' }} />;
}

/** One button under a Zalo message: a full-width row with the title in Zalo blue; `payload` shows on hover. */
export function ZaloButton({
  title,
  payload,
  icon,
  testId,
}: {
  title: string;
  payload?: string;
  icon?: ReactNode;
  testId?: string;
}) {
  return (
    <div
      title={payload}
      data-testid={testId}
      style={{
        borderTop: '1px solid #eee',
        padding: 10,
        textAlign: 'center',
        color: '#0068ff',
        fontWeight: 500,
      }}
    >
      {icon}
      {title}
    </div>
  );
}
