import {
  AlignmentType,
  BorderStyle,
  Document,
  FootnoteReferenceRun,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type ParagraphChild,
} from 'docx';
import type { Block, ReportDocument, Run } from './period-report.content.ts';

/**
 * The report as a Word file, laid out after Nghị định 30/2020/NĐ-CP (Phụ lục I): A4, margins top/bottom 20 mm,
 * left 30 mm, right 15 mm; Times New Roman; motto 13/14 pt bold; body 14 pt justified, first line indented.
 */
const FONT = 'Times New Roman';
const BODY = 28; // half-points: 14 pt
const SMALL = 26; // 13 pt
const MM = 56.7; // twips per millimetre

const none = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
const noBorders = {
  top: none,
  bottom: none,
  left: none,
  right: none,
  insideHorizontal: none,
  insideVertical: none,
};

function text(t: string, o: { bold?: boolean; italic?: boolean; size?: number } = {}): TextRun {
  return new TextRun({ text: t, bold: o.bold, italics: o.italic, size: o.size ?? BODY, font: FONT });
}

function centred(children: ParagraphChild[], after = 0): Paragraph {
  return new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after }, children });
}

function runsOf(runs: Run[]): ParagraphChild[] {
  return runs.flatMap((r) => {
    const out: ParagraphChild[] = [text(r.text, r)];
    if (r.footnote) out.push(new FootnoteReferenceRun(r.footnote));
    return out;
  });
}

/** The two-column header: issuing body left, national motto right (a table without borders, as templates do). */
function headerTable(d: ReportDocument): Table {
  const left = [
    ...(d.parentName ? [centred([text(d.parentName.toUpperCase(), { size: SMALL })])] : []),
    centred([text(d.unitName.toUpperCase(), { bold: true, size: SMALL })]),
    centred([text('———', { size: SMALL })], 120),
    centred([text(d.numberLine, { size: SMALL })]),
  ];
  const right = [
    // 12 pt (ND 30 allows 12–13) keeps the motto on one line in the right column.
    centred([text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { bold: true, size: 24 })]),
    centred([text('Độc lập - Tự do - Hạnh phúc', { bold: true })]),
    centred([text('———————————', { size: SMALL })], 120),
    centred([text(d.placeLine, { italic: true })]),
  ];
  const cell = (children: Paragraph[], pct: number) =>
    new TableCell({ children, width: { size: pct, type: WidthType.PERCENTAGE }, borders: noBorders });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: noBorders,
    rows: [new TableRow({ children: [cell(left, 40), cell(right, 60)] })],
  });
}

/** Text width of the page in twips (A4 210 mm less 30 + 15 mm margins). */
const TEXT_WIDTH = Math.round(165 * MM);

function dataTable(header: string[], rows: string[][]): Table {
  // The first column holds names (themes, communes, surveys): give it a third, share the rest.
  const first = header.length > 2 ? Math.round(TEXT_WIDTH * 0.34) : Math.round(TEXT_WIDTH / 2);
  const rest = Math.floor((TEXT_WIDTH - first) / Math.max(1, header.length - 1));
  const columnWidths = header.map((_, i) => (i === 0 ? first : rest));
  const cell = (t: string, bold: boolean, i: number) =>
    new TableCell({
      children: [new Paragraph({ children: [text(t, { bold, size: 24 })] })],
      width: { size: columnWidths[i]!, type: WidthType.DXA },
      margins: { top: 40, bottom: 40, left: 80, right: 80 },
    });
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths,
    rows: [
      new TableRow({ tableHeader: true, children: header.map((h, i) => cell(h, true, i)) }),
      ...rows.map((r) => new TableRow({ children: r.map((c, i) => cell(c, false, i)) })),
    ],
  });
}

function blockOf(b: Block): (Paragraph | Table)[] {
  const body = { alignment: AlignmentType.JUSTIFIED, indent: { firstLine: Math.round(10 * MM) } };
  switch (b.kind) {
    case 'heading':
      return [
        new Paragraph({
          ...body,
          spacing: { before: 120, after: 60 },
          children: [text(b.text, { bold: true })],
        }),
      ];
    case 'subheading':
      return [
        new Paragraph({
          ...body,
          spacing: { before: 60, after: 60 },
          children: runsOf([{ text: b.text, bold: true, footnote: b.footnote }]),
        }),
      ];
    case 'para':
      return [new Paragraph({ ...body, spacing: { after: 60, line: 312 }, children: runsOf(b.runs) })];
    case 'table':
      return [dataTable(b.header, b.rows), new Paragraph({ children: [] })];
  }
}

function closing(d: ReportDocument): Table {
  const left = [
    new Paragraph({ children: [text('Nơi nhận:', { bold: true, italic: true, size: 24 })] }),
    ...d.recipients.map((r) => new Paragraph({ children: [text(`- ${r}`, { size: 22 })] })),
  ];
  const right = [
    centred([text(d.signature, { bold: true })]),
    centred([text('(Ký tên, đóng dấu)', { italic: true })], 1200),
  ];
  const cell = (children: Paragraph[]) =>
    new TableCell({ children, width: { size: 50, type: WidthType.PERCENTAGE }, borders: noBorders });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: noBorders,
    rows: [new TableRow({ children: [cell(left), cell(right)] })],
  });
}

export async function renderReportDocx(d: ReportDocument): Promise<Buffer> {
  const footnotes = Object.fromEntries(
    d.footnotes.map((f, i) => [i + 1, { children: [new Paragraph({ children: [text(f, { size: 20 })] })] }]),
  );
  const doc = new Document({
    creator: d.unitName,
    title: `${d.title} ${d.subtitle}`,
    styles: { default: { document: { run: { font: FONT, size: BODY } } } },
    footnotes,
    sections: [
      {
        properties: {
          page: {
            size: { width: 11906, height: 16838 },
            margin: {
              top: Math.round(20 * MM),
              bottom: Math.round(20 * MM),
              left: Math.round(30 * MM),
              right: Math.round(15 * MM),
            },
          },
        },
        children: [
          headerTable(d),
          new Paragraph({ children: [] }),
          centred([text(d.title, { bold: true })]),
          centred([text(d.subtitle, { bold: true })]),
          centred([text('———', {})], 120),
          centred([text(d.recipient)], 120),
          ...d.blocks.flatMap(blockOf),
          new Paragraph({ children: [] }),
          closing(d),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
