// npm run content:check [-- --today YYYY-MM-DD] [--content DIR]: fails (exit 1) when any answer, question, survey or
// locale text cites a replaced legal document as current (content/legal/replaced.yaml; rule in src/legal/).
import { parseArgs } from 'node:util';
import { checkContent, formatResult } from '../src/legal/content-check.ts';

const { values } = parseArgs({
  options: { today: { type: 'string' }, content: { type: 'string', default: 'content' } },
});
const result = await checkContent(values.content!, values.today);
console.log(formatResult(result));
process.exitCode = result.problems.length > 0 ? 1 : 0;
