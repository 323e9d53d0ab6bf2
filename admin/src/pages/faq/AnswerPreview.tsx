import { useEffect, useState } from 'react';
import { Alert, Segmented, Spin, Typography } from 'antd';
import { LinkOutlined } from '@ant-design/icons';
import { api, errorText } from '../../api';
import { ZaloButton, ZaloChat } from '../../components';
import { languageLabel, languages, type Lang, type PreviewResult, type TopicContent } from './faq.types';

/** Waits this long after the last keystroke before asking the server to render the message. */
const DEBOUNCE_MS = 400;

/** The server's rendering of the answer (locals filled, source line, buttons), refreshed as the editor types. */
function usePreview(content: TopicContent, lang: Lang) {
  const [result, setResult] = useState<PreviewResult>();
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(false);
  const key = JSON.stringify({ content, lang });
  useEffect(() => {
    let cancelled = false;
    const timer = setTimeout(() => {
      setLoading(true);
      api<PreviewResult>('/faq/preview', { method: 'POST', body: JSON.parse(key) as unknown })
        .then((r) => {
          if (cancelled) return;
          setResult(r);
          setError(undefined);
        })
        .catch((err: unknown) => !cancelled && setError(errorText(err)))
        .finally(() => !cancelled && setLoading(false));
    }, DEBOUNCE_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [key]);
  return { result, error, loading };
}

/** One text message from the OA with its buttons, drawn like the Zalo chat. */
export function ZaloTextMessage({ message }: { message: PreviewResult['message'] }) {
  return (
    <ZaloChat sender="Trợ lý CCHC (OA)">
      <div style={{ padding: 12, fontSize: 14, whiteSpace: 'pre-wrap' }} data-testid="preview-text">
        {message.text}
      </div>
      {message.buttons.map((b) => (
        <ZaloButton
          key={`${b.type}:${b.title}`}
          title={b.title}
          payload={b.payload}
          testId="preview-button"
          icon={b.type === 'oa.open.url' && <LinkOutlined style={{ marginRight: 6 }} />}
        />
      ))}
    </ZaloChat>
  );
}

/** "Xem trước trên Zalo": the message in the chosen language, its length against Zalo's limit, and what is wrong. */
export function AnswerPreview({
  content,
  lang,
  onLangChange,
}: {
  content: TopicContent;
  lang: Lang;
  onLangChange: (lang: Lang) => void;
}) {
  const { result, error, loading } = usePreview(content, lang);
  const over = result ? result.length > result.limit : false;
  return (
    <div data-testid="faq-preview">
      <Segmented<Lang>
        size="small"
        value={lang}
        onChange={onLangChange}
        options={languages.map((l) => ({ value: l, label: languageLabel[l] }))}
        style={{ marginBottom: 12 }}
      />
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 8 }} />}
      {!result && !error && <Spin />}
      {result && (
        <Spin spinning={loading} size="small">
          <ZaloTextMessage message={result.message} />
          <Typography.Text
            type={over ? 'danger' : 'secondary'}
            style={{ display: 'block', marginTop: 6, fontSize: 12 }}
            data-testid="preview-length"
          >
            {result.length.toLocaleString('vi-VN')}/{result.limit.toLocaleString('vi-VN')} ký tự của tin Zalo
          </Typography.Text>
          {result.problems.length > 0 && (
            <Alert
              type="warning"
              showIcon
              style={{ marginTop: 8 }}
              message="Cần sửa trước khi lưu"
              description={
                <ul style={{ margin: 0, paddingLeft: 18 }} data-testid="preview-problems">
                  {result.problems.map((p) => (
                    <li key={`${p.path}:${p.message}`}>{p.message}</li>
                  ))}
                </ul>
              }
            />
          )}
        </Spin>
      )}
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8, marginBottom: 0 }}>
        Đúng như người dân nhận trong Zalo: thông tin địa phương đã điền, dòng nguồn, nút liên kết và hai nút
        góp ý.
      </Typography.Paragraph>
    </div>
  );
}
