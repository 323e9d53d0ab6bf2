import type { ContentVersion } from '@cchc/contract/console/broadcasts';

/** How the item looks in the Zalo chat: a card with image, title, text and the button. */
export function ZaloPreview({ v }: { v: Partial<ContentVersion> }) {
  return (
    <div style={{ background: '#e2e9f1', padding: 16, borderRadius: 8 }} data-testid="zalo-preview">
      <div
        style={{
          background: '#fff',
          borderRadius: 12,
          maxWidth: 320,
          overflow: 'hidden',
          boxShadow: '0 1px 2px #0002',
        }}
      >
        {v.imageUrl && <img src={v.imageUrl} alt="" style={{ width: '100%', display: 'block' }} />}
        <div style={{ padding: 12 }}>
          {v.title && <div style={{ fontWeight: 600, marginBottom: 6 }}>{v.title}</div>}
          <div style={{ whiteSpace: 'pre-wrap', fontSize: 14 }}>{v.textVi || 'Nội dung tin…'}</div>
          <div style={{ fontSize: 12, color: '#888', marginTop: 6 }}>
            {(v.textVi ?? '').length}/2000 ký tự
          </div>
        </div>
        {v.buttonTitle && (
          <div
            style={{
              borderTop: '1px solid #eee',
              padding: 10,
              textAlign: 'center',
              color: '#0068ff',
              fontWeight: 500,
            }}
          >
            {v.buttonTitle}
          </div>
        )}
      </div>
    </div>
  );
}
