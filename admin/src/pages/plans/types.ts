import type { PlanStatus } from '@cchc/contract/console/plan';
import type { Unit } from '@cchc/contract/console/reference';

/**
 * What the plan editor shows around the document; the document's own types come from the shared contract
 * (@cchc/contract/console/plan), whose schema the server checks content/plan/<year>.yaml and every draft with.
 */
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
export function unitOptions(
  units: Pick<Unit, 'code' | 'name'>[],
  named: string[],
): { value: string; label: string }[] {
  const known = new Map(units.map((u) => [u.code, u.name]));
  const missing = [...new Set(named)].filter((c) => !known.has(c));
  return [
    ...units.map((u) => ({ value: u.code, label: u.name })),
    ...missing.map((c) => ({ value: c, label: `${c} (không còn trong danh mục)` })),
  ];
}
