// The Step Restore runtime: drives a RestoreSession over one decoded document the way a driver
// calls VmbChannelRestoreFromBuffer, one buffer at a time, and moves the position (runtimeState.ts)
// before a call, on one chunk of the call about to run (step in), after a call that failed, or
// at the end. It stops on breakpoints (breakpoints.ts) and exception filters (stopReasons.ts) and
// reports everything through events. No VS Code or DAP types here: stepRestoreSession.ts adapts it.

import { formatStatus, RestoreSession, STATUS, type CallTrace, type SavedStateDocument } from '../../core/src';
import { BreakpointTable, hitMatches, type BreakpointSpec, type RuntimeBreakpoint } from './breakpoints';
import { Expression } from './expression';
import { display, ExpressionError, type EvalScope } from './expressionValues';
import { callLabel, itemLabel, traceLines } from './plan';
import { printable } from './printing';
import { RuntimeState } from './runtimeState';
import {
  defaultExceptionFilters,
  isFailure,
  itemOfProblem,
  matchingFilters,
  setExceptionFilters,
  type StopInfo,
} from './stopReasons';

export interface RuntimeOptions {
  /** Stop when a call fails (launch attribute breakOnFailure); combines with the 'failure' filter. */
  breakOnFailure?: boolean;
}

/** Builds the expression scope for the current position; supplied by inspect.ts. */
export type ScopeFactory = (rt: RestoreRuntime) => EvalScope;

export class RestoreRuntime extends RuntimeState {
  private _started = false;
  private readonly breakpointTable = new BreakpointTable();
  private readonly filters = defaultExceptionFilters();
  /** Set by the adapter: how expressions see the current position. */
  scopeFactory?: ScopeFactory;
  /** While set, steps that run are traced but print no console lines (a what-if replay). */
  protected quiet = false;

  constructor(
    doc: SavedStateDocument,
    readonly file: string,
    private options: RuntimeOptions = {},
  ) {
    super(doc);
    this.prepare();
  }

  get breakOnFailure(): boolean {
    return this.options.breakOnFailure !== false;
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
    this.breakpointTable.resetHits();
  }

  /** Replace the document (restart after the file changed) and rebind line breakpoints. */
  reload(doc: SavedStateDocument, options?: RuntimeOptions): void {
    this._doc = doc;
    if (options) this.options = options;
    this._session = new RestoreSession(doc, { rewindable: true });
    this.prepare();
    for (const b of this.breakpointTable.rebind(doc)) this.emit('breakpointChanged', b);
  }

  /**
   * What-if: run `doc` instead from a new channel, keeping breakpoints (line ones rebound),
   * filters, options and hit counts; the caller moves the position (timeTravel.ts).
   */
  protected replaceDocument(doc: SavedStateDocument): void {
    this._doc = doc;
    this._session = new RestoreSession(doc, { rewindable: true });
    const preview = new RestoreSession(doc);
    preview.runToEnd();
    this._preview = preview.trace;
    this._outcome = undefined;
    for (const b of this.breakpointTable.rebind(doc)) this.emit('breakpointChanged', b);
  }

  /** Begin executing: stop on entry, or run until something stops it. */
  start(stopOnEntry: boolean, stopAtCall?: number): void {
    this._started = true;
    if (this._focus.kind === 'end') {
      // No restore call at all (only channel operations, or nothing framed).
      this.runRemaining();
      this.terminate();
      return;
    }
    if (stopAtCall !== undefined) return this.runToCall(stopAtCall);
    if (stopOnEntry) {
      this.stopWith({ reason: 'entry', description: `Before ${callLabel(this.currentCall!)}` });
      return;
    }
    const hit = this.checkBreakpoints();
    if (hit) return;
    this.continue();
  }

  /**
   * `stopAtCall` (CodeLens "Step Restore from here"): run the calls before call `index` (0-based)
   * without stopping on breakpoints, then stop before it. A failure the exception filters stop on
   * stops there first; past the last call the run ends as Continue would.
   */
  private runToCall(index: number): void {
    while (this.currentCall && this.currentCall.index < index) {
      const r = this.runPendingCall('entry');
      if (r === 'stopped') return;
      if (r === 'ended') return this.endStop();
    }
    if (!this.currentCall) return this.endStop();
    this.stopWith({ reason: 'entry', description: `Before ${callLabel(this.currentCall)}` });
  }

  get started(): boolean {
    return this._started;
  }

  // --- execution ------------------------------------------------------------------------------

  /** Run steps up to and including step index `last`, logging each; returns the last call's trace. */
  protected runThrough(last: number): CallTrace | undefined {
    let call: CallTrace | undefined;
    while (this._session.nextStep <= last) {
      const e = this._session.step();
      if (!e) break;
      this.emit('trace', e);
      if (this.quiet) continue;
      for (const l of traceLines(this._doc, e)) {
        const where = e.kind === 'call' ? this._doc.calls[e.call] : undefined;
        const text0 = l.at ?? where?.text;
        this.emit('output', {
          text: l.text,
          category: l.category,
          ...(text0 ? { text0 } : {}),
          ...(where ? { bytes: where.bytes } : {}),
        });
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
      outcome.status === STATUS.STATUS_SUCCESS
        ? 'restore finished'
        : outcome.status === STATUS.STATUS_END_OF_FILE
          ? 'input ended before restore finished'
          : 'restore failed';
    this.emit('output', {
      text: `${how}: ${formatStatus(outcome.status)} after ${calls} call${calls === 1 ? '' : 's'}`,
      category: isFailure(outcome.status) ? 'stderr' : 'stdout',
    });
    for (const f of outcome.findings) {
      this.emit('output', {
        text: `${f.code}: ${f.message}`,
        category: 'stderr',
        ...(f.text ? { text0: f.text } : {}),
        ...(f.bytes ? { bytes: f.bytes } : {}),
      });
    }
    this.emit('outcome', outcome);
  }

  private terminate(): void {
    if (this._terminated) return;
    this._terminated = true;
    this.emit('terminated');
  }

  protected stopWith(info: StopInfo): void {
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
      const data = this.afterCall(t);
      const exc = this.exceptionHit(t);
      if (exc || data) {
        if (!exc) this._focus = { kind: 'failed', trace: t };
        this.stopWith(exc ?? data!);
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

  /** After a call ran: a stop it causes besides the exception filters (data breakpoints, timeTravel.ts). */
  protected afterCall(_t: CallTrace): StopInfo | undefined {
    return undefined;
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
    return setExceptionFilters(this.filters, filters);
  }

  /** The stop a finished call causes under the enabled filters, if any; moves the focus there. */
  private exceptionHit(t: CallTrace): StopInfo | undefined {
    const matches = matchingFilters(this.filters, t, this.breakOnFailure);
    if (!matches.length) return undefined;
    const prev = this._focus;
    this._focus = { kind: 'failed', trace: t, item: itemOfProblem(this._doc, t) };
    for (const m of matches) {
      const cond = this.filters.get(m)?.condition;
      if (cond && !this.testCondition(cond, `exception filter "${m}"`)) continue;
      const call = this._doc.calls[t.call];
      const what = t.failure
        ? `${t.failure.code}: ${t.failure.message}`
        : m === 'expectMismatch'
          ? `.expect ${formatStatus(t.expect!.status)} but the call returned ${formatStatus(t.status)}`
          : formatStatus(t.status);
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

  // --- breakpoints ----------------------------------------------------------------------------

  /** Line breakpoints for the document's own source; 1-based lines in and out. */
  setLineBreakpoints(specs: BreakpointSpec[]): RuntimeBreakpoint[] {
    return this.breakpointTable.setLine(this._doc, specs);
  }

  setFunctionBreakpoints(specs: BreakpointSpec[]): RuntimeBreakpoint[] {
    return this.breakpointTable.setFunction(specs);
  }

  get breakpoints(): readonly RuntimeBreakpoint[] {
    return this.breakpointTable.all;
  }

  /** Evaluate a condition at the current position; an error counts as true (and is reported). */
  private testCondition(cond: Expression, what: string): boolean {
    try {
      return cond.test(this.scope());
    } catch (e) {
      this.emit('output', {
        text: `Condition of ${what} "${cond.source}" failed: ${(e as Error).message}; stopping.`,
        category: 'stderr',
      });
      return true;
    }
  }

  scope(): EvalScope {
    return this.scopeFactory ? this.scopeFactory(this) : { names: {} };
  }

  /**
   * Check breakpoints at the current (just reached) position; stops and returns true on a hit.
   * Logpoints print only going forward (`logpoints` false: reverse continue passes them silently).
   */
  protected checkBreakpoints(logpoints = true): boolean {
    const hit: RuntimeBreakpoint[] = [];
    for (const bp of this.breakpoints) {
      if (!bp.verified || !bp.target || !this.atTarget(bp.target)) continue;
      const label = bp.origin === 'line' ? `breakpoint at line ${bp.line}` : `function breakpoint "${bp.name}"`;
      if (bp.condition && !this.testCondition(bp.condition, label)) continue;
      bp.hits++;
      if (bp.hitCondition && !hitMatches(bp.hitCondition, bp.hits)) continue;
      if (bp.logMessage !== undefined) {
        if (!logpoints) continue;
        this.emit('output', {
          text: this.interpolate(bp.logMessage),
          category: 'console',
          ...(this.currentItem?.text ? { text0: this.currentItem.text } : {}),
        });
        continue;
      }
      hit.push(bp);
    }
    if (!hit.length) return false;
    const it = this.currentItem;
    const where = it ? itemLabel(it) : callLabel(this.currentCall!);
    const fn = hit.every((b) => b.origin === 'function');
    this.stopWith({
      reason: fn ? 'function breakpoint' : 'breakpoint',
      description: `Breakpoint: ${where}`,
      hitBreakpointIds: hit.map((b) => b.id),
    });
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
