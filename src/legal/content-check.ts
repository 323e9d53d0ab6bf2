import path from 'node:path';
import { listFiles, readYamlFile } from '../lib/yaml-files.ts';
import { localDay } from '../lib/report-periods.ts';
import { surveyDefinitionSchema } from '../surveys/survey.definition.ts';
import { definitionWarnings } from '../surveys/survey.shuffle.ts';
import { createScanner, type Finding } from './citation-scan.ts';
import { allContentTexts } from './content-texts.ts';
import { loadRegister } from './replaced-law.ts';

/**
 * `npm run content:check`: every FAQ answer, quiz question, contest text, survey text and locale string is scanned
 * against content/legal/replaced.yaml (rule in citation-scan.ts). A citation of a confirmed replaced document, or an
 * outdated claim, made as current is a problem (the check fails); a citation of an unconfirmed row and a survey
 * definition warning (survey.shuffle.ts) are warnings.
 */
export interface ContentProblem {
  file: string;
  place: string;
  message: string;
}

export interface ContentCheckResult {
  scanned: number;
  problems: ContentProblem[];
  warnings: ContentProblem[];
}

function message(f: Finding): string {
  const what =
    f.kind === 'document'
      ? `cites ${f.ref}, replaced from ${f.from}`
      : `claim "${f.ref}" (outdated from ${f.from})`;
  return `${what}; now: ${f.now}. Sentence: "${f.sentence.slice(0, 160)}"`;
}

export async function checkContent(
  contentDir: string,
  today: string = localDay(new Date()),
): Promise<ContentCheckResult> {
  const register = await loadRegister(contentDir);
  const scanner = createScanner(register);
  const texts = await allContentTexts(contentDir, today);
  const problems: ContentProblem[] = [];
  const warnings: ContentProblem[] = [];
  for (const t of texts)
    for (const f of scanner.scan(t.text, t.asOf))
      (f.confirmed ? problems : warnings).push({
        file: path.relative(process.cwd(), t.file),
        place: t.place,
        message: message(f),
      });
  for (const file of await listFiles(path.join(contentDir, 'surveys'), ['.yaml', '.yml'])) {
    const def = await readYamlFile(file, surveyDefinitionSchema);
    for (const w of definitionWarnings(def))
      warnings.push({ file: path.relative(process.cwd(), file), place: 'questions', message: w });
  }
  return { scanned: texts.length, problems, warnings };
}

export function formatResult(r: ContentCheckResult): string {
  const line = (p: ContentProblem) => `  ${p.file} (${p.place}): ${p.message}`;
  return [
    `content:check: ${r.scanned} texts scanned, ${r.problems.length} problems, ${r.warnings.length} warnings`,
    ...(r.problems.length ? ['Problems:', ...r.problems.map(line)] : []),
    ...(r.warnings.length ? ['Warnings:', ...r.warnings.map(line)] : []),
  ].join('\n');
}
