/**
 * The engine's only contact with a real clock: wakes at the next due instant and asks the engine to
 * advance to the clock's time. The core never reads a clock; hosts that drive time call `advanceTo`.
 */
/** How long a failed wake-up waits before it tries again. */
const RETRY_AFTER_MS = 1_000;

export class RealTimeDriver {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running = false;

  constructor(
    private readonly nextDue: () => number,
    private readonly advanceTo: (now: number) => Promise<unknown>,
    /** Told when a timed `advanceTo` fails (a store that refuses the decision it writes). */
    private readonly failed: (error: unknown) => void = () => undefined,
  ) {}

  /** Whether real timers run (so the state must be current after every ingest). */
  get active(): boolean {
    return this.running;
  }

  start(clock: () => number): void {
    this.stop();
    this.running = true;
    this.clock = clock;
    this.arm();
  }

  private clock: () => number = () => 0;
  /** No wake-up before this instant (set for a pause after a failed one). */
  private notBefore = -Infinity;

  /** Re-reads the next due instant (new events may have brought a deadline closer). */
  arm(): void {
    if (!this.running) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    const next = this.nextDue();
    const now = this.clock();
    // After a failure, not before the pause is over — whoever re-arms (an ingest's flush does).
    const wait = Math.max(this.notBefore - now, Number.isFinite(next) ? Math.max(0, Math.min(next - now, 2 ** 31 - 1)) : 60_000);
    this.timer = setTimeout(() => void this.tick(), wait);
    this.timer.unref?.();
  }

  /**
   * One wake-up. A failure is reported, never left as an unhandled rejection (which ends a Node
   * process), and retried after a pause rather than at once: what is due stays due.
   */
  private async tick(): Promise<void> {
    try {
      await this.advanceTo(this.clock());
      this.notBefore = -Infinity;
    } catch (error) {
      this.notBefore = this.clock() + RETRY_AFTER_MS;
      try {
        this.failed(error);
      } catch {
        // A listener's own bug: the timers go on.
      }
    }
    this.arm();
  }

  stop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.running = false;
  }
}
