/**
 * The events of a restored tenant, parsed on first use. A resumed state is complete without them —
 * threads, customers and indexes come from the snapshot — and they are read again only when a late
 * event re-folds a component, an event is compared with a redelivery, or a snapshot is taken. So
 * resuming hashes their text (the snapshot's digest covers it) but does not parse it: parsing every
 * event would cost a good share of a replay.
 */
import type { OmnithreadEvent } from '../events/schemas.js';
import { OmnithreadError } from '../errors.js';
import type { NormalizedIdentity } from '../identity/normalize.js';
import type { Envelope } from './envelope.js';

/** One line of a snapshot's events (a JSON array of up to a thousand), parsed when first needed. */
export class EventChunk {
  private text: string | undefined;
  private events: OmnithreadEvent[] | undefined;

  constructor(
    text: string,
    private readonly ids: readonly string[],
    private readonly line: number,
  ) {
    this.text = text;
  }

  /** How many events the chunk holds. */
  get size(): number {
    return this.ids.length;
  }

  /** The text, as long as it has not been parsed (a snapshot of a resumed engine writes it again). */
  get raw(): string | undefined {
    return this.text;
  }

  /** The id of event `i`, without parsing anything. */
  id(i: number): string {
    return this.ids[i]!;
  }

  event(i: number): OmnithreadEvent {
    return (this.events ??= this.parse())[i]!;
  }

  /**
   * The digest vouched for the text when the snapshot was read; what is checked here is that it is
   * what this build writes — the events the columns name, in order — so a foreign snapshot fails
   * with a typed error (SNAPSHOT_INVALID), not with whatever a fold would make of other events.
   * A snapshot of the resumed engine writes a chunk nobody parsed back as it was read (codec.ts,
   * `reusedChunk`): one edited under a recomputed digest reaches the next snapshot, and fails here
   * when first parsed, from whichever engine that is.
   */
  private parse(): OmnithreadEvent[] {
    let events: unknown;
    try {
      events = JSON.parse(this.text!);
    } catch {
      events = undefined;
    }
    const fits =
      Array.isArray(events) &&
      events.length === this.ids.length &&
      events.every((e, i) => typeof e === 'object' && e !== null && (e as { id?: unknown }).id === this.ids[i] && typeof (e as { occurredAt?: unknown }).occurredAt === 'number');
    if (!fits) {
      throw new OmnithreadError('SNAPSHOT_INVALID', `Not a valid snapshot: events chunk ${this.line} does not hold the events its columns name. Replay the store instead.`, {
        issues: [{ path: ['events', this.line], message: 'the events do not match their ids' }],
      });
    }
    this.text = undefined;
    return events as OmnithreadEvent[];
  }
}

/** An envelope of a restored tenant: what ingest derived is at hand, the event is read on first use. */
export class RestoredEnvelope implements Envelope {
  constructor(
    private readonly chunk: EventChunk,
    private readonly at: number,
    readonly position: number,
    readonly identity: NormalizedIdentity | undefined,
    readonly refs: Envelope['refs'],
  ) {}

  get event(): OmnithreadEvent {
    return this.chunk.event(this.at);
  }

  /** The event's id, known without parsing it (what a snapshot's columns name it by). */
  get id(): string {
    return this.chunk.id(this.at);
  }

  /** The raw text of its chunk while unparsed, and its index in it (for writing a snapshot again). */
  source(): { chunk: EventChunk; at: number } {
    return { chunk: this.chunk, at: this.at };
  }

  /** Whether it is event `at` of `chunk` (a snapshot writes a chunk again whose events are all in place). */
  isAt(chunk: EventChunk, at: number): boolean {
    return this.chunk === chunk && this.at === at;
  }
}
