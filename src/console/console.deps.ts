import type { CoreDeps } from '../app/module.ts';

/** What console services need: the core deps and nothing else. */
export type ConsoleDeps = CoreDeps;
