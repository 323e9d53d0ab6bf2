import { z } from 'zod';

/** An instant as JSON carries it: the server's `Date`, serialised by `res.json` (ISO 8601, UTC). */
export const instant = z.iso.datetime({ offset: true });

/** A `{ items: [...] }` list answer, the console's usual list shape. */
export const itemsOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

/** A local calendar day, YYYY-MM-DD. */
export const localDayText = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
