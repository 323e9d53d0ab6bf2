import { Router } from 'express';
import { z } from 'zod';
import type { FaqService } from './faq.service.ts';

const searchQuery = z.object({
  q: z
    .string({ error: 'Vui lòng nhập nội dung cần tìm (tham số q).' })
    .trim()
    .max(500, 'Nội dung tìm kiếm tối đa 500 ký tự.'),
  lang: z.enum(['vi', 'km', 'en']).default('vi'),
  limit: z.coerce.number().int().min(1).max(5).default(5),
});

/** Public FAQ search for the mini-app: the best topics for a query, titled in the asker's language. */
export function faqRoutes(deps: { faq: FaqService }): Router {
  const router = Router();
  router.get('/search', (req, res) => {
    const q = searchQuery.parse(req.query);
    const results = deps.faq.search(q.q, q.lang, q.limit);
    res.json({ query: q.q, results });
  });
  return router;
}
