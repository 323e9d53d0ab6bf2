import { z } from 'zod';
import { instant, itemsOf } from '../common.ts';

/** GET /api/console/me: the signed-in staff member, their permissions and the CSRF token of the session. */
export const me = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.string(),
  unitCode: z.string().nullable(),
  unitName: z.string().nullable(),
  provinceWide: z.boolean(),
  permissions: z.array(z.string()),
  csrfToken: z.string(),
});
export type Me = z.infer<typeof me>;

export const csrf = z.object({ csrfToken: z.string() });
export const loginRequest = z.object({ username: z.string(), password: z.string() });
export const login = z.object({ csrfToken: z.string(), expiresAt: instant });

/** First start: whether an administrator must still be created, and the form that creates one. */
export const setupNeeded = z.object({ needed: z.boolean() });
export const setupRequest = z.object({
  code: z.string(),
  username: z.string(),
  displayName: z.string(),
  password: z.string(),
});
export type SetupRequest = z.infer<typeof setupRequest>;

/** A staff account as the accounts page lists it. */
export const account = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.string(),
  unitCode: z.string().nullable(),
  active: z.boolean(),
  lockedUntil: instant.nullable(),
  createdAt: instant,
  updatedAt: instant,
});
export type Account = z.infer<typeof account>;
export const accounts = itemsOf(account);

/** One audit entry: who did what, when, from where. */
export const auditEntry = z.object({
  id: z.number(),
  at: instant,
  username: z.string().nullable(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  unitCode: z.string().nullable(),
  ip: z.string().nullable(),
  details: z.record(z.string(), z.unknown()).nullable(),
});
export type AuditEntry = z.infer<typeof auditEntry>;
export const auditPage = z.object({ items: z.array(auditEntry), total: z.number() });

/** Console settings: the OA connection's state and the session policy (read-only). */
export const settings = z.object({
  oa: z.object({
    status: z.enum(['ok', 'needs_reauth', 'not_configured', 'unknown']),
    detail: z.string().nullable(),
    oaId: z.string().nullable(),
    appId: z.string().nullable(),
    canReauthorise: z.boolean(),
  }),
  reauthorisationSteps: z.array(z.string()),
  session: z.object({
    idleMinutes: z.number(),
    maxHours: z.number(),
    lockoutAttempts: z.number(),
    lockoutMinutes: z.number(),
  }),
});
export type Settings = z.infer<typeof settings>;
/** Where to send the admin to grant the OA's permission, and until when that link's state is accepted. */
export const oauthStart = z.object({ url: z.string(), expiresAt: instant });
export type Accounts = z.infer<typeof accounts>;
export type AuditPage = z.infer<typeof auditPage>;
export type Csrf = z.infer<typeof csrf>;
export type SetupNeeded = z.infer<typeof setupNeeded>;
export type OauthStart = z.infer<typeof oauthStart>;
