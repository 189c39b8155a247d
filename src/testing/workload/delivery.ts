import type { WorkloadEvent } from './context.js';

interface Held {
  readonly due: number;
  readonly seq: number;
  /** Released only once more than this many on-time events have gone out (so a late event is truly overtaken). */
  readonly after: number;
  readonly event: WorkloadEvent;
}

function before(a: Held, b: Held): boolean {
  return a.due < b.due || (a.due === b.due && a.seq < b.seq);
}

/**
 * Events held back for later delivery (late ones and redeliveries), as a binary min-heap on
 * (due time, insertion order). It only ever holds about `fraction × events per lateMaxMs`, so it
 * stays small however long the workload is.
 */
export class DeliveryQueue {
  private readonly heap: Held[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  hold(event: WorkloadEvent, due: number, after: number): void {
    const heap = this.heap;
    const item: Held = { due, seq: this.seq++, after, event };
    let i = heap.length;
    heap.push(item);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent] as Held;
      if (!before(item, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = item;
  }

  /** The next held event due at or before `time`, once `onTime` events have overtaken it; else undefined. */
  releaseDue(time: number, onTime: number): WorkloadEvent | undefined {
    const top = this.heap[0];
    if (top === undefined || top.due > time || top.after >= onTime) return undefined;
    return this.pop();
  }

  /** The next held event regardless of time (draining at the end). */
  pop(): WorkloadEvent | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined) return undefined;
    if (heap.length > 0) {
      let i = 0;
      const n = heap.length;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const child = r < n && before(heap[r] as Held, heap[l] as Held) ? r : l;
        if (!before(heap[child] as Held, last)) break;
        heap[i] = heap[child] as Held;
        i = child;
      }
      heap[i] = last;
    }
    return top.event;
  }
}
