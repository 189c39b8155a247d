export { generateWorkload, workloadEvents } from './generate.js';
export type { WorkloadEvent } from './context.js';
export { WORKLOAD_MIX, workloadCategory, type WorkloadCategory } from './mix.js';
export { resolveWorkloadOptions, type ResolvedWorkloadOptions, type WorkloadOptions } from './options.js';
export { mulberry32, type Random } from './prng.js';
