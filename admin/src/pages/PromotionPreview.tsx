import type { PromotionMessage } from '@cchc/contract/console/broadcasts';
import { ZaloBanner, ZaloButton, ZaloChat } from '../components';

/** Template text marks line breaks with <br>; shown as text, never as HTML. */
const lines = (s: string) => s.split(/<br\s*\/?>/i);

/** Which followers get this template and which get a consultation message instead. */
const CONSULTATION_NOTE =
  'Tin Truyền thông (promotion) của Zalo; người đang trong thời gian được trả lời miễn phí nhận dạng tin tư vấn.';

/**
 * How a follower sees the broadcast in Zalo: the promotion template's banner, header (the title), text blocks and
 * buttons, in the order Zalo shows them.
 */
export function PromotionPreview({ message }: { message: PromotionMessage }) {
  return (
    <ZaloChat testId="promotion-preview" note={CONSULTATION_NOTE}>
      {message.elements.map((e, i) => {
        switch (e.type) {
          case 'banner':
            return e.imageUrl ? <ZaloBanner key={i} src={e.imageUrl} /> : null;
          case 'header':
            return (
              <div key={i} style={{ padding: '12px 12px 4px', fontWeight: 600, fontSize: 16 }}>
                {e.content}
              </div>
            );
          case 'text':
            return (
              <div key={i} style={{ padding: '4px 12px', fontSize: 14 }}>
                {lines(e.content).map((l, j) => (
                  <div key={j}>{l || '\u00a0'}</div>
                ))}
              </div>
            );
          case 'table':
            return (
              <table key={i} style={{ margin: '4px 12px', fontSize: 13 }}>
                <tbody>
                  {e.rows.map((r) => (
                    <tr key={r.key}>
                      <td style={{ color: '#888', paddingRight: 12 }}>{r.key}</td>
                      <td>{r.value}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            );
        }
      })}
      <div style={{ height: 8 }} />
      {(message.buttons ?? []).map((b) => (
        <ZaloButton key={b.title} title={b.title} payload={b.payload} />
      ))}
    </ZaloChat>
  );
}
