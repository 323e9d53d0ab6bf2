import { z } from 'zod';
import { instant } from './common.ts';

/** The mini-app's identity API (/api/miniapp): a Zalo or dev login gives a session token; the phone exchange. */
export const miniappUser = z.object({
  zaloUserId: z.string(),
  name: z.string(),
  kind: z.enum(['zalo', 'dev']),
});
export type MiniappUser = z.infer<typeof miniappUser>;

export const miniappSession = z.object({ token: z.string(), expiresAt: instant, user: miniappUser });
export type MiniappSession = z.infer<typeof miniappSession>;
export const sessionRequest = z.object({ accessToken: z.string() });
export const devLoginRequest = z.object({ name: z.string() });
export const phoneRequest = z.object({ token: z.string(), accessToken: z.string() });
export const phoneResult = z.object({ phone: z.string() });
export const miniappConfig = z.object({ oaId: z.string().nullable(), miniappId: z.string().nullable() });
export const miniappMe = z.object({ user: miniappUser });

/** GET /api/areas/communes: every active commune, public. */
export const publicCommunes = z.object({
  communes: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      type: z.string().nullable(),
      formerDistrict: z.string().nullable(),
      province: z.string().nullable(),
    }),
  ),
});
export type PublicCommunes = z.infer<typeof publicCommunes>;

/** GET /api/faq/search?q&lang: the best FAQ topics for a question, titled in the asker's language (none if unsure). */
export const faqSearch = z.object({
  query: z.string(),
  results: z.array(z.object({ id: z.string(), title: z.string(), score: z.number() })),
});
export type FaqSearch = z.infer<typeof faqSearch>;
export type FaqSearchHit = FaqSearch['results'][number];
export type PhoneResult = z.infer<typeof phoneResult>;
export type MiniappConfig = z.infer<typeof miniappConfig>;
