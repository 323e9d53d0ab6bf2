import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { renderPdf } from '../surveys/report.exports.ts';
import type { Block, ReportDocument, Run } from './period-report.content.ts';

const run = promisify(execFile);

/** Where LibreOffice is, if installed: SOFFICE_PATH, else the usual Debian paths; SOFFICE_PATH=none turns it off. */
export function findSoffice(): string | null {
  if (process.env.SOFFICE_PATH === 'none') return null;
  const candidates = [process.env.SOFFICE_PATH, '/usr/bin/soffice', '/usr/lib/libreoffice/program/soffice'];
  for (const c of candidates) {
    if (!c) continue;
    try {
      accessSync(c, constants.X_OK);
      return c;
    } catch {
      // not this one
    }
  }
  return null;
}

/**
 * DOCX → PDF with LibreOffice headless, so the PDF is the Word file as units will see it. Each call gets its own
 * profile directory (two conversions at once would otherwise fight over one) and a time limit.
 */
export async function docxToPdf(soffice: string, docx: Buffer): Promise<Buffer> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cchc-report-'));
  try {
    const input = path.join(dir, 'bao-cao.docx');
    await writeFile(input, docx);
    await run(
      soffice,
      [
        `-env:UserInstallation=file://${dir}/profile`,
        '--headless',
        '--convert-to',
        'pdf',
        '--outdir',
        dir,
        input,
      ],
      { timeout: 120_000 },
    );
    return await readFile(path.join(dir, 'bao-cao.pdf'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function runsHtml(runs: Run[]): string {
  return runs
    .map((r) => {
      let t = esc(r.text);
      if (r.bold) t = `<b>${t}</b>`;
      if (r.italic) t = `<i>${t}</i>`;
      return r.footnote ? `${t}<sup>${r.footnote}</sup>` : t;
    })
    .join('');
}

function blockHtml(b: Block): string {
  switch (b.kind) {
    case 'heading':
      return `<p class="h"><b>${esc(b.text)}</b></p>`;
    case 'subheading':
      return `<p class="h"><b>${esc(b.text)}</b>${b.footnote ? `<sup>${b.footnote}</sup>` : ''}</p>`;
    case 'para':
      return `<p>${runsHtml(b.runs)}</p>`;
    case 'table':
      return `<table class="data"><thead><tr>${b.header.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${b.rows
        .map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`)
        .join('')}</tbody></table>`;
  }
}

/** The same document as self-contained HTML (the PDF fallback when LibreOffice is not installed). */
export function reportHtml(d: ReportDocument): string {
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>${esc(d.title)} ${esc(d.subtitle)}</title>
<style>
@page { size: A4; margin: 20mm 15mm 20mm 30mm; }
body { font-family: "Times New Roman", Times, serif; font-size: 14pt; line-height: 1.3; }
.head { display: grid; grid-template-columns: 40% 60%; text-align: center; font-size: 13pt; }
.c { text-align: center; margin: 0; text-indent: 0; }
.motto { white-space: nowrap; }
p { margin: 0 0 4pt; text-align: justify; text-indent: 10mm; }
p.h { margin-top: 6pt; }
table.data { width: 100%; border-collapse: collapse; font-size: 12pt; margin: 4pt 0 8pt; }
table.data th, table.data td { border: 1px solid #000; padding: 2pt 4pt; text-align: left; }
.notes { border-top: 1px solid #000; margin-top: 12pt; font-size: 10pt; }
.notes p { text-indent: 0; }
.end { display: grid; grid-template-columns: 50% 50%; margin-top: 12pt; }
.end p { text-indent: 0; }
</style></head><body>
<div class="head"><div>${d.parentName ? `<p class="c">${esc(d.parentName.toUpperCase())}</p>` : ''}<p class="c"><b>${esc(d.unitName.toUpperCase())}</b></p><p class="c">———</p><p class="c">${esc(d.numberLine)}</p></div>
<div><p class="c motto" style="font-size:12pt"><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b></p><p class="c" style="font-size:14pt"><b>Độc lập - Tự do - Hạnh phúc</b></p><p class="c">———————————</p><p class="c"><i>${esc(d.placeLine)}</i></p></div></div>
<p class="c" style="margin-top:14pt"><b>${esc(d.title)}</b></p><p class="c"><b>${esc(d.subtitle)}</b></p><p class="c">———</p>
<p class="c">${esc(d.recipient)}</p>
${d.blocks.map(blockHtml).join('\n')}
<div class="end"><div><p><b><i>Nơi nhận:</i></b></p>${d.recipients.map((r) => `<p style="font-size:11pt">- ${esc(r)}</p>`).join('')}</div>
<div><p class="c"><b>${esc(d.signature)}</b></p><p class="c"><i>(Ký tên, đóng dấu)</i></p></div></div>
<div class="notes">${d.footnotes.map((f, i) => `<p><sup>${i + 1}</sup> ${esc(f)}</p>`).join('')}</div>
</body></html>`;
}

/** The PDF: LibreOffice's rendering of the DOCX when installed, else the HTML printed by Chromium. */
export async function reportPdf(
  d: ReportDocument,
  docx: Buffer,
): Promise<{ pdf: Buffer; via: 'libreoffice' | 'chromium' }> {
  const soffice = findSoffice();
  if (soffice) return { pdf: await docxToPdf(soffice, docx), via: 'libreoffice' };
  return { pdf: await renderPdf(reportHtml(d)), via: 'chromium' };
}
