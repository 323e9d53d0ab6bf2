// Entry of the FAQ training worker (index-trainer.ts). Plain JS: a worker thread does not inherit the tsx loader of
// the thread that started it, so it registers tsx itself before loading the TypeScript job handler.
import { register } from 'tsx/esm/api';

register();
await import('./index-trainer.job.ts');
