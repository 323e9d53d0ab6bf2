import axios from 'axios';
import { z } from 'zod';
import { int4 } from '../http/input.ts';

/**
 * Length limits checked before anything is stored. TEXT_MAX is the limit Zalo documents for a text message
 * (2000 characters); the title and button limits are our own conservative choice for the list template
 * and button captions, so a preview never differs from what the phone shows. Verify against the live docs.
 */
export const CONTENT_LIMITS = { TEXT_MAX: 2000, TITLE_MAX: 100, BUTTON_TITLE_MAX: 30 } as const;

const nfc = (s: string) => s.normalize('NFC').trim();

const httpsUrl = z
  .url({ protocol: /^https?$/, error: 'Đường dẫn phải bắt đầu bằng http:// hoặc https://' })
  .max(2000, 'Đường dẫn quá dài');

const optionalText = (label: string) =>
  z
    .string()
    .transform(nfc)
    .pipe(
      z
        .string()
        .max(
          CONTENT_LIMITS.TEXT_MAX,
          `${label} vượt quá ${CONTENT_LIMITS.TEXT_MAX} ký tự (giới hạn của Zalo)`,
        ),
    )
    .optional()
    .nullable()
    .transform((v) => (v ? v : null));

/** What an editor writes; Vietnamese text is required, Khmer and English are optional translations. */
export const contentInputSchema = z
  .object({
    title: z
      .string()
      .transform(nfc)
      .pipe(
        z
          .string()
          .min(1, 'Cần có tiêu đề')
          .max(CONTENT_LIMITS.TITLE_MAX, `Tiêu đề vượt quá ${CONTENT_LIMITS.TITLE_MAX} ký tự`),
      ),
    textVi: z
      .string()
      .transform(nfc)
      .pipe(
        z
          .string()
          .min(1, 'Cần có nội dung tiếng Việt')
          .max(
            CONTENT_LIMITS.TEXT_MAX,
            `Nội dung tiếng Việt vượt quá ${CONTENT_LIMITS.TEXT_MAX} ký tự (giới hạn của Zalo)`,
          ),
      ),
    textKm: optionalText('Nội dung tiếng Khmer'),
    textEn: optionalText('Nội dung tiếng Anh'),
    imageUrl: httpsUrl.optional().nullable(),
    buttonTitle: z
      .string()
      .transform(nfc)
      .pipe(
        z
          .string()
          .max(CONTENT_LIMITS.BUTTON_TITLE_MAX, `Nhãn nút vượt quá ${CONTENT_LIMITS.BUTTON_TITLE_MAX} ký tự`),
      )
      .optional()
      .nullable(),
    buttonUrl: httpsUrl.optional().nullable(),
    themeCode: z.string().min(1).optional().nullable(),
    planYear: z.number().int().min(2000).max(2100).optional().nullable(),
    planItemNo: int4({ min: 1, label: 'Số mục kế hoạch' }).optional().nullable(),
    unitCode: z.string().min(1).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (Boolean(v.buttonTitle) !== Boolean(v.buttonUrl))
      ctx.addIssue({ code: 'custom', path: ['buttonUrl'], message: 'Nút cần có cả nhãn và đường dẫn' });
    if (v.planItemNo && !v.planYear)
      ctx.addIssue({ code: 'custom', path: ['planYear'], message: 'Cần chọn năm kế hoạch cho mục kế hoạch' });
  });

export type ContentInput = z.infer<typeof contentInputSchema>;

/** What a HEAD/GET of an image URL told us. */
export interface ImageProbeResult {
  status: number;
  contentType?: string;
}

/** Fetches the headers of a URL; injectable so tests use nock and benchmarks need no network. */
export type ImageProbe = (url: string) => Promise<ImageProbeResult>;

/** HEAD first; some servers refuse HEAD, then a GET of the first byte. Never downloads the whole image. */
export const httpImageProbe: ImageProbe = async (url) => {
  const opts = { timeout: 5_000, maxRedirects: 3, validateStatus: () => true };
  const head = await axios.head(url, opts);
  if (head.status !== 405 && head.status !== 501)
    return { status: head.status, contentType: String(head.headers['content-type'] ?? '') };
  const get = await axios.get(url, { ...opts, headers: { Range: 'bytes=0-0' }, responseType: 'stream' });
  (get.data as { destroy?: () => void }).destroy?.();
  return { status: get.status, contentType: String(get.headers['content-type'] ?? '') };
};

/** Returns a Vietnamese problem, or undefined when the URL answers with an image. */
export async function checkImageUrl(probe: ImageProbe, url: string): Promise<string | undefined> {
  let result: ImageProbeResult;
  try {
    result = await probe(url);
  } catch {
    return 'Không tải được ảnh từ đường dẫn đã nhập';
  }
  if (result.status < 200 || result.status >= 300) return `Đường dẫn ảnh trả về lỗi ${result.status}`;
  const type = (result.contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (!['image/jpeg', 'image/png', 'image/gif'].includes(type))
    return `Đường dẫn không phải ảnh (kiểu nội dung: ${type || 'không rõ'}); Zalo nhận ảnh JPG, PNG hoặc GIF`;
  return undefined;
}
