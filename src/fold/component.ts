import { type FoldPolicies, applyEnvelope } from './apply.js';
import { type Envelope, compareEnvelopes, depthOf } from './envelope.js';
import { ComponentState, pushed } from './state.js';

/** The state of every absorbed component: empty, never folded into, never read. */
const ABSORBED = new ComponentState('');

/**
 * Re-folds start from a checkpoint once the events before the change number at least `minimum`: a
 * shorter prefix folds again about as fast as a copy of its state is taken. Not part of the API; a
 * test lowers it to put every re-fold through checkpoints.
 */
export const checkpoints = { minimum: 1024 };

/**
 * A set of events that share customers, identities or threads, kept in fold order with the state
 * folded from them. Events appended in order are applied at once; an event that lands earlier than
 * the last applied one marks the component for a re-fold, done once per batch.
 */
export class Component {
  envelopes: Envelope[] = [];
  state: ComponentState;
  /** How many of `envelopes` the state reflects; less than the length means a re-fold is due. */
  applied = 0;
  stale = false;
  /** Fold-order key (occurredAt, depth, id) of the last envelope. */
  private lastAt = -Infinity;
  private lastDepth = 0;
  private lastId = '';
  /** The component that absorbed this one, once two became connected. */
  into: Component | undefined = undefined;
  /**
   * The state folded from the first `at` envelopes, never folded into since: where the next re-fold
   * starts instead of the first envelope. Dropped when an insert or an absorb changes those envelopes.
   */
  private checkpoint: { readonly at: number; readonly state: ComponentState } | undefined = undefined;
  /** The index of the earliest envelope inserted out of order since the last fold. */
  private firstChanged = Infinity;
  /** Where the last re-fold started (0: from an empty state): what tests and profiles look at. */
  lastRefoldFrom = 0;

  constructor(readonly tenantId: string) {
    this.state = new ComponentState(tenantId);
  }

  /**
   * Inserts an envelope at its place in fold order. Returns true when it was applied at once (it came
   * after everything already applied), false when the component now needs a re-fold.
   */
  insert(env: Envelope, policies: FoldPolicies): boolean {
    const at = env.event.occurredAt;
    const id = env.event.id;
    // The last envelope's order key lives on the component: an in-order append reads no envelope.
    if (at > this.lastAt || (at === this.lastAt && this.after(depthOf(env.event), id))) {
      this.lastAt = at;
      this.lastDepth = depthOf(env.event);
      this.lastId = id;
      const list = (this.envelopes = pushed(this.envelopes, env));
      if (!this.stale && this.applied === list.length - 1) {
        applyEnvelope(this.state, env, policies);
        this.applied++;
        return true;
      }
      this.stale = true;
      return false;
    }
    // Binary search for the first envelope after `env`.
    const list = this.envelopes;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareEnvelopes(list[mid]!, env) < 0) lo = mid + 1;
      else hi = mid;
    }
    list.splice(lo, 0, env);
    if (lo < this.firstChanged) this.firstChanged = lo;
    if (this.checkpoint !== undefined && lo < this.checkpoint.at) this.checkpoint = undefined;
    this.noteLast();
    this.stale = true;
    return false;
  }

  /** A component restored from a snapshot: its events in fold order and the state folded from them. */
  static restored(tenantId: string, envelopes: Envelope[], state: ComponentState, last: readonly [number, number, string] | null): Component {
    const comp = new Component(tenantId);
    comp.envelopes = envelopes;
    comp.state = state;
    comp.applied = envelopes.length;
    // The last event's order key comes with the snapshot: reading it here would parse its events.
    if (last === null || envelopes.length === 0) comp.noteLast();
    else [comp.lastAt, comp.lastDepth, comp.lastId] = last;
    return comp;
  }

  /** The fold-order key of the last envelope, for a snapshot; null without envelopes. */
  lastKey(): [number, number, string] | null {
    return this.envelopes.length === 0 ? null : [this.lastAt, this.lastDepth, this.lastId];
  }

  /** Absorbs another component's events (two components became connected). */
  absorb(other: Component): void {
    const merged = this.envelopes.concat(other.envelopes);
    merged.sort(compareEnvelopes);
    this.envelopes = merged;
    this.noteLast();
    this.stale = true;
    this.checkpoint = undefined;
    this.firstChanged = 0;
  }

  /** This component's events now live in `big`: keep only the pointer to it. */
  absorbedBy(big: Component): void {
    this.into = big;
    this.envelopes = [];
    this.state = ABSORBED;
    this.checkpoint = undefined;
  }

  /**
   * Folds the envelopes again: from the checkpoint when there is one (an insert before it would have
   * dropped it), else from an empty state. On the way it copies the state just before the earliest
   * envelope inserted since the last fold: late events mostly land close behind the previous ones, so
   * the next re-fold starts there. Returns the state it replaced.
   */
  refold(policies: FoldPolicies): ComponentState {
    const previous = this.state;
    const envelopes = this.envelopes;
    const start = this.checkpoint;
    const mark = this.firstChanged < envelopes.length ? this.firstChanged : (start?.at ?? 0);
    this.checkpoint = undefined;
    this.firstChanged = Infinity;
    // The checkpoint's state is folded into (it is never read again); the new one is a copy.
    const state = start === undefined ? new ComponentState(this.tenantId) : start.state;
    this.lastRefoldFrom = start === undefined ? 0 : start.at;
    for (let i = start === undefined ? 0 : start.at; i < envelopes.length; i++) {
      if (i === mark && mark >= checkpoints.minimum) this.checkpoint = { at: i, state: state.copy() };
      applyEnvelope(state, envelopes[i]!, policies);
    }
    this.state = state;
    this.applied = envelopes.length;
    this.stale = false;
    return previous;
  }

  /** Whether (depth, id) comes after the last envelope's, at the same time. */
  private after(depth: number, id: string): boolean {
    return depth > this.lastDepth || (depth === this.lastDepth && id > this.lastId);
  }

  private noteLast(): void {
    const last = this.envelopes[this.envelopes.length - 1];
    this.lastAt = last === undefined ? -Infinity : last.event.occurredAt;
    this.lastDepth = last === undefined ? 0 : depthOf(last.event);
    this.lastId = last === undefined ? '' : last.event.id;
  }
}
