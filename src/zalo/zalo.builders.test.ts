import { describe, expect, it } from 'vitest';
import {
  buildButtonsMessage,
  buildFileMessage,
  buildListMessage,
  buildMediaMessage,
  buildPromotionMessage,
  buildRequestUserInfoMessage,
  buildTextMessage,
  buildTransactionMessage,
  ZaloMessageInvalidError,
} from './zalo.messages.ts';
import { classifyRequest, zaloRequestSchemas } from './zalo.message-schemas.ts';

/**
 * Each fixture is the JSON an official SDK builds, copied field for field; the comment names the SDK file and line.
 * Java: zaloplatform/zalo-java-sdk src/test/java/v3/*.java; .NET: zaloplatform/ZaloDotNetSDK src/sdk/…;
 * PHP: zaloplatform/zalo-php-sdk src/Builder/MessageBuilder.php and README.md.
 */
const USER = '2468458835296197922';

describe('message builders against the official SDKs', () => {
  it('text: zalo-java-sdk SendTextCSMessage.java:27-35', () => {
    const sdk = { recipient: { user_id: USER }, message: { text: 'text_message' } };
    expect(buildTextMessage(USER, 'text_message')).toEqual(sdk);
    expect(classifyRequest('cs', sdk)).toEqual({ ok: true, kind: 'text' });
  });

  it('quoted text: zalo-php-sdk README.md:154-158 (MessageBuilder.php:532 adds quote_message_id)', () => {
    const sdk = {
      recipient: { user_id: USER },
      message: { text: 'quote message', quote_message_id: '93f8c4b28f589705ce4a' },
    };
    expect(buildTextMessage(USER, 'quote message', '93f8c4b28f589705ce4a')).toEqual(sdk);
  });

  it('text with buttons: ZaloDotNetSDK src/sdk/oa/ZaloClient.cs:377-408 with JsonUtils.cs:243-305 buttons', () => {
    const sdk = {
      recipient: { user_id: USER },
      message: {
        text: 'Chọn mục',
        attachment: {
          type: 'template',
          payload: {
            buttons: [
              { title: 'Open Link', type: 'oa.open.url', payload: { url: 'https://oa.zalo.me/home' } },
              { title: 'Query Show', type: 'oa.query.show', payload: '#callback_data' },
              { title: 'Open Phone', type: 'oa.open.phone', payload: { phone_code: '84123456789' } },
            ],
          },
        },
      },
    };
    const built = buildButtonsMessage(USER, 'Chọn mục', [
      { title: 'Open Link', type: 'oa.open.url', payload: 'https://oa.zalo.me/home' },
      { title: 'Query Show', type: 'oa.query.show', payload: '#callback_data' },
      { title: 'Open Phone', type: 'oa.open.phone', payload: '84123456789' },
    ]);
    expect(built).toEqual(sdk);
    expect(classifyRequest('cs', sdk)).toEqual({ ok: true, kind: 'buttons' });
  });

  it('image by url: zalo-java-sdk SendImageCSMessage.java:28-52', () => {
    const sdk = {
      recipient: { user_id: USER },
      message: {
        text: 'text_message',
        attachment: {
          type: 'template',
          payload: {
            template_type: 'media',
            elements: [{ media_type: 'image', url: 'https://stc-developers.zdn.vn/images/bg_1.jpg' }],
          },
        },
      },
    };
    expect(
      buildMediaMessage(USER, {
        text: 'text_message',
        imageUrl: 'https://stc-developers.zdn.vn/images/bg_1.jpg',
      }),
    ).toEqual(sdk);
    expect(classifyRequest('cs', sdk)).toEqual({ ok: true, kind: 'media' });
  });

  it('gif by attachment id with its size: ZaloDotNetSDK ZaloClient.cs:1463-1500', () => {
    const sdk = {
      recipient: { user_id: USER },
      message: {
        text: 'gif',
        attachment: {
          type: 'template',
          payload: {
            template_type: 'media',
            elements: [{ media_type: 'gif', attachment_id: 'gif-att-1', width: 120, height: 120 }],
          },
        },
      },
    };
    const built = buildMediaMessage(USER, {
      text: 'gif',
      mediaType: 'gif',
      attachmentId: 'gif-att-1',
      width: 120,
      height: 120,
    });
    expect(built).toEqual(sdk);
    expect(() => buildMediaMessage(USER, { mediaType: 'gif', imageUrl: 'https://x.test/a.gif' })).toThrow(
      /attachmentId/,
    );
  });

  it('list: zalo-php-sdk MessageBuilder.php:568-581, element default_action as ZaloDotNetSDK JsonUtils.cs:129-143', () => {
    const sdk = {
      recipient: { user_id: USER },
      message: {
        attachment: {
          type: 'template',
          payload: {
            template_type: 'list',
            elements: [
              {
                title: 'Open Link Google',
                subtitle: 'Search engine',
                image_url: 'https://img.icons8.com/bubbles/2x/google-logo.png',
                default_action: { type: 'oa.open.url', url: 'https://www.google.com' },
              },
            ],
            buttons: [{ title: 'Query Show', type: 'oa.query.show', payload: '#more' }],
          },
        },
      },
    };
    const built = buildListMessage(
      USER,
      [
        {
          title: 'Open Link Google',
          subtitle: 'Search engine',
          imageUrl: 'https://img.icons8.com/bubbles/2x/google-logo.png',
          url: 'https://www.google.com',
        },
      ],
      [{ title: 'Query Show', type: 'oa.query.show', payload: '#more' }],
    );
    expect(built).toEqual(sdk);
    expect(classifyRequest('cs', sdk)).toEqual({ ok: true, kind: 'list' });
  });

  it('file: zalo-java-sdk SendFileCSMessage.java:27-42', () => {
    const sdk = {
      recipient: { user_id: USER },
      message: { attachment: { type: 'file', payload: { token: 'token' } } },
    };
    expect(buildFileMessage(USER, 'token')).toEqual(sdk);
    expect(classifyRequest('cs', sdk)).toEqual({ ok: true, kind: 'file' });
  });

  it('request_user_info: zalo-java-sdk SendRequestUserInfoCSMessage.java:28-52', () => {
    const sdk = {
      recipient: { user_id: USER },
      message: {
        attachment: {
          type: 'template',
          payload: {
            template_type: 'request_user_info',
            elements: [
              {
                image_url: 'https://developers.zalo.me/web/static/zalo.png',
                title: 'Official Account',
                subtitle: 'Đang yêu cầu thông tin từ bạn',
              },
            ],
          },
        },
      },
    };
    const built = buildRequestUserInfoMessage(USER, {
      title: 'Official Account',
      subtitle: 'Đang yêu cầu thông tin từ bạn',
      imageUrl: 'https://developers.zalo.me/web/static/zalo.png',
    });
    expect(built).toEqual(sdk);
    expect(classifyRequest('cs', sdk)).toEqual({ ok: true, kind: 'request_user_info' });
  });

  // The element and button list of zalo-java-sdk SendPromotionMessage.java:28-103 (the same in SendTransactionMessage.java).
  const javaElements = [
    { type: 'banner', image_url: 'https://stc-developers.zdn.vn/images/bg_1.jpg' },
    { type: 'header', align: 'left', content: 'Trạng thái đơn hàng' },
    {
      type: 'text',
      align: 'left',
      content: '• Cảm ơn bạn đã mua hàng tại cửa hàng.<br>• Thông tin đơn hàng của bạn như sau:',
    },
    {
      type: 'table',
      content: [
        { key: 'Mã khách hàng', value: 'F-01332973223' },
        { key: 'Trạng thái', value: 'Đang giao', style: 'yellow' },
        { key: 'Giá tiền', value: '250,000đ' },
      ],
    },
    { type: 'text', align: 'center', content: 'Lưu ý điện thoại. Xin cảm ơn!' },
  ];
  const icon = 'https://stc-developers.zdn.vn/images/bg_1.jpg';
  const javaButtons = [
    {
      payload: { url: 'https://oa.zalo.me/home' },
      image_icon: icon,
      title: 'Kiểm tra lộ trình - default icon',
      type: 'oa.open.url',
    },
    { payload: 'kiểm tra giỏ hàng', image_icon: icon, title: 'Xem lại giỏ hàng', type: 'oa.query.show' },
    {
      payload: { phone_code: '84123456789' },
      image_icon: icon,
      title: 'Liên hệ tổng đài',
      type: 'oa.open.phone',
    },
  ];
  const input = {
    elements: [
      { type: 'banner' as const, imageUrl: 'https://stc-developers.zdn.vn/images/bg_1.jpg' },
      { type: 'header' as const, align: 'left' as const, content: 'Trạng thái đơn hàng' },
      {
        type: 'text' as const,
        align: 'left' as const,
        content: '• Cảm ơn bạn đã mua hàng tại cửa hàng.<br>• Thông tin đơn hàng của bạn như sau:',
      },
      {
        type: 'table' as const,
        rows: [
          { key: 'Mã khách hàng', value: 'F-01332973223' },
          { key: 'Trạng thái', value: 'Đang giao', style: 'yellow' },
          { key: 'Giá tiền', value: '250,000đ' },
        ],
      },
      { type: 'text' as const, align: 'center' as const, content: 'Lưu ý điện thoại. Xin cảm ơn!' },
    ],
    buttons: [
      {
        title: 'Kiểm tra lộ trình - default icon',
        type: 'oa.open.url' as const,
        payload: 'https://oa.zalo.me/home',
        imageIcon: icon,
      },
      {
        title: 'Xem lại giỏ hàng',
        type: 'oa.query.show' as const,
        payload: 'kiểm tra giỏ hàng',
        imageIcon: icon,
      },
      { title: 'Liên hệ tổng đài', type: 'oa.open.phone' as const, payload: '84123456789', imageIcon: icon },
    ],
  };

  it('promotion: zalo-java-sdk SendPromotionMessage.java:28-122', () => {
    const sdk = {
      recipient: { user_id: USER },
      message: {
        attachment: {
          type: 'template',
          payload: { elements: javaElements, buttons: javaButtons, template_type: 'promotion' },
        },
      },
    };
    expect(buildPromotionMessage(USER, input)).toEqual(sdk);
    expect(classifyRequest('promotion', sdk)).toEqual({ ok: true, kind: 'promotion' });
    expect(classifyRequest('cs', sdk).ok).toBe(false);
  });

  it('promotion banner by attachment id: zalo-php-sdk README.md:258-262', () => {
    const built = buildPromotionMessage(USER, {
      elements: [
        { type: 'banner', attachmentId: 'aERC3A0iYGgQ' },
        { type: 'header', content: '💥💥Ưu đãi thành viên Platinum💥💥' },
      ],
    });
    const payload = (built.message.attachment as { payload: { elements: unknown[] } }).payload;
    expect(payload.elements[0]).toEqual({ attachment_id: 'aERC3A0iYGgQ', type: 'banner' });
    expect(payload.elements[1]).toEqual({ content: '💥💥Ưu đãi thành viên Platinum💥💥', type: 'header' });
  });

  it('transaction: zalo-java-sdk SendTransactionMessage.java:28-123', () => {
    const sdk = {
      recipient: { user_id: USER },
      message: {
        attachment: {
          type: 'template',
          payload: {
            elements: javaElements,
            buttons: javaButtons,
            template_type: 'transaction_order',
            language: 'VI',
          },
        },
      },
    };
    expect(
      buildTransactionMessage(USER, { ...input, templateType: 'transaction_order', language: 'VI' }),
    ).toEqual(sdk);
    expect(classifyRequest('transaction', sdk)).toEqual({ ok: true, kind: 'transaction' });
    expect(classifyRequest('promotion', sdk).ok).toBe(false);
  });
});

describe('message schemas refuse what Zalo would', () => {
  it('the old button template (template_type "button") matches no kind', () => {
    const body = {
      recipient: { user_id: USER },
      message: {
        text: 'x',
        attachment: {
          type: 'template',
          payload: {
            template_type: 'button',
            buttons: [{ title: 'a', type: 'oa.query.hide', payload: '#a' }],
          },
        },
      },
    };
    for (const schema of Object.values(zaloRequestSchemas))
      expect(schema.safeParse(body).success).toBe(false);
  });

  it('builders refuse more than 5 buttons (zalo-php-sdk MessageBuilder.php MAX_ELEMENT), a template without header, two banners', () => {
    const b = { title: 'a', type: 'oa.query.hide' as const, payload: '#a' };
    expect(() => buildButtonsMessage(USER, 'x', Array(6).fill(b))).toThrow(ZaloMessageInvalidError);
    expect(() => buildButtonsMessage(USER, 'x', Array(5).fill(b))).not.toThrow();
    expect(() => buildPromotionMessage(USER, { elements: [{ type: 'text', content: 'x' }] })).toThrow(
      /header/,
    );
    expect(() =>
      buildPromotionMessage(USER, {
        elements: [
          { type: 'banner', imageUrl: 'https://x.test/a.png' },
          { type: 'header', content: 'h' },
          { type: 'banner', imageUrl: 'https://x.test/b.png' },
        ],
      }),
    ).toThrow(/banner/);
    expect(() =>
      buildPromotionMessage(USER, { elements: [{ type: 'header', content: 'h'.repeat(101) }] }),
    ).toThrow(ZaloMessageInvalidError);
    expect(() => buildTextMessage('', 'x')).toThrow(ZaloMessageInvalidError);
    expect(() => buildMediaMessage(USER, { imageUrl: 'javascript:alert(1)' })).toThrow(
      ZaloMessageInvalidError,
    );
  });
});
