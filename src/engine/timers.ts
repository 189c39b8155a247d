/**
 * The engine's only contact with a real clock: wakes at the next due instant and asks the engine to
 * advance to the clock's time. The core never reads a clock; hosts that drive time call `advanceTo`.
 */
export class RealTimeDriver {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running = false;

  constructor(
    private readonly nextDue: () => number,
    private readonly advanceTo: (now: number) => Promise<unknown>,
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

  /** Re-reads the next due instant (new events may have brought a deadline closer). */
  arm(): void {
    if (!this.running) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    const next = this.nextDue();
    const wait = Number.isFinite(next) ? Math.max(0, Math.min(next - this.clock(), 2 ** 31 - 1)) : 60_000;
    this.timer = setTimeout(() => void this.advanceTo(this.clock()).finally(() => this.arm()), wait);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.running = false;
  }
}
