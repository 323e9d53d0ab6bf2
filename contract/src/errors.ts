import { z } from 'zod';

/** Stable error codes of the server's `AppError` (src/http/errors.ts); programs branch on these, never on text. */
export const ERROR_CODES = [
  'bad_request',
  'validation',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'gone',
  'payload_too_large',
  'unsupported_media_type',
  'rate_limited',
  'unavailable',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** One field problem in a 400 answer: where and what, in words a person understands. */
export const fieldProblem = z.object({ path: z.string(), message: z.string() });
export type FieldProblem = z.infer<typeof fieldProblem>;

/**
 * Every 4xx/5xx JSON answer: `{ error: { code, message, fields?, details? } }`. `message` is for people (Vietnamese);
 * `fields` comes with zod validation failures; `details` is a service's extra (e.g. `{ reason }` on a 401, or a
 * list of field problems for survey answers).
 */
export const errorEnvelope = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES),
    message: z.string().min(1),
    fields: z.array(fieldProblem).optional(),
    details: z.unknown().optional(),
  }),
});
export type ErrorEnvelope = z.infer<typeof errorEnvelope>;
