// Step Restore's time travel: Step Back, Reverse Continue, Restart Frame and Goto over the places
// the runtime can stop at (before a call, on one of its chunks). The session goes back with
// RestoreSession.rewindTo (channel marks, then replay), so everything shown is the state as it was.

import type { CallTrace, SavedStateDocument } from '../../core/src';
import { DataWatch } from './dataBreakpoints';
import type { StopInfo } from './stopReasons';
import { bindLineToTarget } from './breakpoints';
import { callLabel, itemLabel } from './plan';
import { RestoreRuntime } from './restoreRuntime';

/** A place the runtime stops at: before the call at step index `pending`, or on its item `item`. */
export interface Place {
  pending: number;
  item?: number;
}

/** A "Jump to Cursor" / Run to target: where it goes and how the UI names it. */
export interface GotoTarget {
  place: Place;
  label: string;
  line: number;
}

export class TimeTravelRuntime extends RestoreRuntime {
  /** Data breakpoints on channel state (dataBreakpoints.ts): checked after every call. */
  readonly dataWatch = new DataWatch();

  /** Restart: the data breakpoints' values are the new run's at its start. */
  override reload(...args: Parameters<RestoreRuntime['reload']>): void {
    super.reload(...args);
    this.dataWatch.resync(() => this.scope());
  }

  protected override afterCall(t: CallTrace): StopInfo | undefined {
    const hit = this.dataWatch.changed(() => this.scope());
    if (!hit.length) return undefined;
    return {
      reason: 'data breakpoint',
      description: `${hit.map((b) => b.dataId).join(', ')} changed in ${callLabel(this._doc.calls[t.call])}`,
      hitBreakpointIds: hit.map((b) => b.id),
    };
  }

  /** Step index of the restore call before step `pending`, or -1. */
  private previousCallStep(pending: number): number {
    for (let i = Math.min(pending, this._doc.steps.length) - 1; i >= 0; i--)
      if (this._doc.steps[i].kind === 'call') return i;
    return -1;
  }

  /** Where the current stop is in the order of places; failed and end count as after their call's last item. */
  private here(): { pending: number; item?: number; after?: boolean } | undefined {
    const f = this._focus;
    if (f.kind === 'entry') return { pending: this._pending };
    if (f.kind === 'item') return { pending: this._pending, item: f.item };
    const t = f.kind === 'failed' ? f.trace : this.lastCallTrace;
    return t && { pending: t.step, after: true };
  }

  private itemCount(pending: number): number {
    const s = this._doc.steps[pending];
    return s && s.kind === 'call' ? this._doc.calls[s.call].items.length : 0;
  }

  /**
   * Put the session at `place`: rewound when the place is behind the channel (the client is told
   * how many trace entries remain), run forward (traced, without stops) when it is ahead.
   */
  moveTo(place: Place): void {
    const before = this.previousCallStep(place.pending) + 1;
    if (before < this._session.nextStep) {
      this._session.rewindTo(before);
      this.emit('rewind', before);
    } else if (before > this._session.nextStep) {
      this.runThrough(before - 1);
    }
    this._pending = place.pending;
    this._focus = place.item === undefined ? { kind: 'entry' } : { kind: 'item', item: place.item };
    this._outcome = undefined;
    this.dataWatch.resync(() => this.scope());
  }

  private describe(place: Place): string {
    const call = this.currentCall!;
    return place.item === undefined ? `before ${callLabel(call)}` : itemLabel(call.items[place.item]);
  }

  /** The first place of the run: before the first restore call. */
  private startPlace(): Place | undefined {
    const first = this.nextCallStep(0);
    return first < this._doc.steps.length ? { pending: first } : undefined;
  }

  /** Step Back: the previous chunk inside a buffer, else before the previous call (a failed call: before it). */
  stepBack(): void {
    const h = this.here();
    if (!h) return;
    let place: Place | undefined;
    if (h.after) place = { pending: h.pending };
    else if (h.item !== undefined) place = { pending: h.pending, ...(h.item > 0 ? { item: h.item - 1 } : {}) };
    else {
      const prev = this.previousCallStep(h.pending);
      if (prev >= 0) place = { pending: prev };
    }
    if (!place) {
      this.emit('output', {
        text: 'Step Back: this is the start of the restore; nothing ran before.',
        category: 'console',
      });
      this.stopWith({ reason: 'step', description: `Start: ${this.describe({ pending: h.pending })}` });
      return;
    }
    this.moveTo(place);
    this.stopWith({ reason: 'step', description: `Stepped back: ${this.describe(place)}` });
  }

  /** The places before the current one, nearest first: items last to first, then the call's entry, call by call. */
  private *placesBehind(): Generator<Place> {
    const h = this.here();
    if (!h) return;
    let pending = h.pending;
    let item = h.after ? this.itemCount(pending) : (h.item ?? -1);
    for (;;) {
      for (let i = item - 1; i >= 0; i--) yield { pending, item: i };
      if (item >= 0) yield { pending };
      const prev = this.previousCallStep(pending);
      if (prev < 0) return;
      pending = prev;
      item = this.itemCount(pending);
    }
  }

  /** Reverse Continue: back to the nearest breakpoint that holds there, else to the start. */
  reverseContinue(): void {
    const targets = this.breakpoints.filter((b) => b.verified && b.target);
    for (const place of [...this.placesBehind()]) {
      // Where a breakpoint could match is known from the place alone (moveTo only reads the
      // session's own step); only there is the channel rewound, so a condition sees the state as it was.
      this._pending = place.pending;
      this._focus = place.item === undefined ? { kind: 'entry' } : { kind: 'item', item: place.item };
      if (!targets.some((b) => this.atTarget(b.target!))) continue;
      this.moveTo(place);
      if (this.checkBreakpoints(false)) return;
    }
    const start = this.startPlace()!;
    this.moveTo(start);
    this.stopWith({ reason: 'entry', description: `Start: ${this.describe(start)} (no breakpoint before)` });
  }

  /** Restart Frame: back to before the current call, to run it again. */
  restartCall(): void {
    const h = this.here();
    if (!h) return;
    const place = { pending: h.pending };
    this.moveTo(place);
    this.stopWith({ reason: 'restart', description: `Restarted: ${this.describe(place)}` });
  }

  /** Where a 0-based line of the text form lets "Jump to Cursor" go: its call or chunk. */
  gotoTargets(line0: number): GotoTarget[] {
    const r = bindLineToTarget(this._doc, line0);
    if (typeof r === 'string') return [];
    const t = r.target;
    if (t.kind !== 'call' && t.kind !== 'item') return [];
    const pending = this._doc.steps.findIndex((s) => s.kind === 'call' && s.call === t.call);
    if (pending < 0) return [];
    const call = this._doc.calls[t.call];
    const place: Place = t.kind === 'item' ? { pending, item: t.item } : { pending };
    const label = t.kind === 'item' ? itemLabel(call.items[t.item]) : `before ${callLabel(call)}`;
    return [{ place, label, line: r.line0 }];
  }

  /** The places of a stream-wide chunk number (0-based): on that chunk, in its call. */
  chunkTarget(chunk: number): GotoTarget | undefined {
    for (let pending = 0; pending < this._doc.steps.length; pending++) {
      const s = this._doc.steps[pending];
      if (s.kind !== 'call') continue;
      const call = this._doc.calls[s.call];
      const item = call.items.findIndex((it) => it.kind === 'chunk' && it.index === chunk);
      if (item >= 0) return { place: { pending, item }, label: itemLabel(call.items[item]), line: -1 };
    }
    return undefined;
  }

  /** Goto: move to the place, backwards or forwards, and stop there. */
  goto(place: Place): void {
    this.moveTo(place);
    this.stopWith({ reason: 'goto', description: `Jumped: ${this.describe(place)}` });
  }

  /**
   * What-if: run `doc` from the start up to where the session stands (quietly: traced, no console
   * lines), so the edited calls are the next to run. A failed call or the end goes back to before
   * its call; a place the new document lacks (the edit changed the framing) falls back to the start.
   */
  swapDocument(doc: SavedStateDocument): void {
    const h = this.here();
    this.replaceDocument(doc);
    this.emit('rewind', 0);
    let place: Place | undefined = h && {
      pending: h.pending,
      ...(h.after || h.item === undefined ? {} : { item: h.item }),
    };
    const s = place && doc.steps[place.pending];
    if (!place || !s || s.kind !== 'call') place = this.startPlace();
    else if (place.item !== undefined && place.item >= doc.calls[s.call].items.length)
      place = { pending: place.pending };
    if (!place) {
      this._focus = { kind: 'end' };
      return;
    }
    this.quiet = true;
    try {
      this.moveTo(place);
    } finally {
      this.quiet = false;
    }
  }
}
