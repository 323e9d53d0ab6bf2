// Every module's tables, re-exported for Drizzle and drizzle-kit. Modules own their own *.schema.ts.
export * from '../areas/areas.schema.ts';
export * from '../zalo/token.schema.ts';
export * from '../zalo/platform.schema.ts';
export * from '../console/console.schema.ts';
export * from '../quiz/quiz.schema.ts';
export * from '../plan/plan.schema.ts';
export * from '../broadcasts/broadcasts.schema.ts';
export * from '../followers/followers.schema.ts';
export * from '../chat/chat.schema.ts';
export * from '../surveys/surveys.schema.ts';
export * from '../faq/faq.schema.ts';
export * from '../reports/reports.schema.ts';
export * from '../demo/demo.schema.ts';
