/** The metrics part of the demo report: one row per channel, and the total. */
import type { MetricsGroup, MetricsReport } from '../../policies/metrics/types.js';

/** The figures a support lead looks at first, for one channel (or all). */
export interface ChannelMetrics {
  readonly channel: string;
  readonly threads: number;
  readonly firstResponseMedianMs: number | null;
  readonly firstResponseP90Ms: number | null;
  /** The same, counting only Seoul business hours. */
  readonly firstResponseBusinessMedianMs: number | null;
  readonly resolved: number;
  readonly resolutionMedianMs: number | null;
  readonly firstContactResolutionRate: number | null;
  readonly slaHitRate: number | null;
  readonly slaMisses: number;
  readonly csatMean: number | null;
  readonly csatCount: number;
}

const round = (n: number | null, digits = 0) => (n === null ? null : Math.round(n * 10 ** digits) / 10 ** digits);

function row(g: MetricsGroup, channel = g.key): ChannelMetrics {
  return {
    channel,
    threads: g.threads,
    firstResponseMedianMs: round(g.firstResponse.medianMs),
    firstResponseP90Ms: round(g.firstResponse.p90Ms),
    firstResponseBusinessMedianMs: round(g.firstResponse.businessMedianMs),
    resolved: g.resolution.count,
    resolutionMedianMs: round(g.resolution.medianMs),
    firstContactResolutionRate: round(g.firstContactResolution.rate, 3),
    slaHitRate: round(g.sla.hitRate, 3),
    slaMisses: g.sla.misses,
    csatMean: round(g.csat.mean, 2),
    csatCount: g.csat.count,
  };
}

/**
 * Rows of a report grouped by channel, and the total.
 *
 * @example
 * ```ts
 * buildMetrics(engine.metrics({ tenantId: 'acme', now, groupBy: 'channel' })).byChannel[0]?.channel; // 'call'
 * ```
 */
export function buildMetrics(report: MetricsReport): { byChannel: ChannelMetrics[]; total: ChannelMetrics } {
  return { byChannel: report.groups.map((g) => row(g)), total: row(report.total, 'all') };
}
