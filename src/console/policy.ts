/**
 * Who may do what in the console: ONE table drives every check, and a test walks every console
 * route × every role against it. Add a permission here, then guard the route with `permit('<permission>')`
 * (src/console/console.auth.ts). Unit scoping (a commune's editor sees only its unit) is checked in services.
 */
export const roles = ['admin', 'editor', 'approver', 'reviewer', 'agent'] as const;
export type Role = (typeof roles)[number];

export const policy = {
  // accounts, settings, audit
  'accounts.manage': ['admin'],
  'settings.manage': ['admin'],
  'audit.read': ['admin'],
  'dashboard.read': ['admin', 'editor', 'approver', 'reviewer', 'agent'],
  'reference.read': ['admin', 'editor', 'approver', 'reviewer', 'agent'],
  // followers and conversations
  'followers.read': ['admin', 'editor', 'approver', 'agent'],
  'followers.phone.read': ['admin', 'agent'],
  'handoff.work': ['admin', 'agent'],
  'faq.unanswered.read': ['admin', 'editor', 'agent'],
  // the knowledge base (issue 17; writes also need the province unit, checked in src/faq/kb.routes.ts)
  'faq.read': ['admin', 'editor', 'approver'],
  'faq.edit': ['admin', 'editor', 'approver'],
  'faq.publish': ['approver'],
  'faq.review': ['admin', 'editor', 'approver'],
  // content and broadcasts
  'content.edit': ['admin', 'editor'],
  'content.read': ['admin', 'editor', 'approver'],
  'broadcast.approve': ['approver'],
  'broadcast.schedule': ['admin', 'editor', 'approver'],
  'plan.read': ['admin', 'editor', 'approver', 'reviewer'],
  'plan.edit': ['admin', 'editor'],
  'plan.approve': ['admin', 'approver'],
  // contests
  'quiz.manage': ['admin', 'editor'],
  'quiz.results.read': ['admin', 'editor', 'approver', 'reviewer'],
  'quiz.results.publish': ['approver'],
  'quiz.participants.sensitive.read': ['admin', 'approver'],
  // surveys
  'survey.edit': ['admin', 'editor'],
  'survey.report.read': ['admin', 'reviewer', 'approver'],
  'survey.export': ['admin', 'reviewer'],
  // period reports to Sở Nội vụ (unit scope checked in the routes: a unit's staff see their unit only)
  'report.period.read': ['admin', 'editor', 'approver', 'reviewer'],
  'report.narrative.write': ['admin', 'editor', 'approver'],
  'report.rollup.read': ['admin', 'reviewer'],
  // the demo pack (outside production)
  'demo.manage': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof policy;

export function roleHas(role: Role, permission: Permission): boolean {
  return (policy[permission] as readonly Role[]).includes(role);
}
