import type { ContentVersion } from '@cchc/contract/console/broadcasts';
import { ZaloBanner, ZaloButton, ZaloChat } from '../../components';

/** How the item looks in the Zalo chat: a card with image, title, text and the button. */
export function ZaloPreview({ v }: { v: Partial<ContentVersion> }) {
  return (
    <ZaloChat maxWidth={320} testId="zalo-preview">
      {v.imageUrl && <ZaloBanner src={v.imageUrl} />}
      <div style={{ padding: 12 }}>
        {v.title && <div style={{ fontWeight: 600, marginBottom: 6 }}>{v.title}</div>}
        <div style={{ whiteSpace: 'pre-wrap', fontSize: 14 }}>{v.textVi || 'Nội dung tin…'}</div>
        <div style={{ fontSize: 12, color: '#888', marginTop: 6 }}>{(v.textVi ?? '').length}/2000 ký tự</div>
      </div>
      {v.buttonTitle && <ZaloButton title={v.buttonTitle} />}
    </ZaloChat>
  );
}
