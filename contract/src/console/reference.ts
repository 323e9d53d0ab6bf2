import { z } from 'zod';
import { itemsOf } from '../common.ts';

/** An administrative unit (department, commune people's committee...) and whether it is in the caller's scope. */
export const unit = z.object({
  code: z.string(),
  name: z.string(),
  kind: z.string(),
  parent: z.string().nullable(),
  area: z.string().nullable(),
  inScope: z.boolean(),
});
export type Unit = z.infer<typeof unit>;
export const units = itemsOf(unit);

/** A commune (area) and whether it is in the caller's scope. */
export const area = z.object({
  code: z.string(),
  name: z.string(),
  type: z.string().nullable(),
  formerDistrict: z.string().nullable(),
  province: z.string().nullable(),
  inScope: z.boolean(),
});
export type Area = z.infer<typeof area>;
export const areas = itemsOf(area);
export type Units = z.infer<typeof units>;
export type Areas = z.infer<typeof areas>;
