import { useState } from 'react';
import { Alert, Button, Modal, Space } from 'antd';
import { api, errorText } from '../../api';
import { formatDateTime } from '../../hooks';
import type { ConflictDetails, TopicContent, TopicDetail } from './faq.types';
import { VersionDiff } from './VersionDiff';

/** A save refused because someone else saved first: what the server said, and the way forward. */
export interface Conflict {
  message: string;
  details?: ConflictDetails;
}

/**
 * Shown when the server answers 409 to a save: the editor's text stays in the form; they compare it with the version
 * saved meanwhile, then either keep theirs (saved on top of the newer version, a deliberate choice) or reload.
 */
export function ConflictNotice({
  topicId,
  conflict,
  mine,
  onKeepMine,
  onTakeTheirs,
}: {
  topicId: string;
  conflict: Conflict;
  mine: TopicContent;
  onKeepMine: (latest: TopicDetail) => void;
  onTakeTheirs: (latest: TopicDetail) => void;
}) {
  const [latest, setLatest] = useState<TopicDetail>();
  const [error, setError] = useState<string>();
  const load = async () => {
    try {
      const d = await api<TopicDetail>(`/faq/topics/${encodeURIComponent(topicId)}`);
      setLatest(d);
      return d;
    } catch (err) {
      setError(errorText(err));
      return undefined;
    }
  };
  const who = conflict.details?.savedBy?.displayName;
  return (
    <>
      <Alert
        type="error"
        showIcon
        data-testid="faq-conflict"
        style={{ marginBottom: 16 }}
        message="Chưa lưu: người khác vừa lưu chủ đề này trước bạn"
        description={
          <>
            <div>{conflict.message}</div>
            {conflict.details && (
              <div style={{ marginTop: 4 }}>
                Phiên bản {conflict.details.latestVersion}
                {who ? ` của ${who}` : ''}, lúc {formatDateTime(conflict.details.savedAt)}. Nội dung bạn đang
                soạn vẫn còn nguyên trong biểu mẫu.
              </div>
            )}
            {error && <div>{error}</div>}
            <Space style={{ marginTop: 8 }} wrap>
              <Button onClick={() => void load()}>So sánh với phiên bản mới nhất</Button>
            </Space>
          </>
        }
      />
      <Modal
        open={latest !== undefined}
        width={860}
        title={latest ? `Phiên bản ${latest.latest.number} (đã lưu) và nội dung bạn đang soạn` : ''}
        onCancel={() => setLatest(undefined)}
        footer={
          latest && (
            <Space>
              <Button onClick={() => onTakeTheirs(latest)}>Bỏ nội dung của tôi, mở phiên bản mới nhất</Button>
              <Button type="primary" onClick={() => onKeepMine(latest)}>
                Giữ nội dung của tôi (lưu đè lên phiên bản {latest.latest.number})
              </Button>
            </Space>
          )
        }
      >
        {latest && (
          <VersionDiff
            before={latest.latest.content}
            after={mine}
            beforeLabel={`phiên bản ${latest.latest.number}`}
            afterLabel="nội dung của bạn"
          />
        )}
      </Modal>
    </>
  );
}
