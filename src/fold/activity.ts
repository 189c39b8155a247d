/**
 * A customer's live threads ordered by last activity, kept as messages arrive, so a threading policy
 * can look at the most recently active threads first and stop early. A customer with thousands of
 * threads (one sender whose every email starts a conversation: alerts, notifications, a large
 * account) made every decision a scan of all of them: 20,000 such emails took 3.3–3.8 s, growing
 * with the square of their number.
 *
 * The order is the one the default policy's scan has always meant by "latest": by `lastActivityAt`,
 * and between equals the thread later in the customer's list (the newer one) counts as later. Beside
 * the whole list, the same order restricted to the threads that never had a message on a channel,
 * per channel asked about (for an email, only those can continue it).
 */

/** What the order reads of a thread. */
interface Active {
  readonly lastActivityAt: number;
  readonly channels: readonly string[];
}

export class ActivityOrder<T extends Active> {
  /** Least recently active first: the most recently active thread is last. */
  readonly list: T[];
  /** channel → the threads never on it, in the same order (built when first asked for). */
  private readonly lacking = new Map<string, T[]>();
  /** Position in the customer's list of live threads: the tie-break between equal activity times. */
  private readonly rank = new Map<T, number>();
  private nextRank: number;

  /** `live`: the customer's live threads, oldest first. */
  constructor(live: readonly T[]) {
    live.forEach((t, i) => this.rank.set(t, i));
    this.nextRank = live.length;
    this.list = live.slice().sort((a, b) => a.lastActivityAt - b.lastActivityAt || this.rank.get(a)! - this.rank.get(b)!);
  }

  /** The threads never on `channel`, least recently active first. */
  without(channel: string): readonly T[] {
    let list = this.lacking.get(channel);
    if (list === undefined) {
      list = this.list.filter((t) => !t.channels.includes(channel));
      this.lacking.set(channel, list);
    }
    return list;
  }

  private before(a: T, b: T): boolean {
    return a.lastActivityAt < b.lastActivityAt || (a.lastActivityAt === b.lastActivityAt && this.rank.get(a)! < this.rank.get(b)!);
  }

  /** A thread was opened (it is the newest of the customer's list): placed from the end. */
  opened(t: T): void {
    this.rank.set(t, this.nextRank++);
    this.place(this.list, t);
    for (const [channel, list] of this.lacking) if (!t.channels.includes(channel)) this.place(list, t);
  }

  /**
   * A message reached `t`: its `lastActivityAt` may have grown (it never shrinks in place: what moves
   * messages out of a thread rebuilds the order) and it may be on a channel it was not on before.
   */
  messaged(t: T, activeBefore: number, channelsBefore: number): void {
    if (t.channels.length !== channelsBefore) {
      for (const [channel, list] of this.lacking) if (t.channels.includes(channel)) remove(list, t);
    }
    if (t.lastActivityAt === activeBefore) return;
    this.lift(this.list, t);
    for (const [channel, list] of this.lacking) if (!t.channels.includes(channel)) this.lift(list, t);
  }

  /** Inserts `t` at its place, looking from the end (where a new thread usually belongs). */
  private place(list: T[], t: T): void {
    let j = list.length;
    list.push(t);
    while (j > 0 && this.before(t, list[j - 1]!)) {
      list[j] = list[j - 1]!;
      j--;
    }
    list[j] = t;
  }

  /** Moves `t`, whose key grew, towards the end: usually it becomes the latest, a step from where it was. */
  private lift(list: T[], t: T): void {
    let j = list.lastIndexOf(t);
    if (j < 0) return;
    while (j + 1 < list.length && this.before(list[j + 1]!, t)) {
      list[j] = list[j + 1]!;
      j++;
    }
    list[j] = t;
  }
}

function remove<T>(list: T[], t: T): void {
  const i = list.lastIndexOf(t);
  if (i >= 0) list.splice(i, 1);
}
