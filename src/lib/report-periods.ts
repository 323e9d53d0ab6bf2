/** The report periods are a rule the front ends share, so they live in the contract (issue 15). */
export * from '@cchc/contract/report-periods';
export { periodQuerySchema } from '@cchc/contract/period-query';
