import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { CoreDeps, Module } from '../app/module.ts';
import { loadProvince } from '../province/province.ts';
import { areasRoutes } from './areas.routes.ts';
import { loadReferenceData } from './areas.service.ts';

/**
 * Communes and units (issue 18): the public reference lists under /api/areas and content/areas + content/units
 * loaded first, since quiz, surveys and the plan name units and communes. Other modules read them through the
 * functions areas.service.ts exports (names, resolvers, SQL fragments), never through the tables.
 */
export function createAreasModule(core: CoreDeps): Module {
  const contentDir = core.config.CONTENT_DIR;
  return {
    name: 'areas',
    routes: areasRoutes({ db: core.db, contentDir }),
    contentLoaders: [
      {
        name: 'areas',
        async load() {
          checkProvinceHasAreas(contentDir);
          return loadReferenceData(core.db, contentDir);
        },
      },
    ],
  };
}

/** province.yaml must name a province that has a current areas file: the identity and the communes go together. */
export function checkProvinceHasAreas(contentDir: string): void {
  const province = loadProvince(contentDir);
  const dir = path.join(contentDir, 'areas');
  const current = readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .map(
      (f) =>
        (parse(readFileSync(path.join(dir, f), 'utf8')) as { province?: { code?: string; status?: string } })
          ?.province,
    )
    .filter((p) => p && (p.status ?? 'active') === 'active')
    .map((p) => String(p!.code));
  if (!current.includes(province.code))
    throw new Error(
      `${path.join(contentDir, 'province.yaml')}: code ${province.code} has no current file in ${dir} (found: ${current.join(', ') || 'none'})`,
    );
}
