import type { Db } from '../db/client.ts';
import { listUnits } from '../areas/areas.service.ts';
import { AppError } from '../http/errors.ts';
import { ConsoleAccessDenied, type StaffPrincipal } from '../console/console.auth.ts';
import { scopeAllowsUnit } from '../console/unit-scope.ts';
import type { SurveyDefinition } from './survey.definition.ts';

/**
 * Unit rules of survey definitions (issue 19). A survey belongs to its `ownerUnit`: staff whose unit scope covers
 * that unit (its own editors, province-level staff) and admins read and edit its definition; a commune's editor
 * does not change the province's survey. A survey without an owner is the province's: province-wide staff only.
 */
export function mayEditSurvey(staff: StaffPrincipal, def: SurveyDefinition): boolean {
  return def.ownerUnit ? scopeAllowsUnit(staff.scope, def.ownerUnit) : staff.scope.all;
}

/** Refuses (403, audited as an access denial) when the definition is not the staff member's to edit. */
export function assertMayEditSurvey(staff: StaffPrincipal, def: SurveyDefinition): void {
  if (mayEditSurvey(staff, def)) return;
  throw new ConsoleAccessDenied(`survey ${def.id} owned by ${def.ownerUnit ?? 'the province'}`, {
    targetType: 'survey',
    targetId: def.id,
    unitCode: def.ownerUnit,
  });
}

/**
 * For a console edit (updateDefinition's `authorize`): the current definition and the new one must both be the
 * staff member's, and a new owner must be a unit that exists.
 */
export function surveyEditGuard(db: Db, staff: StaffPrincipal) {
  return async (def: SurveyDefinition, previous?: SurveyDefinition) => {
    assertMayEditSurvey(staff, def);
    const newOwner = previous && def.ownerUnit !== previous.ownerUnit ? def.ownerUnit : undefined;
    if (newOwner && !(await listUnits(db)).some((u) => u.code === newOwner))
      throw new AppError(
        'validation',
        `unknown owner unit ${newOwner}`,
        `Không có đơn vị "${newOwner}" (ownerUnit) trong danh mục đơn vị.`,
      );
  };
}
