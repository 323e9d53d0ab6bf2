/** The shape of content/plan/<year>.yaml as the console edits it (src/plan/plan.file.ts is the authority). */
export interface PlanTheme {
  code: string;
  label: string;
}

export interface PlanItem {
  no: number;
  theme: string;
  title: string;
  when: string;
  months: number[];
  deadline?: boolean;
  kind: 'media' | 'event';
  lead: string[];
  leadAppliesTo?: string[];
  cooperating: string[];
  cooperatingAppliesTo?: string[];
  cooperatingNote?: string;
  minCount?: number;
}

export interface PlanQuota {
  id: string;
  unit: string;
  per: 'month' | 'quarter' | 'year';
  min: number;
  channel: string;
  what: string;
  source: string;
  months?: number[];
  [extra: string]: unknown;
}

export type PeriodId = 'q1' | 'h1' | 'q3' | 'year';

export interface PlanPeriod {
  id: PeriodId;
  label: string;
  /** MM-DD */
  from: string;
  /** MM-DD */
  to: string;
  fromPreviousYear: boolean;
  /** MM-DD */
  due?: string;
}

export interface PlanDocument {
  year: number;
  source: string;
  themes: PlanTheme[];
  items: PlanItem[];
  quotas: PlanQuota[];
  reportPeriods?: PlanPeriod[];
  [extra: string]: unknown;
}

export type PlanStatus = 'draft' | 'submitted' | 'approved';

export interface PlanRow {
  year: number;
  status: PlanStatus;
  origin: 'file' | 'console';
  editors: string[];
  approvedBy: string | null;
  approvedAt: string | null;
  document: PlanDocument;
}

/** A unit from /reference/units, for the lead and cooperating pickers. */
export interface UnitOption {
  code: string;
  name: string;
  kind: string;
}

export const STATUS_LABEL: Record<PlanStatus, { text: string; color: string }> = {
  draft: { text: 'Dự thảo', color: 'gold' },
  submitted: { text: 'Đã trình duyệt', color: 'blue' },
  approved: { text: 'Đã duyệt', color: 'green' },
};

/** Kinds of unit an item may apply to as a whole ("mỗi Sở, ban, ngành chủ trì…"). */
export const UNIT_KINDS: { value: string; label: string }[] = [
  { value: 'department', label: 'Sở, ban, ngành' },
  { value: 'central', label: 'Cơ quan Trung ương tại tỉnh' },
  { value: 'public-service', label: 'Đơn vị sự nghiệp' },
  { value: 'press', label: 'Báo chí' },
  { value: 'mass-org', label: 'MTTQ, đoàn thể' },
  { value: 'district', label: 'Cấp huyện (đến 30/6/2025)' },
  { value: 'commune', label: 'UBND cấp xã' },
];

export const MONTHS = Array.from({ length: 12 }, (_, i) => ({ value: i + 1, label: `Tháng ${i + 1}` }));

/** Unit options for a picker: the units list, plus codes the plan names that are no longer in it. */
export function unitOptions(units: UnitOption[], named: string[]): { value: string; label: string }[] {
  const known = new Map(units.map((u) => [u.code, u.name]));
  const missing = [...new Set(named)].filter((c) => !known.has(c));
  return [
    ...units.map((u) => ({ value: u.code, label: u.name })),
    ...missing.map((c) => ({ value: c, label: `${c} (không còn trong danh mục)` })),
  ];
}
