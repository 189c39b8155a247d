/**
 * A customer's live threads ordered by last activity, kept as messages arrive, so a threading policy
 * can look at the most recently active threads first and stop early. A customer with thousands of
 * threads (one sender whose every email starts a conversation: alerts, notifications, a large
 * account) made every decision a scan of all of them: 20,000 such emails took 3.3 s, growing with
 * the square of their number.
 *
 * The order is the one the default policy's scan has always meant by "latest": by `lastActivityAt`,
 * and between equals the thread later in the customer's list (the newer one) counts as later.
 */
/** What the order reads of a thread. */
interface Active {
  readonly lastActivityAt: number;
}

export class ActivityOrder<T extends Active> {
  /** Least recently active first: the most recently active thread is last. */
  readonly list: T[];
  /** Position in the customer's list of live threads: the tie-break between equal activity times. */
  private readonly rank = new Map<T, number>();
  private nextRank: number;

  /** `live`: the customer's live threads, oldest first. */
  constructor(live: readonly T[]) {
    live.forEach((t, i) => this.rank.set(t, i));
    this.nextRank = live.length;
    this.list = live.slice().sort((a, b) => a.lastActivityAt - b.lastActivityAt || this.rank.get(a)! - this.rank.get(b)!);
  }

  private before(a: T, b: T): boolean {
    return a.lastActivityAt < b.lastActivityAt || (a.lastActivityAt === b.lastActivityAt && this.rank.get(a)! < this.rank.get(b)!);
  }

  /** A thread was opened (it is the newest of the customer's list): placed from the end. */
  opened(t: T): void {
    this.rank.set(t, this.nextRank++);
    const list = this.list;
    let j = list.length;
    list.push(t);
    while (j > 0 && this.before(t, list[j - 1]!)) {
      list[j] = list[j - 1]!;
      j--;
    }
    list[j] = t;
  }

  /**
   * `t.lastActivityAt` grew (it never shrinks in place: what moves messages out of a thread rebuilds
   * the order): moved towards the end. Usually it becomes the latest, a step from where it was.
   */
  raised(t: T): void {
    const list = this.list;
    let j = list.lastIndexOf(t);
    if (j < 0) return;
    while (j + 1 < list.length && this.before(list[j + 1]!, t)) {
      list[j] = list[j + 1]!;
      j++;
    }
    list[j] = t;
  }
}
