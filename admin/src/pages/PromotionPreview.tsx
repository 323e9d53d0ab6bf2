import type { PromotionMessage } from '@cchc/contract/console/broadcasts';

/** Template text marks line breaks with <br>; shown as text, never as HTML. */
const lines = (s: string) => s.split(/<br\s*\/?>/i);

/**
 * How a follower sees the broadcast in Zalo: the promotion template's banner, header (the title), text blocks and
 * buttons, in the order Zalo shows them.
 */
export function PromotionPreview({ message }: { message: PromotionMessage }) {
  return (
    <div style={{ background: '#e2e9f1', padding: 16, borderRadius: 8 }} data-testid="promotion-preview">
      <div
        style={{
          background: '#fff',
          borderRadius: 12,
          maxWidth: 340,
          overflow: 'hidden',
          boxShadow: '0 1px 2px #0002',
        }}
      >
        {message.elements.map((e, i) => {
          switch (e.type) {
            case 'banner':
              return e.imageUrl ? (
                <img key={i} src={e.imageUrl} alt="" style={{ width: '100%', display: 'block' }} />
              ) : null;
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
          <div
            key={b.title}
            title={b.payload}
            style={{
              borderTop: '1px solid #eee',
              padding: 10,
              textAlign: 'center',
              color: '#0068ff',
              fontWeight: 500,
            }}
          >
            {b.title}
          </div>
        ))}
      </div>
      <div style={{ fontSize: 12, color: '#666', marginTop: 8 }}>
        Tin Truyền thông (promotion) của Zalo; người đang trong thời gian được trả lời miễn phí nhận dạng tin
        tư vấn.
      </div>
    </div>
  );
}
