// The Step Restore runtime: drives a RestoreSession over one decoded document the way a driver
// calls VmbChannelRestoreFromBuffer, one buffer at a time, and knows where execution "is":
// before a call, on one chunk of the call about to run (step in), after a call that failed, or
// at the end. It owns breakpoints, conditions, hit counts and exception filters, and reports
// everything through events. No VS Code or DAP types here: stepRestoreSession.ts adapts it.

import { EventEmitter } from 'node:events';
import {
  formatStatus, ntSuccess, RestoreSession, STATUS, statusHex, statusName, type ByteRange, type CallNode, type CallTrace, type ChunkNode, type OpTrace, type Problem, type RawNode, type RestoreOutcome, type SavedStateDocument, type TextRange, type TraceEntry,
} from '../../core/src';
import { display, Expression, ExpressionError, type EvalScope } from './expression';
import { printable } from './printing';
import type { PlanEventBody } from './protocol';

// ---------------------------------------------------------------------------------------------
// Positions

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

export type StopReason = 'entry' | 'step' | 'breakpoint' | 'function breakpoint' | 'exception';

export interface StopInfo {
  reason: StopReason;
  /** Short text for the stopped event (shown in the CALL STACK view). */
  description: string;
  /** Longer text (exception message). */
  text?: string;
  hitBreakpointIds?: number[];
  /** The exception filter that stopped, when reason is 'exception'. */
  filter?: ExceptionFilterId;
}

export type OutputCategory = 'console' | 'stdout' | 'stderr' | 'important';

export interface OutputInfo {
  text: string;
  category: OutputCategory;
  /** Where the line points, for text documents (0-based). */
  text0?: TextRange;
  bytes?: ByteRange;
}

// ---------------------------------------------------------------------------------------------
// Breakpoints

export type BreakpointTarget =
  | { kind: 'call'; call: number }
  | { kind: 'item'; call: number; item: number }
  | { kind: 'everyCall' }
  | { kind: 'everyChunk' }
  | { kind: 'type'; typeName: string }
  | { kind: 'chunkNo'; chunk: number }
  | { kind: 'sequence'; sequence: number }
  | { kind: 'offset'; offset: number };

export interface HitCondition {
  op: '==' | '>=' | '>' | '<' | '<=' | '%';
  n: number;
  source: string;
}

export interface RuntimeBreakpoint {
  id: number;
  origin: 'line' | 'function';
  verified: boolean;
  message?: string;
  /** 1-based line requested and the line it was bound to (line breakpoints). */
  requestedLine?: number;
  line?: number;
  /** Function breakpoints: the name as typed. */
  name?: string;
  target?: BreakpointTarget;
  condition?: Expression;
  hitCondition?: HitCondition;
  logMessage?: string;
  hits: number;
}

export interface BreakpointSpec {
  line?: number;
  name?: string;
  condition?: string;
  hitCondition?: string;
  logMessage?: string;
}

export type ExceptionFilterId = 'failure' | 'nonSuccess' | 'expectMismatch';

export const EXCEPTION_FILTERS: readonly { filter: ExceptionFilterId; label: string; description: string; default: boolean }[] = [
  {
    filter: 'failure',
    label: 'Restore call failed',
    description: 'Stop when VmbChannelRestoreFromBuffer returns a failure: NT_SUCCESS is FALSE and the status is not STATUS_MORE_PROCESSING_REQUIRED.',
    default: true,
  },
  {
    filter: 'nonSuccess',
    label: 'Any status other than SUCCESS/MORE_PROCESSING_REQUIRED',
    description: 'Stop after every restore call that returns anything but STATUS_SUCCESS or STATUS_MORE_PROCESSING_REQUIRED.',
    default: false,
  },
  {
    filter: 'expectMismatch',
    label: '.expect mismatch',
    description: 'Stop when a call returns a status other than the .expect line after it says (text form).',
    default: false,
  },
];

export function parseHitCondition(s: string): HitCondition | undefined {
  const m = /^\s*(==|=|>=|>|<=|<|%)?\s*(\d+)\s*$/.exec(s);
  if (!m) return undefined;
  const op = (m[1] === '=' || !m[1] ? '==' : m[1]) as HitCondition['op'];
  const n = Number(m[2]);
  if (op === '%' && n === 0) return undefined;
  return { op, n, source: s.trim() };
}

function hitMatches(h: HitCondition, hits: number): boolean {
  switch (h.op) {
    case '==': return hits === h.n;
    case '>=': return hits >= h.n;
    case '>': return hits > h.n;
    case '<': return hits < h.n;
    case '<=': return hits <= h.n;
    case '%': return hits % h.n === 0;
  }
}

/** `GPADL`, `call 3`, `chunk 4`, `seq 2`, `@0x60`, `call`, `chunk`: what a function breakpoint names. */
export function parseFunctionBreakpoint(name: string): BreakpointTarget | string {
  const s = name.trim();
  let m: RegExpExecArray | null;
  if (/^(calls?|\*call)$/i.test(s)) return { kind: 'everyCall' };
  if (/^(chunks?|\*|\*chunk)$/i.test(s)) return { kind: 'everyChunk' };
  if ((m = /^call\s*#?\s*(\d+)$/i.exec(s))) return Number(m[1]) >= 1 ? { kind: 'call', call: Number(m[1]) - 1 } : 'Calls count from 1.';
  if ((m = /^chunk\s*#?\s*(\d+)$/i.exec(s))) return Number(m[1]) >= 1 ? { kind: 'chunkNo', chunk: Number(m[1]) - 1 } : 'Chunks count from 1.';
  if ((m = /^(?:seq|sequence)\s*[=#]?\s*(0x[0-9a-f]+|\d+)$/i.exec(s))) return { kind: 'sequence', sequence: Number(m[1]) };
  if ((m = /^(?:@|offset\s*)(0x[0-9a-f]+|\d+)$/i.exec(s))) return { kind: 'offset', offset: Number(m[1]) };
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(s)) return { kind: 'type', typeName: s.toUpperCase() };
  if ((m = /^0x([0-9a-f]{1,4})$/i.exec(s))) return { kind: 'type', typeName: '0x' + m[1].toUpperCase().padStart(4, '0') };
  return `"${s}" names no chunk: use a chunk type (GPADL, END, …), "call N", "chunk N", "seq N", "@offset", "call" or "chunk".`;
}

// ---------------------------------------------------------------------------------------------
// Text helpers

/** Whether a 0-based line falls inside a range that may end at column 0 of the next line. */
export function lineInRange(r: TextRange, line: number): boolean {
  const last = r.end.character === 0 && r.end.line > r.start.line ? r.end.line - 1 : r.end.line;
  return line >= r.start.line && line <= last;
}

export type Item = ChunkNode | RawNode;

const linesCache = new WeakMap<SavedStateDocument, string[]>();

/**
 * The whole block of an item in the text form: its `.chunk` (or `.raw`) line through the matching
 * `.end` (`.endraw`). The decoder gives items the directive line; breakpoints and stack frames
 * cover the block.
 */
export function blockText(doc: SavedStateDocument, it: Item): TextRange | undefined {
  const t = it.text;
  if (!t || doc.form !== 'text' || doc.text === undefined) return t;
  let lines = linesCache.get(doc);
  if (!lines) {
    lines = doc.text.split(/\r\n|\r|\n/);
    linesCache.set(doc, lines);
  }
  const first = t.start.line;
  const opener = (lines[first] ?? '').trim();
  const isRaw = /^\.raw\b/.test(opener);
  if (!isRaw && !/^\.chunk\b/.test(opener)) return t;
  const closer = isRaw ? /^\.endraw\b/ : /^\.end\b(?!raw)/;
  for (let i = first + 1; i < lines.length; i++) {
    const l = lines[i].trim();
    if (closer.test(l)) return { start: t.start, end: { line: i, character: lines[i].length } };
    if (/^\.(chunk|call|raw|op|expect|expect-end|channel|stream)\b/.test(l)) return { start: t.start, end: { line: i - 1, character: lines[i - 1].length } };
  }
  const last = lines.length - 1;
  return { start: t.start, end: { line: last, character: lines[last].length } };
}

/** The plan event a session sends on launch: every call with its buffer, chunks and expectation. */
export function planEvent(doc: SavedStateDocument, uri: string, path: string): PlanEventBody {
  const runs = new Set(doc.steps.flatMap((s) => (s.kind === 'call' ? [s.call] : [])));
  return {
    uri,
    path,
    form: doc.form,
    size: doc.bytes.length,
    steps: doc.steps,
    problems: doc.problems.length,
    calls: doc.calls.map((c) => ({
      call: c.index,
      bytes: c.bytes,
      size: c.size,
      bufferNull: c.bufferNull,
      ...(c.text ? { text: c.text } : {}),
      runs: runs.has(c.index),
      ...(c.expect ? { expect: { status: c.expect.status, statusName: statusName(c.expect.status) ?? statusHex(c.expect.status), ...(c.expect.diag ? { diag: c.expect.diag } : {}) } } : {}),
      items: c.items.map((it) =>
        it.kind === 'chunk'
          ? { kind: 'chunk' as const, index: it.index, typeName: it.typeName, ...(it.header ? { sequence: it.header.sequence } : {}), bytes: it.bytes, ...(it.text ? { text: blockText(doc, it) } : {}) }
          : { kind: 'raw' as const, typeName: 'raw', bytes: it.bytes, ...(it.text ? { text: blockText(doc, it) } : {}) },
      ),
    })),
  };
}

export function callLabel(call: CallNode): string {
  const n = call.items.filter((i) => i.kind === 'chunk').length;
  const size = call.size !== call.bytes.end - call.bytes.start ? ` size=${call.size}` : '';
  const buf = call.bufferNull ? ' buffer=NULL' : '';
  return `call ${call.index + 1} [${call.bytes.start}..${call.bytes.end})${buf}${size} ${n} chunk${n === 1 ? '' : 's'}`;
}

export function itemLabel(it: Item): string {
  const at = '@0x' + it.bytes.start.toString(16).toUpperCase();
  if (it.kind === 'raw') return `raw ${at} (${it.bytes.end - it.bytes.start} bytes)`;
  return `chunk ${it.index + 1} ${it.typeName} ${at}`;
}

/**
 * One console line per restore call (plus indented detail lines). `at` is the text a line links
 * to when it is not the call's own: the `.expect` line for the `.expect` check.
 */
export function traceLines(doc: SavedStateDocument, e: TraceEntry): { text: string; category: OutputCategory; at?: TextRange }[] {
  if (e.kind === 'op') return [{ text: `op ${e.message}`, category: e.ok ? 'stdout' : 'stderr' }];
  const call = doc.calls[e.call];
  const failed = isFailure(e.status);
  const out: { text: string; category: OutputCategory; at?: TextRange }[] = [{ text: `${callLabel(call)} → ${formatStatus(e.status)}`, category: failed ? 'stderr' : 'stdout' }];
  if (e.failure) out.push({ text: `    ${e.failure.code}: ${e.failure.message}`, category: 'stderr' });
  for (const w of e.warnings) out.push({ text: `    warning ${w.code}: ${w.message}`, category: 'stdout' });
  if (e.expect) {
    const at = call.expect?.text ? { at: call.expect.text } : {};
    out.push(
      e.expect.ok
        ? { text: `    .expect ${formatStatus(e.expect.status)}${e.expect.diag ? ` diag=${e.expect.diag}` : ''}: ok`, category: 'stdout', ...at }
        : { text: `    .expect ${formatStatus(e.expect.status)}${e.expect.diag ? ` diag=${e.expect.diag}` : ''}: MISMATCH, returned ${formatStatus(e.status)}${e.failure ? ` (${e.failure.code})` : ''}`, category: 'stderr', ...at },
    );
  }
  return out;
}

/** A restore failure: NT_SUCCESS false, except the STATUS_MORE_PROCESSING_REQUIRED trap. */
export function isFailure(status: number): boolean {
  return !ntSuccess(status) && status >>> 0 !== STATUS.STATUS_MORE_PROCESSING_REQUIRED;
}

export function isNonSuccess(status: number): boolean {
  const s = status >>> 0;
  return s !== STATUS.STATUS_SUCCESS && s !== STATUS.STATUS_MORE_PROCESSING_REQUIRED;
}

// ---------------------------------------------------------------------------------------------
// Runtime

export interface RuntimeEvents {
  stop: [StopInfo];
  output: [OutputInfo];
  trace: [TraceEntry];
  outcome: [RestoreOutcome];
  terminated: [];
  breakpointChanged: [RuntimeBreakpoint];
}

export interface RuntimeOptions {
  /** Stop when a call fails (launch attribute breakOnFailure); combines with the 'failure' filter. */
  breakOnFailure?: boolean;
}

/** Builds the expression scope for the current position; supplied by inspect.ts. */
export type ScopeFactory = (rt: RestoreRuntime) => EvalScope;

export class RestoreRuntime extends EventEmitter<RuntimeEvents> {
  private _doc: SavedStateDocument;
  private _session: RestoreSession;
  /** The same document run to the end up front: the emulator is deterministic, so this is what each call will return. */
  private _preview: readonly TraceEntry[] = [];
  private _outcome?: RestoreOutcome;
  private _pending = 0;
  private _focus: Focus = { kind: 'entry' };
  private _started = false;
  private _terminated = false;
  private _lastStop?: StopInfo;
  private nextBreakpointId = 1;
  private lineBreakpoints: RuntimeBreakpoint[] = [];
  private functionBreakpoints: RuntimeBreakpoint[] = [];
  private filters = new Map<ExceptionFilterId, { condition?: Expression }>(EXCEPTION_FILTERS.filter((f) => f.default).map((f) => [f.filter, {}]));
  /** Set by the adapter: how expressions see the current position. */
  scopeFactory?: ScopeFactory;

  constructor(
    doc: SavedStateDocument,
    readonly file: string,
    private options: RuntimeOptions = {},
  ) {
    super();
    this._doc = doc;
    this._session = new RestoreSession(doc);
    this.prepare();
  }

  // --- state ----------------------------------------------------------------------------------

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
  get breakOnFailure(): boolean {
    return this.options.breakOnFailure !== false;
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

  // --- lifecycle ------------------------------------------------------------------------------

  private prepare(): void {
    const preview = new RestoreSession(this._doc);
    preview.runToEnd();
    this._preview = preview.trace;
    this._session.reset();
    this._outcome = undefined;
    this._pending = this.nextCallStep(0);
    this._focus = this._pending < this._doc.steps.length ? { kind: 'entry' } : { kind: 'end' };
    this._started = false;
    this._terminated = false;
    this._lastStop = undefined;
    for (const b of [...this.lineBreakpoints, ...this.functionBreakpoints]) b.hits = 0;
  }

  /** Replace the document (restart after the file changed) and rebind line breakpoints. */
  reload(doc: SavedStateDocument, options?: RuntimeOptions): void {
    this._doc = doc;
    if (options) this.options = options;
    this._session = new RestoreSession(doc);
    this.prepare();
    for (const b of this.lineBreakpoints) {
      const before = `${b.verified}:${b.line}`;
      this.bindLine(b);
      if (`${b.verified}:${b.line}` !== before) this.emit('breakpointChanged', b);
    }
  }

  /** Begin executing: stop on entry, or run until something stops it. */
  start(stopOnEntry: boolean): void {
    this._started = true;
    if (this._focus.kind === 'end') {
      // No restore call at all (only channel operations, or nothing framed).
      this.runRemaining();
      this.terminate();
      return;
    }
    if (stopOnEntry) {
      this.stopWith({ reason: 'entry', description: `Before ${callLabel(this.currentCall!)}` });
      return;
    }
    const hit = this.checkBreakpoints();
    if (hit) return;
    this.continue();
  }

  get started(): boolean {
    return this._started;
  }

  // --- execution ------------------------------------------------------------------------------

  private nextCallStep(from: number): number {
    const steps = this._doc.steps;
    for (let i = from; i < steps.length; i++) if (steps[i].kind === 'call') return i;
    return steps.length;
  }

  /** Run steps up to and including step index `last`, logging each; returns the last call's trace. */
  private runThrough(last: number): CallTrace | undefined {
    let call: CallTrace | undefined;
    while (this._session.nextStep <= last) {
      const e = this._session.step();
      if (!e) break;
      this.emit('trace', e);
      for (const l of traceLines(this._doc, e)) {
        const where = e.kind === 'call' ? this._doc.calls[e.call] : undefined;
        const text0 = l.at ?? where?.text;
        this.emit('output', { text: l.text, category: l.category, ...(text0 ? { text0 } : {}), ...(where ? { bytes: where.bytes } : {}) });
      }
      if (e.kind === 'call') call = e;
    }
    return call;
  }

  /** Trailing operations after the last call, then the outcome and harness findings. */
  private runRemaining(): void {
    this.runThrough(this._doc.steps.length - 1);
    this._pending = this._doc.steps.length;
    this._focus = { kind: 'end' };
    if (this._outcome) return;
    const outcome = this._session.outcome();
    this._outcome = outcome;
    const calls = this._session.trace.filter((t) => t.kind === 'call').length;
    const how =
      outcome.status === STATUS.STATUS_SUCCESS ? 'restore finished'
      : outcome.status === STATUS.STATUS_END_OF_FILE ? 'input ended before restore finished'
      : 'restore failed';
    this.emit('output', { text: `${how}: ${formatStatus(outcome.status)} after ${calls} call${calls === 1 ? '' : 's'}`, category: isFailure(outcome.status) ? 'stderr' : 'stdout' });
    for (const f of outcome.findings) {
      this.emit('output', { text: `${f.code}: ${f.message}`, category: 'stderr', ...(f.text ? { text0: f.text } : {}), ...(f.bytes ? { bytes: f.bytes } : {}) });
    }
    this.emit('outcome', outcome);
  }

  private terminate(): void {
    if (this._terminated) return;
    this._terminated = true;
    this.emit('terminated');
  }

  private stopWith(info: StopInfo): void {
    this._lastStop = info;
    this.emit('stop', info);
  }

  /** Run the pending call (with the operations before it) and decide where to stop. */
  private runPendingCall(then: 'entry' | 'firstItem'): 'stopped' | 'continue' | 'ended' {
    if (this._pending >= this._doc.steps.length) {
      this.runRemaining();
      return 'ended';
    }
    const t = this.runThrough(this._pending);
    this._pending = this.nextCallStep(this._pending + 1);
    if (t) {
      const exc = this.exceptionHit(t);
      if (exc) {
        this.stopWith(exc);
        return 'stopped';
      }
    }
    if (this._pending >= this._doc.steps.length) {
      this.runRemaining();
      return 'ended';
    }
    const call = this.currentCall!;
    this._focus = then === 'firstItem' && call.items.length ? { kind: 'item', item: 0 } : { kind: 'entry' };
    return 'continue';
  }

  private endStop(): void {
    const o = this._outcome!;
    this.stopWith({ reason: 'step', description: `End of input: ${formatStatus(o.status)}` });
  }

  /** Step Over: run the next restore call. */
  next(): void {
    if (this.ended) return this.terminate();
    const r = this.runPendingCall('entry');
    if (r === 'ended') return this.endStop();
    if (r === 'continue') this.stopWith({ reason: 'step', description: `Before ${callLabel(this.currentCall!)}` });
  }

  /** Step Out: finish the current buffer. */
  stepOut(): void {
    this.next();
  }

  /** Step In: the next chunk of the pending call; past its last chunk the call runs. */
  stepIn(): void {
    const f = this._focus;
    if (f.kind === 'end') return this.terminate();
    const call = this.currentCall;
    if (f.kind === 'failed') {
      if (this._pending >= this._doc.steps.length) {
        this.runRemaining();
        return this.endStop();
      }
      this._focus = { kind: 'entry' };
      return this.stepIn();
    }
    if (f.kind === 'entry' && call && call.items.length) {
      this._focus = { kind: 'item', item: 0 };
      return this.stopWith({ reason: 'step', description: itemLabel(call.items[0]) });
    }
    if (f.kind === 'item' && call && f.item + 1 < call.items.length) {
      this._focus = { kind: 'item', item: f.item + 1 };
      return this.stopWith({ reason: 'step', description: itemLabel(call.items[f.item + 1]) });
    }
    const r = this.runPendingCall('firstItem');
    if (r === 'ended') return this.endStop();
    if (r === 'continue') {
      const it = this.currentItem;
      this.stopWith({ reason: 'step', description: it ? itemLabel(it) : `Before ${callLabel(this.currentCall!)}` });
    }
  }

  /** Continue: to the next breakpoint, the next failure the filters stop on, or the end. */
  continue(): void {
    if (this.ended) return this.terminate();
    for (;;) {
      const f = this._focus;
      const call = this.currentCall;
      if (f.kind === 'failed') {
        if (this._pending >= this._doc.steps.length) {
          this.runRemaining();
          return this.terminate();
        }
        this._focus = { kind: 'entry' };
        if (this.checkBreakpoints()) return;
        continue;
      }
      if (f.kind === 'entry' && call && call.items.length) {
        this._focus = { kind: 'item', item: 0 };
        if (this.checkBreakpoints()) return;
        continue;
      }
      if (f.kind === 'item' && call && f.item + 1 < call.items.length) {
        this._focus = { kind: 'item', item: f.item + 1 };
        if (this.checkBreakpoints()) return;
        continue;
      }
      const r = this.runPendingCall('entry');
      if (r === 'stopped') return;
      if (r === 'ended') return this.terminate();
      if (this.checkBreakpoints()) return;
    }
  }

  // --- exception filters ----------------------------------------------------------------------

  setExceptionFilters(filters: { filter: string; condition?: string }[]): { verified: boolean; message?: string }[] {
    this.filters.clear();
    return filters.map((f) => {
      const id = f.filter as ExceptionFilterId;
      if (!EXCEPTION_FILTERS.some((x) => x.filter === id)) return { verified: false, message: `Unknown exception filter "${f.filter}".` };
      if (f.condition && f.condition.trim()) {
        try {
          this.filters.set(id, { condition: new Expression(f.condition) });
        } catch (e) {
          this.filters.set(id, {});
          return { verified: false, message: `Condition ignored: ${(e as Error).message}` };
        }
      } else {
        this.filters.set(id, {});
      }
      return { verified: true };
    });
  }

  /** The stop a finished call causes under the enabled filters, if any; moves the focus there. */
  private exceptionHit(t: CallTrace): StopInfo | undefined {
    const matches: ExceptionFilterId[] = [];
    if (this.breakOnFailure && this.filters.has('failure') && isFailure(t.status)) matches.push('failure');
    if (this.filters.has('nonSuccess') && isNonSuccess(t.status)) matches.push('nonSuccess');
    if (this.filters.has('expectMismatch') && t.expect && !t.expect.ok) matches.push('expectMismatch');
    if (!matches.length) return undefined;
    const prev = this._focus;
    this._focus = { kind: 'failed', trace: t, item: this.itemOfProblem(t) };
    for (const m of matches) {
      const cond = this.filters.get(m)?.condition;
      if (cond && !this.testCondition(cond, `exception filter "${m}"`)) continue;
      const call = this._doc.calls[t.call];
      const what = t.failure ? `${t.failure.code}: ${t.failure.message}` : m === 'expectMismatch' ? `.expect ${formatStatus(t.expect!.status)} but the call returned ${formatStatus(t.status)}` : formatStatus(t.status);
      return {
        reason: 'exception',
        filter: m,
        description: `${callLabel(call)} → ${formatStatus(t.status)}`,
        text: what,
      };
    }
    this._focus = prev;
    return undefined;
  }

  /** Index in the call's items of the chunk a failure points at. */
  private itemOfProblem(t: CallTrace): number | undefined {
    const call = this._doc.calls[t.call];
    const f: Problem | undefined = t.failure;
    if (!f) return undefined;
    if (f.chunk !== undefined) {
      const i = call.items.findIndex((it) => it.kind === 'chunk' && it.index === f.chunk);
      if (i >= 0) return i;
    }
    if (f.bytes) {
      const at = f.bytes.start;
      const i = call.items.findIndex((it) => at >= it.bytes.start && at < it.bytes.end);
      if (i >= 0) return i;
    }
    return undefined;
  }

  // --- breakpoints ----------------------------------------------------------------------------

  private makeBreakpoint(origin: RuntimeBreakpoint['origin'], spec: BreakpointSpec): RuntimeBreakpoint {
    const bp: RuntimeBreakpoint = { id: this.nextBreakpointId++, origin, verified: false, hits: 0 };
    const problems: string[] = [];
    if (spec.condition && spec.condition.trim()) {
      try {
        bp.condition = new Expression(spec.condition);
      } catch (e) {
        problems.push(`Condition: ${(e as Error).message}`);
      }
    }
    if (spec.hitCondition && spec.hitCondition.trim()) {
      const h = parseHitCondition(spec.hitCondition);
      if (h) bp.hitCondition = h;
      else problems.push(`Hit count "${spec.hitCondition}": use N, =N, >=N, >N, <N, <=N or %N.`);
    }
    if (spec.logMessage) bp.logMessage = spec.logMessage;
    if (problems.length) bp.message = problems.join(' ');
    return bp;
  }

  /** Line breakpoints for the document's own source; 1-based lines in and out. */
  setLineBreakpoints(specs: BreakpointSpec[]): RuntimeBreakpoint[] {
    this.lineBreakpoints = specs.map((s) => {
      const bp = this.makeBreakpoint('line', s);
      bp.requestedLine = s.line;
      this.bindLine(bp);
      return bp;
    });
    return this.lineBreakpoints;
  }

  private bindLine(bp: RuntimeBreakpoint): void {
    const bad = bp.message && (bp.message.startsWith('Condition') || bp.message.startsWith('Hit count'));
    const line0 = (bp.requestedLine ?? 1) - 1;
    const r = bindLineToTarget(this._doc, line0);
    if (typeof r === 'string') {
      bp.verified = false;
      bp.target = undefined;
      bp.line = bp.requestedLine;
      bp.message = bad ? bp.message : r;
      return;
    }
    bp.target = r.target;
    bp.line = r.line0 + 1;
    bp.verified = !bad;
    if (!bad) bp.message = undefined;
  }

  setFunctionBreakpoints(specs: BreakpointSpec[]): RuntimeBreakpoint[] {
    this.functionBreakpoints = specs.map((s) => {
      const bp = this.makeBreakpoint('function', s);
      bp.name = s.name ?? '';
      const t = parseFunctionBreakpoint(bp.name);
      if (typeof t === 'string') {
        bp.message = t;
        bp.verified = false;
      } else {
        bp.target = t;
        bp.verified = !bp.message;
      }
      return bp;
    });
    return this.functionBreakpoints;
  }

  get breakpoints(): readonly RuntimeBreakpoint[] {
    return [...this.lineBreakpoints, ...this.functionBreakpoints];
  }

  private targetMatches(t: BreakpointTarget): boolean {
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
      case 'item': return t.call === call.index && t.item === f.item;
      case 'everyChunk': return true;
      case 'type': return it.kind === 'chunk' ? it.typeName.toUpperCase() === t.typeName : t.typeName === 'RAW';
      case 'chunkNo': return it.kind === 'chunk' && it.index === t.chunk;
      case 'sequence': return it.kind === 'chunk' && it.header?.sequence === t.sequence;
      case 'offset': return t.offset >= it.bytes.start && t.offset < Math.max(it.bytes.end, it.bytes.start + 1);
      default: return false;
    }
  }

  /** Evaluate a condition at the current position; an error counts as true (and is reported). */
  private testCondition(cond: Expression, what: string): boolean {
    try {
      return cond.test(this.scope());
    } catch (e) {
      this.emit('output', { text: `Condition of ${what} "${cond.source}" failed: ${(e as Error).message}; stopping.`, category: 'stderr' });
      return true;
    }
  }

  scope(): EvalScope {
    return this.scopeFactory ? this.scopeFactory(this) : { names: {} };
  }

  /** Check breakpoints at the current (just reached) position; stops and returns true on a hit. */
  private checkBreakpoints(): boolean {
    const hit: RuntimeBreakpoint[] = [];
    for (const bp of this.breakpoints) {
      if (!bp.verified || !bp.target || !this.targetMatches(bp.target)) continue;
      const label = bp.origin === 'line' ? `breakpoint at line ${bp.line}` : `function breakpoint "${bp.name}"`;
      if (bp.condition && !this.testCondition(bp.condition, label)) continue;
      bp.hits++;
      if (bp.hitCondition && !hitMatches(bp.hitCondition, bp.hits)) continue;
      if (bp.logMessage !== undefined) {
        this.emit('output', { text: this.interpolate(bp.logMessage), category: 'console', ...(this.currentItem?.text ? { text0: this.currentItem.text } : {}) });
        continue;
      }
      hit.push(bp);
    }
    if (!hit.length) return false;
    const it = this.currentItem;
    const where = it ? itemLabel(it) : callLabel(this.currentCall!);
    const fn = hit.every((b) => b.origin === 'function');
    this.stopWith({ reason: fn ? 'function breakpoint' : 'breakpoint', description: `Breakpoint: ${where}`, hitBreakpointIds: hit.map((b) => b.id) });
    return true;
  }

  /** Logpoint text: `{expression}` parts are evaluated, `{{` and `}}` are literal braces. */
  interpolate(template: string): string {
    return template.replace(/\{\{|\}\}|\{([^{}]*)\}/g, (m, expr: string | undefined) => {
      if (m === '{{') return '{';
      if (m === '}}') return '}';
      try {
        return printable(display(new Expression(expr ?? '').evaluate(this.scope())));
      } catch (e) {
        return `<${e instanceof ExpressionError ? e.message : String(e)}>`;
      }
    });
  }
}

/** Bind a 0-based line of a text document to a call or chunk; a message when nothing is there. */
export function bindLineToTarget(doc: SavedStateDocument, line0: number): { target: BreakpointTarget; line0: number } | string {
  if (doc.form !== 'text') {
    return 'Binary files have no lines: use a function breakpoint (a chunk type such as GPADL, "call N", "chunk N", "seq N", "@offset") or the exception filters.';
  }
  const runnable = new Set(doc.steps.filter((s) => s.kind === 'call').map((s) => (s as { call: number }).call));
  // Inside a .chunk … .end (or .raw … .endraw) block: that item.
  for (const call of doc.calls) {
    if (!runnable.has(call.index)) continue;
    for (let i = 0; i < call.items.length; i++) {
      const t = blockText(doc, call.items[i]);
      if (t && lineInRange(t, line0)) return { target: { kind: 'item', call: call.index, item: i }, line0: t.start.line };
    }
  }
  // On a .call line: the whole call.
  for (const call of doc.calls) {
    if (runnable.has(call.index) && call.text && call.text.start.line === line0) return { target: { kind: 'call', call: call.index }, line0 };
  }
  // Inside a call's text but between or after its blocks (comments, .expect): the next block of
  // that call, else the call itself.
  for (const call of doc.calls) {
    if (!runnable.has(call.index) || !call.text || !lineInRange(call.text, line0)) continue;
    const i = call.items.findIndex((it) => it.text && it.text.start.line >= line0);
    if (i >= 0) return { target: { kind: 'item', call: call.index, item: i }, line0: call.items[i].text!.start.line };
    return { target: { kind: 'call', call: call.index }, line0: call.text.start.line };
  }
  // Elsewhere (comments, .op, directives): the next call or chunk below.
  let best: { target: BreakpointTarget; line0: number } | undefined;
  const consider = (target: BreakpointTarget, start: number) => {
    if (start >= line0 && (!best || start < best.line0)) best = { target, line0: start };
  };
  for (const call of doc.calls) {
    if (!runnable.has(call.index)) continue;
    if (call.text) consider({ kind: 'call', call: call.index }, call.text.start.line);
    call.items.forEach((it, i) => it.text && consider({ kind: 'item', call: call.index, item: i }, it.text.start.line));
  }
  return best ?? 'No restore call or chunk at or below this line.';
}
