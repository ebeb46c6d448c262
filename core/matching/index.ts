export * from './eligibility.ts';
export * from './pick.ts';
