// Where the Step Restore runtime is: the document, the emulated session, the step index of the
// pending call and the focus, with the questions asked about them (current call, item, result)
// and the events the runtime reports. restoreRuntime.ts moves the position; this only reads it.

import { EventEmitter } from 'node:events';
import {
  RestoreSession,
  type ByteRange,
  type CallNode,
  type CallTrace,
  type OpTrace,
  type RestoreOutcome,
  type SavedStateDocument,
  type TextRange,
  type TraceEntry,
} from '../../core/src';
import type { BreakpointTarget, RuntimeBreakpoint } from './breakpoints';
import type { Item, OutputCategory } from './plan';
import type { StopInfo } from './stopReasons';

/**
 * Where the session is stopped. `pending` (in the runtime) is always the step index of the next
 * restore call to run; the focus says what the user looks at.
 */
export type Focus =
  /** Before the pending call: the whole buffer. */
  | { kind: 'entry' }
  /** On one item (chunk or raw bytes) of the pending call: stepped in, not run yet. */
  | { kind: 'item'; item: number }
  /** After a call that stopped on an exception filter; `item` is the chunk at fault, if any. */
  | { kind: 'failed'; trace: CallTrace; item?: number }
  /** Every step ran. */
  | { kind: 'end' };

export interface OutputInfo {
  text: string;
  category: OutputCategory;
  /** Where the line points, for text documents (0-based). */
  text0?: TextRange;
  bytes?: ByteRange;
}

export interface RuntimeEvents {
  stop: [StopInfo];
  output: [OutputInfo];
  trace: [TraceEntry];
  outcome: [RestoreOutcome];
  terminated: [];
  breakpointChanged: [RuntimeBreakpoint];
  /** Time travel took the session back: only the first `steps` steps have run now. */
  rewind: [number];
}

export abstract class RuntimeState extends EventEmitter<RuntimeEvents> {
  protected _doc: SavedStateDocument;
  protected _session: RestoreSession;
  /** The same document run to the end up front: the emulator is deterministic, so this is what each call will return. */
  protected _preview: readonly TraceEntry[] = [];
  protected _outcome?: RestoreOutcome;
  protected _pending = 0;
  protected _focus: Focus = { kind: 'entry' };
  protected _terminated = false;
  protected _lastStop?: StopInfo;

  constructor(doc: SavedStateDocument) {
    super();
    this._doc = doc;
    this._session = new RestoreSession(doc, { rewindable: true });
  }

  get doc(): SavedStateDocument {
    return this._doc;
  }
  get session(): RestoreSession {
    return this._session;
  }
  get focus(): Focus {
    return this._focus;
  }
  /** Step index of the next restore call; doc.steps.length once no call remains. */
  get pending(): number {
    return this._pending;
  }
  get ended(): boolean {
    return this._focus.kind === 'end';
  }
  get terminated(): boolean {
    return this._terminated;
  }
  get lastStop(): StopInfo | undefined {
    return this._lastStop;
  }
  get outcome(): RestoreOutcome | undefined {
    return this._outcome;
  }

  /** The call the focus is about: the pending one, the one that failed, or the last one at the end. */
  get currentCall(): CallNode | undefined {
    const f = this._focus;
    if (f.kind === 'failed') return this._doc.calls[f.trace.call];
    if (f.kind === 'end') {
      const last = this.lastCallTrace;
      return last ? this._doc.calls[last.call] : undefined;
    }
    const s = this._doc.steps[this._pending];
    return s && s.kind === 'call' ? this._doc.calls[s.call] : undefined;
  }

  /** Whether the current call has run (failed focus, end). */
  get currentCallRan(): boolean {
    return this._focus.kind === 'failed' || this._focus.kind === 'end';
  }

  get currentItem(): Item | undefined {
    const f = this._focus;
    const call = this.currentCall;
    if (!call) return undefined;
    if (f.kind === 'item') return call.items[f.item];
    if (f.kind === 'failed' && f.item !== undefined) return call.items[f.item];
    return undefined;
  }

  get lastCallTrace(): CallTrace | undefined {
    const t = this._session.trace;
    for (let i = t.length - 1; i >= 0; i--) {
      const e = t[i];
      if (e.kind === 'call') return e;
    }
    return undefined;
  }

  /** What the current call returns: its result once run, else the emulated preview. */
  get currentCallResult(): { trace: CallTrace; preview: boolean } | undefined {
    const f = this._focus;
    if (f.kind === 'failed') return { trace: f.trace, preview: false };
    if (f.kind === 'end') {
      const t = this.lastCallTrace;
      return t && { trace: t, preview: false };
    }
    const p = this._preview[this._pending];
    return p && p.kind === 'call' ? { trace: p, preview: true } : undefined;
  }

  /** Channel operations that run as part of the pending call, before it. */
  get pendingOps(): OpTrace['op'][] {
    const out: OpTrace['op'][] = [];
    for (let i = this._session.nextStep; i < Math.min(this._pending, this._doc.steps.length); i++) {
      const s = this._doc.steps[i];
      if (s.kind === 'op') out.push(s.op);
    }
    return out;
  }

  get callCount(): number {
    return this._doc.steps.filter((s) => s.kind === 'call').length;
  }

  /** The first step index at or after `from` that is a restore call; doc.steps.length if none. */
  protected nextCallStep(from: number): number {
    const steps = this._doc.steps;
    for (let i = from; i < steps.length; i++) if (steps[i].kind === 'call') return i;
    return steps.length;
  }

  /** Whether the position (just reached) is where a breakpoint target points. */
  protected atTarget(t: BreakpointTarget): boolean {
    const f = this._focus;
    const call = this.currentCall;
    if (!call) return false;
    if (f.kind === 'entry') {
      return (t.kind === 'call' && t.call === call.index) || t.kind === 'everyCall';
    }
    if (f.kind !== 'item') return false;
    const it = call.items[f.item];
    if (!it) return false;
    switch (t.kind) {
      case 'item':
        return t.call === call.index && t.item === f.item;
      case 'everyChunk':
        return true;
      case 'type':
        return it.kind === 'chunk' ? it.typeName.toUpperCase() === t.typeName : t.typeName === 'RAW';
      case 'chunkNo':
        return it.kind === 'chunk' && it.index === t.chunk;
      case 'sequence':
        return it.kind === 'chunk' && it.header?.sequence === t.sequence;
      case 'offset':
        return t.offset >= it.bytes.start && t.offset < Math.max(it.bytes.end, it.bytes.start + 1);
      default:
        return false;
    }
  }
}
