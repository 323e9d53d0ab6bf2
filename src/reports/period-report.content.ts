import type { TargetStatus } from '../surveys/statistics.ts';
import type { PeriodFigures } from './period-figures.ts';
import { NARRATIVE_SECTIONS, type Narrative } from './narrative.service.ts';
import { viDay } from '../lib/report-periods.ts';

/**
 * The period report as renderer-neutral blocks: the DOCX and the HTML (for the PDF fallback) print the same text,
 * headings, tables and footnotes. The header (motto, unit, number and date placeholders) is in `ReportDocument`.
 */
export interface Run {
  text: string;
  bold?: boolean;
  italic?: boolean;
  /** A footnote number (1-based) placed after the text. */
  footnote?: number;
}

export type Block =
  | { kind: 'heading'; text: string }
  | { kind: 'subheading'; text: string; footnote?: number }
  | { kind: 'para'; runs: Run[] }
  | { kind: 'table'; header: string[]; rows: string[][] };

export interface ReportDocument {
  /** The body that issues the report, printed above the unit (cơ quan chủ quản), or null. */
  parentName: string | null;
  unitName: string;
  /** "Số: …/BC-<abbreviation>" */
  numberLine: string;
  placeLine: string;
  title: string;
  subtitle: string;
  recipient: string;
  blocks: Block[];
  footnotes: string[];
  recipients: string[];
  signature: string;
}

export const NO_DATA = 'Chưa có dữ liệu';

const STATUS: Record<TargetStatus, string> = {
  met: 'Đạt',
  not_met: 'Chưa đạt',
  undetermined: 'Chưa xác định',
};

/** 0.853 → "85,3%" (Vietnamese decimal comma). */
export function percent(share: number): string {
  return `${(share * 100).toLocaleString('vi-VN', { minimumFractionDigits: 1, maximumFractionDigits: 1 })}%`;
}

function integer(n: number): string {
  return n.toLocaleString('vi-VN');
}

/** "BC-SNV" from "Sở Nội vụ": initials of the unit's name, as units abbreviate themselves on the number line. */
export function unitAbbreviation(name: string): string {
  const letters = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'D')
    .split(/[\s-]+/)
    .filter((w) => /^[A-Za-z]/.test(w))
    // An abbreviation already (UBND, MTTQ) stays whole: "UBND xã Vĩnh Hải" → UBNDXVH.
    .map((w) => (/^[A-Z]{2,}$/.test(w) ? w : w[0]!.toUpperCase()));
  return letters.join('').slice(0, 10) || '…';
}

export const FOOTNOTES = {
  plan: 'Mục kế hoạch đến hạn: mục của kế hoạch tuyên truyền năm mà đơn vị chủ trì (theo tên hoặc theo loại đơn vị) và có tháng thực hiện bắt đầu trong kỳ. "Đã thực hiện": có ít nhất một tin của đơn vị gắn với mục đó (hoặc cùng chủ đề) được gửi qua Zalo OA trong kỳ. Mục là sự kiện (hội nghị, biểu diễn…) không đo được trên hệ thống, đơn vị tự báo cáo.',
  broadcasts:
    'Tin đã đăng: tin của đơn vị (kể cả các phòng trực thuộc) có đợt gửi qua Zalo OA bắt đầu trong kỳ. "Đã gửi tới": số lượt người theo dõi Zalo gửi thành công; "Đã nhận", "Đã xem": theo xác nhận của Zalo; "Lượt bấm": số lần bấm liên kết trong tin. Các kênh khác (cổng thông tin, báo, đài) không đo trên hệ thống này.',
  quiz: 'Cuộc thi có bài dự thi nộp trong kỳ. "Đăng ký": người đã đăng ký đến hết kỳ; "Có bài thi": người nộp ít nhất một bài trong kỳ; "Điểm trung bình": trung bình điểm các bài nộp trong kỳ. Xã, phường theo khai báo của người dự thi.',
  survey:
    'Tỷ lệ hiểu rõ: số người được khảo sát trong kỳ đạt mức "hiểu" theo quy tắc của phiếu, chia cho số phiếu (n). Khoảng tin cậy 95% theo phương pháp Wilson. So với chỉ tiêu 80% của kế hoạch: "Đạt" khi cả khoảng tin cậy ở mức chỉ tiêu trở lên, "Chưa đạt" khi cả khoảng ở dưới, "Chưa xác định" khi khoảng chứa mức chỉ tiêu hoặc chưa có phiếu.',
};

export function buildReportDocument(
  f: PeriodFigures,
  narrative: Narrative | null,
  parentName: string | null,
  recipientName: string,
): ReportDocument {
  const blocks: Block[] = [];
  const period = `Kỳ báo cáo: ${f.period.label}, từ ngày ${viDay(f.period.firstDay)} đến ngày ${viDay(f.period.lastDay)}${f.period.due ? `; hạn gửi báo cáo: ${viDay(f.period.due)}` : ''}.`;
  blocks.push({ kind: 'para', runs: [{ text: period, italic: true }] });
  if (!f.hasData)
    blocks.push({
      kind: 'para',
      runs: [
        {
          text: `${NO_DATA} trên hệ thống cho đơn vị trong kỳ này (chưa có tin gửi, bài dự thi hay phiếu khảo sát).`,
          bold: true,
        },
      ],
    });
  blocks.push({ kind: 'heading', text: 'I. KẾT QUẢ THỰC HIỆN THEO SỐ LIỆU TRÊN HỆ THỐNG' });
  blocks.push(...planBlocks(f), ...broadcastBlocks(f), ...quizBlocks(f), ...surveyBlocks(f));
  const sections = Object.entries(NARRATIVE_SECTIONS) as [keyof typeof NARRATIVE_SECTIONS, string][];
  sections.forEach(([key, heading], i) => {
    blocks.push({ kind: 'heading', text: `${['II', 'III', 'IV'][i]}. ${heading.toUpperCase()}` });
    const text = narrative?.[key]?.trim() ?? '';
    const paras = text ? text.split(/\n+/) : ['(Đơn vị chưa nhập nội dung.)'];
    for (const p of paras) blocks.push({ kind: 'para', runs: [{ text: p, italic: !text }] });
  });
  return {
    parentName,
    unitName: f.unit.name,
    numberLine: `Số: …/BC-${unitAbbreviation(f.unit.name)}`,
    placeLine: '…, ngày … tháng … năm …',
    title: 'BÁO CÁO',
    subtitle: `Kết quả thực hiện công tác tuyên truyền cải cách hành chính ${f.period.titleLabel}`,
    recipient: `Kính gửi: ${recipientName}.`,
    blocks,
    footnotes: [FOOTNOTES.plan, FOOTNOTES.broadcasts, FOOTNOTES.quiz, FOOTNOTES.survey],
    recipients: [`${recipientName} (để tổng hợp);`, 'Lưu: VT.'],
    signature: 'THỦ TRƯỞNG ĐƠN VỊ',
  };
}

function planBlocks(f: PeriodFigures): Block[] {
  const out: Block[] = [{ kind: 'subheading', text: '1. Thực hiện kế hoạch tuyên truyền', footnote: 1 }];
  if (!f.plan.available) {
    out.push({
      kind: 'para',
      runs: [
        { text: `${NO_DATA}: chưa có kế hoạch tuyên truyền năm ${f.period.key.slice(0, 4)} trên hệ thống.` },
      ],
    });
    return out;
  }
  if (f.plan.due === 0) {
    out.push({
      kind: 'para',
      runs: [{ text: 'Trong kỳ, đơn vị không có mục kế hoạch đến hạn chủ trì thực hiện.' }],
    });
  } else {
    const done =
      f.plan.measured > 0
        ? `${integer(f.plan.done)}/${integer(f.plan.measured)} mục đo được trên hệ thống đã thực hiện (${percent(f.plan.done / f.plan.measured)})`
        : 'không có mục nào đo được trên hệ thống';
    out.push({ kind: 'para', runs: [{ text: `Số mục kế hoạch đến hạn: ${integer(f.plan.due)}; ${done}.` }] });
    out.push({
      kind: 'table',
      header: ['Mục', 'Nội dung', 'Chủ đề', 'Tháng', 'Tin đã gửi', 'Kết quả'],
      rows: f.plan.items.map((i) => [
        String(i.no),
        i.title,
        i.themeLabel,
        i.months.join(', '),
        i.published === null ? '—' : integer(i.published),
        i.done === null ? 'Đơn vị tự báo cáo' : i.done ? 'Đã thực hiện' : 'Chưa thực hiện',
      ]),
    });
  }
  const measured = f.plan.quotas.filter((q) => q.measured && q.required !== null);
  if (measured.length > 0)
    out.push({
      kind: 'table',
      header: ['Chỉ tiêu đăng tin', 'Yêu cầu trong kỳ', 'Đã đăng', 'Đánh giá'],
      rows: measured.map((q) => [
        q.quotaId,
        integer(q.required!),
        integer(q.published),
        q.met ? 'Đạt' : 'Chưa đạt',
      ]),
    });
  return out;
}

function broadcastBlocks(f: PeriodFigures): Block[] {
  const out: Block[] = [
    {
      kind: 'subheading',
      text: '2. Tin, bài đã đăng theo chủ đề và kênh; người theo dõi được tiếp cận',
      footnote: 2,
    },
  ];
  const t = f.broadcasts.totals;
  if (t.broadcasts === 0) {
    out.push({ kind: 'para', runs: [{ text: `${NO_DATA}: trong kỳ đơn vị chưa có tin gửi qua Zalo OA.` }] });
    return out;
  }
  const read = t.sent > 0 ? ` (${percent(t.seen / t.sent)} số lượt gửi tới)` : '';
  out.push({
    kind: 'para',
    runs: [
      {
        text: `Đã đăng ${integer(t.items)} tin qua ${integer(t.broadcasts)} đợt gửi; gửi tới ${integer(t.sent)} lượt người theo dõi, ${integer(t.received)} lượt đã nhận, ${integer(t.seen)} lượt đã xem${read}, ${integer(t.clicks)} lượt bấm liên kết.`,
      },
    ],
  });
  out.push({
    kind: 'table',
    header: ['Chủ đề', 'Kênh', 'Số tin', 'Đợt gửi', 'Đã gửi tới', 'Đã nhận', 'Đã xem', 'Lượt bấm'],
    rows: [
      ...f.broadcasts.byTheme.map((r) => [
        r.themeLabel,
        r.channel,
        integer(r.items),
        integer(r.broadcasts),
        integer(r.sent),
        integer(r.received),
        integer(r.seen),
        integer(r.clicks),
      ]),
      [
        'Tổng cộng',
        '',
        integer(t.items),
        integer(t.broadcasts),
        integer(t.sent),
        integer(t.received),
        integer(t.seen),
        integer(t.clicks),
      ],
    ],
  });
  return out;
}

function quizBlocks(f: PeriodFigures): Block[] {
  const out: Block[] = [
    { kind: 'subheading', text: '3. Cuộc thi tìm hiểu về cải cách hành chính', footnote: 3 },
  ];
  if (f.quiz.campaigns.length === 0) {
    out.push({
      kind: 'para',
      runs: [{ text: `${NO_DATA}: trong kỳ chưa có bài dự thi liên quan đến đơn vị.` }],
    });
    return out;
  }
  for (const c of f.quiz.campaigns) {
    const submitted = c.rows.reduce((s, r) => s + r.submitted, 0);
    const submissions = c.rows.reduce((s, r) => s + r.submissions, 0);
    out.push({
      kind: 'para',
      runs: [
        {
          text: `${c.title}: ${integer(submitted)} người có bài thi, ${integer(submissions)} bài nộp trong kỳ.`,
        },
      ],
    });
    out.push({
      kind: 'table',
      header: ['Xã, phường', 'Đăng ký', 'Có bài thi', 'Bài nộp', 'Điểm trung bình'],
      rows: c.rows.map((r) => [
        r.label,
        integer(r.registered),
        integer(r.submitted),
        integer(r.submissions),
        r.meanScore === null ? NO_DATA : r.meanScore.toLocaleString('vi-VN', { maximumFractionDigits: 2 }),
      ]),
    });
  }
  return out;
}

function surveyBlocks(f: PeriodFigures): Block[] {
  const out: Block[] = [
    { kind: 'subheading', text: '4. Khảo sát mức độ hiểu biết về cải cách hành chính', footnote: 4 },
  ];
  if (f.surveys.length === 0) {
    out.push({ kind: 'para', runs: [{ text: `${NO_DATA}: trong kỳ không có khảo sát nào mở.` }] });
    return out;
  }
  out.push({
    kind: 'table',
    header: ['Khảo sát', 'Phạm vi', 'Số phiếu (n)', 'Tỷ lệ hiểu rõ', 'KTC 95% (Wilson)', `So với chỉ tiêu`],
    rows: f.surveys.map((s) => {
      const e = s.estimate;
      return [
        s.title,
        s.scopeLabel,
        integer(e.n),
        e.p === null ? NO_DATA : percent(e.p),
        e.interval ? `${percent(e.interval.lower)} – ${percent(e.interval.upper)}` : NO_DATA,
        `${STATUS[e.status]} (chỉ tiêu ${percent(s.target)})`,
      ];
    }),
  });
  return out;
}
