/** Contact-centre metrics over threads: response times, resolution, FCR, transfers, SLA, CSAT/CES/NPS. */
export { computeMetrics } from './compute.js';
export { ALL as METRICS_ALL_KEY, UNASSIGNED as METRICS_UNASSIGNED_KEY, originChannel } from './measure.js';
export type { DurationStats, MetricsGroup, MetricsGroupBy, MetricsOptions, MetricsReport } from './types.js';
