import path from 'node:path';
import { planDocument, type PlanDocument } from '@cchc/contract/console/plan';
import { readYamlFile } from '../lib/yaml-files.ts';

/**
 * The shape of content/plan/<year>.yaml lives in the shared contract: the console edits the same document, and the
 * server checks both with this one schema (issue 15).
 */
export const planFileSchema = planDocument;
export type PlanFile = PlanDocument;

export function planFilePath(contentDir: string, year: number): string {
  return path.join(contentDir, 'plan', `${year}.yaml`);
}

export function readPlanFile(contentDir: string, year: number): Promise<PlanFile> {
  return readYamlFile(planFilePath(contentDir, year), planFileSchema);
}
