import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { ContentFileError } from '../lib/yaml-files.ts';

/**
 * The province's identity (content/province.yaml): the one place its name, portals, OA name, hotline and offices are
 * written. Texts, pages and exports read it from here, so a province adopting the product edits a file, not code.
 */
const portal = z.object({
  name: z.string().min(1),
  url: z.url({ protocol: /^https$/, error: 'địa chỉ phải là https://…' }).nullable(),
  /** false: the address is not confirmed; texts name the portal but do not print the address. */
  confirmed: z.boolean().default(true),
});

export const provinceSchema = z
  .object({
    official_name: z.string().min(1),
    short_name: z.string().min(1),
    code: z.string().regex(/^\d{2}$/, 'mã tỉnh gồm 2 chữ số'),
    formed_from: z.array(z.string().min(1)).default([]),
    formed_on: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional(),
    people_committee: z.string().min(1),
    portals: z.object({ national: portal, city: portal, information: portal }),
    oa_name: z.string().min(1),
    hotline: z.string().min(1),
    offices: z.object({ one_stop_centre: z.string().min(1), commune_office: z.string().min(1) }),
  })
  .strict();

export type Province = z.infer<typeof provinceSchema>;

const cache = new Map<string, Province>();

/** Reads and checks content/province.yaml once per content folder; a bad file stops start-up naming the field. */
export function loadProvince(contentDir: string): Province {
  const file = path.join(contentDir, 'province.yaml');
  const hit = cache.get(file);
  if (hit) return hit;
  let data: unknown;
  try {
    data = parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ContentFileError(file, [`không đọc được: ${(err as Error).message}`]);
  }
  const result = provinceSchema.safeParse(data);
  if (!result.success)
    throw new ContentFileError(
      file,
      result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
    );
  cache.set(file, result.data);
  return result.data;
}

/** What a portal is called in a sentence: with its address only when the address is confirmed. */
export function portalText(p: Province['portals']['city']): string {
  return p.url && p.confirmed ? `${p.name} (${p.url})` : p.name;
}

/**
 * The values FAQ answers use as {{province.KEY}} (and the old {{local.*}} keys that named the province), flat.
 * Keys: official_name, short_name, people_committee, oa_name, hotline, national_portal, national_portal_url,
 * city_portal, information_portal, one_stop_centre, commune_office.
 */
export function provinceValues(p: Province): Record<string, string> {
  return {
    official_name: p.official_name,
    short_name: p.short_name,
    people_committee: p.people_committee,
    oa_name: p.oa_name,
    hotline: p.hotline,
    national_portal: p.portals.national.name,
    national_portal_url: p.portals.national.url ?? '',
    city_portal: portalText(p.portals.city),
    information_portal: portalText(p.portals.information),
    one_stop_centre: p.offices.one_stop_centre,
    commune_office: p.offices.commune_office,
  };
}

/** The public view (console and mini-app titles): names and confirmed addresses only. */
export function publicProvince(p: Province) {
  const link = (x: Province['portals']['city']) => ({ name: x.name, url: x.confirmed ? x.url : null });
  return {
    officialName: p.official_name,
    shortName: p.short_name,
    code: p.code,
    peopleCommittee: p.people_committee,
    oaName: p.oa_name,
    hotline: p.hotline,
    portals: {
      national: link(p.portals.national),
      city: link(p.portals.city),
      information: link(p.portals.information),
    },
  };
}
