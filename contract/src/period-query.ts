import { z } from 'zod';
import { customRange, DAY, parsePeriodKey } from './report-periods.ts';

/**
 * A zod schema for a period in an HTTP query: `period=2025-q1`, or `from=2025-01-01&to=2025-03-31` (inclusive).
 * Gives a Vietnamese message on bad input.
 */
export const periodQuerySchema = z
  .object({
    period: z.string().optional(),
    from: z.string().regex(DAY, 'Ngày bắt đầu phải có dạng YYYY-MM-DD').optional(),
    to: z.string().regex(DAY, 'Ngày kết thúc phải có dạng YYYY-MM-DD').optional(),
  })
  .transform((q, ctx) => {
    try {
      if (q.from && q.to) return customRange(q.from, q.to);
      if (q.period) return parsePeriodKey(q.period);
      return undefined;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'Kỳ báo cáo hoặc khoảng ngày không hợp lệ' });
      return z.NEVER;
    }
  });
