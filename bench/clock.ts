/**
 * The benchmarks' engine clock. The workload is dated (November 2026 by default) and ingest refuses
 * events from the future (`CLOCK_SKEW`): a clock at the end of the Date range keeps any workload,
 * whatever its dates and whenever the benchmark runs, inside the check.
 */
export const benchClock = (): number => 8.64e15;
