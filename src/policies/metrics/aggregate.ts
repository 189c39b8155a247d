/** Adding thread measures up into the metrics of a group. */
import type { ThreadMeasures } from './measure.js';
import { type DurationSample, durationStats, mean, ratio } from './stats.js';
import type { MetricsGroup } from './types.js';

/** Collects the measures of the threads of one group, then summarises them. */
export class GroupAccumulator {
  private threads = 0;
  private readonly firstResponse: DurationSample[] = [];
  private readonly firstHumanResponse: DurationSample[] = [];
  private readonly nextResponse: DurationSample[] = [];
  private readonly resolution: DurationSample[] = [];
  private readonly handleTime: DurationSample[] = [];
  private transfers = 0;
  private fcrEligible = 0;
  private fcrResolved = 0;
  private everResolved = 0;
  private reopened = 0;
  private hits = 0;
  private misses = 0;
  private active = 0;
  private readonly csat: number[] = [];
  private readonly ces: number[] = [];
  private readonly nps: number[] = [];

  add(m: ThreadMeasures): void {
    this.threads++;
    if (m.firstResponse) this.firstResponse.push(m.firstResponse);
    if (m.firstHumanResponse) this.firstHumanResponse.push(m.firstHumanResponse);
    this.nextResponse.push(...m.nextResponses);
    if (m.resolution) this.resolution.push(m.resolution);
    if (m.handleTime) this.handleTime.push(m.handleTime);
    this.transfers += m.transfers;
    if (m.fcrEligible) this.fcrEligible++;
    if (m.fcrResolved) this.fcrResolved++;
    if (m.everResolved) this.everResolved++;
    if (m.reopened) this.reopened++;
    this.hits += m.sla.hits;
    this.misses += m.sla.misses;
    this.active += m.sla.active;
    this.csat.push(...m.csat);
    this.ces.push(...m.ces);
    this.nps.push(...m.nps);
  }

  result(key: string): MetricsGroup {
    const promoters = this.nps.filter((s) => s >= 9).length;
    const detractors = this.nps.filter((s) => s <= 6).length;
    return {
      key,
      threads: this.threads,
      firstResponse: durationStats(this.firstResponse),
      firstHumanResponse: durationStats(this.firstHumanResponse),
      nextResponse: durationStats(this.nextResponse),
      resolution: durationStats(this.resolution),
      handleTime: durationStats(this.handleTime),
      transfers: { total: this.transfers, perThread: ratio(this.transfers, this.threads) },
      firstContactResolution: { rate: ratio(this.fcrResolved, this.fcrEligible), resolved: this.fcrResolved, eligible: this.fcrEligible },
      reopenRate: ratio(this.reopened, this.everResolved),
      sla: { hitRate: ratio(this.hits, this.hits + this.misses), hits: this.hits, misses: this.misses, active: this.active },
      csat: { count: this.csat.length, mean: mean(this.csat), satisfiedRate: ratio(this.csat.filter((s) => s >= 4).length, this.csat.length) },
      ces: { count: this.ces.length, mean: mean(this.ces) },
      nps: { count: this.nps.length, score: this.nps.length === 0 ? null : (100 * (promoters - detractors)) / this.nps.length },
    };
  }
}
