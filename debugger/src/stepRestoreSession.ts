// The Step Restore debug adapter: Debug Adapter Protocol on top of RestoreRuntime. It runs in the
// extension host (DebugAdapterInlineImplementation) or standalone over stdio (main.ts); it never
// imports vscode. Stepping: next = one VmbChannelRestoreFromBuffer call, stepIn = one chunk of
// the call about to run, stepOut = finish the buffer, continue = to a breakpoint, failure or end.

import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  Breakpoint, BreakpointEvent, CompletionItem, Event, Handles, InitializedEvent, LoggingDebugSession, OutputEvent, Scope, Source, StackFrame,
  StoppedEvent, TerminatedEvent, Thread,
} from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import {
  describeBuffering, diagnosticInfo, escapeControl, formatStatus, statusMeaning, statusName, statusHex, STATUS, type SavedStateDocument, type TextRange,
} from '../../core/src';
import { display, Expression, ExpressionError, MAX_EXPRESSION_LENGTH, Shown, unwrap, type EvalScope, type Value } from './expression';
import { buildScope, frames, SCOPE_NAMES, type FrameInfo } from './inspect';
import { validateLaunchArgs, type ValidLaunch } from './launchConfig';
import { LoadError, loadDocument, readFromDisk, type FileReader } from './loadDocument';
import { bigintDetail, printable, printableLines } from './printing';
import {
  OUTCOME_EVENT, PLAN_EVENT, POSITION_EVENT, TRACE_EVENT,
  type OutcomeEventBody, type PositionEventBody, type StepRestoreLaunchArgs, type TraceEventBody,
} from './protocol';
import { EXCEPTION_FILTERS, planEvent, RestoreRuntime, traceLines, type RuntimeBreakpoint, type StopInfo } from './restoreRuntime';

const THREAD_ID = 1;
/** How long launch waits for configurationDone before it starts anyway. */
const CONFIGURATION_TIMEOUT_MS = 2000;

interface LaunchArgs extends DebugProtocol.LaunchRequestArguments, StepRestoreLaunchArgs {}

export interface StepRestoreSessionOptions {
  /** How files are read (the extension passes one that sees unsaved editor content). */
  readFile?: FileReader;
}

function samePath(a: string, b: string): boolean {
  const n = (p: string) => {
    const r = path.resolve(p);
    return process.platform === 'win32' || process.platform === 'darwin' ? r.toLowerCase() : r;
  };
  return n(a) === n(b);
}

/** A deferred with resolve exposed. */
function deferred<T = void>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

interface VarHandle {
  value: Value;
  path?: string;
}

export class StepRestoreSession extends LoggingDebugSession {
  private runtime?: RestoreRuntime;
  private program = '';
  /** The launch attributes as given (restart merges its own over them) and as validated. */
  private launchArgs: LaunchArgs = {};
  private launchConfig?: ValidLaunch;
  private readonly readFile: FileReader;
  private readonly configurationDone = deferred();
  private readonly loaded = deferred();
  private handles = new Handles<VarHandle>();
  private frameInfos: FrameInfo[] = [];
  private scopeCache?: EvalScope;
  /** Index of the frame whose bytes the last position event announced. */
  private positionFrame = 0;
  private exceptionFilters: { filter: string; condition?: string }[] = EXCEPTION_FILTERS.filter((f) => f.default).map((f) => ({ filter: f.filter }));

  constructor(options: StepRestoreSessionOptions = {}) {
    super();
    this.readFile = options.readFile ?? readFromDisk;
    this.setDebuggerLinesStartAt1(true);
    this.setDebuggerColumnsStartAt1(true);
  }

  // --- setup ----------------------------------------------------------------------------------

  protected override initializeRequest(response: DebugProtocol.InitializeResponse, _args: DebugProtocol.InitializeRequestArguments): void {
    response.body = {
      ...response.body,
      supportsConfigurationDoneRequest: true,
      supportsConditionalBreakpoints: true,
      supportsHitConditionalBreakpoints: true,
      supportsLogPoints: true,
      supportsFunctionBreakpoints: true,
      supportsEvaluateForHovers: true,
      supportsRestartRequest: true,
      supportsTerminateRequest: true,
      supportsExceptionInfoRequest: true,
      supportsExceptionFilterOptions: true,
      supportsCompletionsRequest: true,
      supportsReadMemoryRequest: true,
      supportsStepBack: false,
      supportsSetVariable: false,
      exceptionBreakpointFilters: EXCEPTION_FILTERS.map((f) => ({
        filter: f.filter,
        label: f.label,
        description: f.description,
        default: f.default,
        supportsCondition: true,
        conditionDescription: 'Stop only when this is true, e.g. status == STATUS_CRC_ERROR or kind == "GPADL"',
      })),
    };
    this.sendResponse(response);
    this.sendEvent(new InitializedEvent());
  }

  protected override configurationDoneRequest(response: DebugProtocol.ConfigurationDoneResponse, args: DebugProtocol.ConfigurationDoneArguments): void {
    super.configurationDoneRequest(response, args);
    this.configurationDone.resolve();
  }

  /** Validate the launch attributes, then read and decode the program; throws LoadError. */
  private async load(args: LaunchArgs): Promise<{ doc: SavedStateDocument; config: ValidLaunch }> {
    const config = validateLaunchArgs(args);
    return { doc: await loadDocument(config.program, { buffering: config.buffering, channel: config.channel }, this.readFile), config };
  }

  /**
   * Every event leaves through here: Debug Console text and stop descriptions get their control
   * characters escaped (line breaks between lines stay), so input quoted in a message cannot reach
   * the console as escape sequences.
   */
  override sendEvent(event: DebugProtocol.Event): void {
    const body = event.body as Record<string, unknown> | undefined;
    if (body && event.event === 'output' && typeof body.output === 'string') body.output = printableLines(body.output);
    if (body && event.event === 'stopped') {
      if (typeof body.description === 'string') body.description = escapeControl(body.description);
      if (typeof body.text === 'string') body.text = escapeControl(body.text);
    }
    super.sendEvent(event);
  }

  /** An error response whose text may quote input: escaped, and without DAP's `{name}` placeholders. */
  private refuse(response: DebugProtocol.Response, id: number, message: string, showUser: boolean): void {
    this.sendErrorResponse(response, { id, format: escapeControl(message).replace(/[{}]/g, (c) => (c === '{' ? '(' : ')')), showUser });
  }

  /** Async request handlers: a rejection becomes an error response and a console line, never an unhandled rejection. */
  private guard(response: DebugProtocol.Response, work: Promise<void>): void {
    work.catch((e) => {
      const message = (e as Error)?.message ?? String(e);
      this.sendEvent(new OutputEvent(`Step Restore internal error: ${(e as Error)?.stack ?? message}\n`, 'stderr'));
      this.refuse(response, 1999, `Step Restore internal error: ${message}`, true);
    });
  }

  /** Run the runtime; an internal error ends the session with a message instead of breaking the host. */
  private safely(action: () => void): void {
    try {
      action();
    } catch (e) {
      this.sendEvent(new OutputEvent(`Step Restore internal error: ${(e as Error)?.stack ?? String(e)}\n`, 'stderr'));
      this.sendEvent(new TerminatedEvent());
    }
  }

  protected override launchRequest(response: DebugProtocol.LaunchResponse, launchArgs: LaunchArgs | undefined): void {
    this.guard(response, this.launch(response, launchArgs));
  }

  private async launch(response: DebugProtocol.LaunchResponse, launchArgs: LaunchArgs | undefined): Promise<void> {
    const args: LaunchArgs = launchArgs ?? {};
    let doc: SavedStateDocument;
    let config: ValidLaunch;
    try {
      ({ doc, config } = await this.load(args));
    } catch (e) {
      this.loaded.resolve();
      const message = e instanceof LoadError ? e.message : `Cannot start Step Restore: ${(e as Error).message ?? String(e)}`;
      this.sendEvent(new OutputEvent(message + '\n', 'stderr'));
      this.refuse(response, 1001, message, true);
      return;
    }
    this.launchArgs = args;
    this.launchConfig = config;
    this.program = path.resolve(config.program);
    this.runtime = this.createRuntime(doc);
    this.loaded.resolve();
    this.sendResponse(response);
    this.announce();
    await Promise.race([this.configurationDone.promise, new Promise((r) => setTimeout(r, CONFIGURATION_TIMEOUT_MS))]);
    const rt = this.runtime;
    this.safely(() => rt.start(config.stopOnEntry));
  }

  private createRuntime(doc: SavedStateDocument): RestoreRuntime {
    const rt = new RestoreRuntime(doc, this.program, { breakOnFailure: this.launchConfig?.breakOnFailure });
    rt.scopeFactory = (r) => buildScope(r);
    rt.setExceptionFilters(this.exceptionFilters);
    rt.on('stop', (s) => this.onStop(s));
    rt.on('output', (o) => {
      const e = new OutputEvent(escapeControl(o.text) + '\n', o.category) as DebugProtocol.OutputEvent;
      if (o.text0 && doc.form === 'text') {
        e.body.source = this.source();
        e.body.line = this.convertDebuggerLineToClient(o.text0.start.line + 1);
        e.body.column = this.convertDebuggerColumnToClient(o.text0.start.character + 1);
      }
      this.sendEvent(e);
    });
    rt.on('trace', (entry) => {
      const line = traceLines(rt.doc, entry)[0]?.text ?? '';
      this.sendEvent(new Event(TRACE_EVENT, { uri: this.uri(), path: this.program, entry, line } satisfies TraceEventBody));
    });
    rt.on('outcome', (outcome) => {
      this.sendEvent(new Event(OUTCOME_EVENT, { uri: this.uri(), path: this.program, outcome, statusName: statusName(outcome.status) ?? statusHex(outcome.status), findings: outcome.findings } satisfies OutcomeEventBody));
    });
    rt.on('terminated', () => this.sendEvent(new TerminatedEvent()));
    rt.on('breakpointChanged', (bp) => this.sendEvent(new BreakpointEvent('changed', this.toBreakpoint(bp))));
    return rt;
  }

  /** Banner and plan after launch and restart. */
  private announce(): void {
    const rt = this.runtime!;
    const doc = rt.doc;
    // What the decoder actually used: the validated buffering, or the text form's own calls.
    const buffering = doc.form === 'text' ? 'calls as written' : describeBuffering(this.launchConfig?.buffering);
    this.sendEvent(
      new OutputEvent(
        `Step Restore ${escapeControl(path.basename(this.program))}: ${doc.form} form, ${doc.bytes.length} bytes, ${rt.callCount} restore call${rt.callCount === 1 ? '' : 's'} (${buffering}), channel ${doc.channel.state}. Emulator semantics: VmbChannelRestoreFromBuffer as docs/format.md describes it.\n`,
        'console',
      ),
    );
    const errors = doc.problems.filter((p) => p.severity === 'error');
    if (errors.length) {
      this.sendEvent(new OutputEvent(`The decoder found ${errors.length} problem${errors.length === 1 ? '' : 's'} before restore (the Problems view lists them all):\n`, 'console'));
      for (const p of errors.slice(0, 5)) {
        const where = p.text ? `line ${p.text.start.line + 1}` : p.bytes ? `@0x${p.bytes.start.toString(16).toUpperCase()}` : '';
        const e = new OutputEvent(`    ${where ? where + ' ' : ''}${p.code}: ${escapeControl(p.message)}\n`, 'console') as DebugProtocol.OutputEvent;
        if (p.text && doc.form === 'text') {
          e.body.source = this.source();
          e.body.line = this.convertDebuggerLineToClient(p.text.start.line + 1);
        }
        this.sendEvent(e);
      }
      if (errors.length > 5) this.sendEvent(new OutputEvent(`    … and ${errors.length - 5} more\n`, 'console'));
    }
    const plan = planEvent(doc, this.uri(), this.program);
    this.sendEvent(new Event(PLAN_EVENT, plan));
  }

  private uri(): string {
    return this.program ? pathToFileURL(this.program).toString() : '';
  }

  private source(): Source {
    return new Source(path.basename(this.program), this.convertDebuggerPathToClient(this.program));
  }

  // --- stops ----------------------------------------------------------------------------------

  private invalidate(): void {
    this.handles.reset();
    this.scopeCache = undefined;
    this.frameInfos = [];
  }

  private onStop(s: StopInfo): void {
    this.invalidate();
    this.frameInfos = frames(this.runtime!);
    const e = new StoppedEvent(s.reason, THREAD_ID, s.text) as DebugProtocol.StoppedEvent;
    e.body.description = s.description;
    if (s.hitBreakpointIds) e.body.hitBreakpointIds = s.hitBreakpointIds;
    e.body.allThreadsStopped = true;
    this.sendEvent(e);
    this.positionFrame = 0;
    this.sendPosition(this.frameInfos[0], s.reason);
  }

  private sendPosition(f: FrameInfo | undefined, reason: string): void {
    const rt = this.runtime;
    if (!f || !rt) return;
    const item = rt.currentItem;
    const call = rt.currentCall;
    const body: PositionEventBody = {
      uri: this.uri(),
      path: this.program,
      form: rt.doc.form,
      byteRange: f.bytes,
      ...(f.text ? { textRange: f.text } : {}),
      ...(f.block ? { blockRange: f.block } : {}),
      ...(call ? { call: call.index + 1 } : {}),
      ...(item && item.kind === 'chunk' && f.kind !== 'call' ? { chunk: item.index + 1 } : {}),
      frame: f.name,
      reason,
    };
    this.sendEvent(new Event(POSITION_EVENT, body));
  }

  private scope(): EvalScope {
    if (!this.scopeCache) {
      const base = buildScope(this.runtime!);
      // Field labels of the current chunk (PayloadCrc32c, GpadlId, …) resolve too: hovering a label in the text form shows its value.
      const item = this.runtime!.currentItem;
      const fieldOf = (name: string): Value | undefined => {
        if (!item || item.kind !== 'chunk') return undefined;
        const find = (fs: typeof item.headerFields): (typeof item.headerFields)[number] | undefined => {
          for (const f of fs) {
            if (f.name === name) return f;
            const c = f.children && find(f.children);
            if (c) return c;
          }
          return undefined;
        };
        const f = find(item.headerFields) ?? find(item.payloadFields);
        return f ? new Shown(f.value ?? f.display, f.note ? `${f.display} — ${f.note}` : f.display) : undefined;
      };
      this.scopeCache = { names: base.names, fallback: (n) => base.fallback?.(n) ?? fieldOf(n) };
    }
    return this.scopeCache;
  }

  // --- requests: execution --------------------------------------------------------------------

  private whenRunning(response: DebugProtocol.Response, action: (rt: RestoreRuntime) => void): void {
    const rt = this.runtime;
    if (!rt) {
      this.sendErrorResponse(response, { id: 1002, format: 'No restore session is running.', showUser: false });
      return;
    }
    this.sendResponse(response);
    this.invalidate();
    this.safely(() => action(rt));
  }

  protected override continueRequest(response: DebugProtocol.ContinueResponse): void {
    response.body = { allThreadsContinued: true };
    this.whenRunning(response, (rt) => rt.continue());
  }
  protected override nextRequest(response: DebugProtocol.NextResponse): void {
    this.whenRunning(response, (rt) => rt.next());
  }
  protected override stepInRequest(response: DebugProtocol.StepInResponse): void {
    this.whenRunning(response, (rt) => rt.stepIn());
  }
  protected override stepOutRequest(response: DebugProtocol.StepOutResponse): void {
    this.whenRunning(response, (rt) => rt.stepOut());
  }
  protected override pauseRequest(response: DebugProtocol.PauseResponse): void {
    // Every step runs to completion synchronously; there is never anything to pause.
    this.sendResponse(response);
  }

  protected override restartRequest(response: DebugProtocol.RestartResponse, args: DebugProtocol.RestartArguments): void {
    this.guard(response, this.restart(response, args));
  }

  private async restart(response: DebugProtocol.RestartResponse, args: DebugProtocol.RestartArguments | undefined): Promise<void> {
    const given = args?.arguments;
    const next: LaunchArgs = { ...this.launchArgs, ...(given && typeof given === 'object' && !Array.isArray(given) ? (given as LaunchArgs) : {}) };
    let doc: SavedStateDocument;
    let config: ValidLaunch;
    try {
      ({ doc, config } = await this.load(next));
    } catch (e) {
      const message = e instanceof LoadError ? e.message : String(e);
      this.sendEvent(new OutputEvent(message + '\n', 'stderr'));
      this.refuse(response, 1003, message, true);
      return;
    }
    this.launchArgs = next;
    this.launchConfig = config;
    this.program = path.resolve(config.program);
    this.invalidate();
    if (this.runtime) {
      this.runtime.reload(doc, { breakOnFailure: config.breakOnFailure });
    } else {
      this.runtime = this.createRuntime(doc);
    }
    this.sendResponse(response);
    this.sendEvent(new OutputEvent('Restarted: the file was read again and the emulated channel is new.\n', 'console'));
    this.announce();
    const rt = this.runtime;
    this.safely(() => rt.start(config.stopOnEntry));
  }

  protected override terminateRequest(response: DebugProtocol.TerminateResponse): void {
    this.sendResponse(response);
    this.sendEvent(new TerminatedEvent());
  }

  protected override disconnectRequest(response: DebugProtocol.DisconnectResponse, args: DebugProtocol.DisconnectArguments): void {
    this.runtime?.removeAllListeners();
    super.disconnectRequest(response, args);
  }

  // --- requests: breakpoints ------------------------------------------------------------------

  private async waitLoaded(): Promise<void> {
    await Promise.race([this.loaded.promise, new Promise((r) => setTimeout(r, 10000))]);
  }

  private toBreakpoint(bp: RuntimeBreakpoint): DebugProtocol.Breakpoint {
    const b = new Breakpoint(bp.verified) as DebugProtocol.Breakpoint;
    b.id = bp.id;
    if (bp.origin === 'line') {
      if (bp.line !== undefined) b.line = this.convertDebuggerLineToClient(bp.line);
      b.source = this.source();
    }
    if (bp.message) b.message = escapeControl(bp.message);
    return b;
  }

  protected override setBreakPointsRequest(response: DebugProtocol.SetBreakpointsResponse, args: DebugProtocol.SetBreakpointsArguments): void {
    this.guard(response, this.setBreakpoints(response, args));
  }

  private async setBreakpoints(response: DebugProtocol.SetBreakpointsResponse, args: DebugProtocol.SetBreakpointsArguments): Promise<void> {
    await this.waitLoaded();
    const requested: DebugProtocol.SourceBreakpoint[] = args.breakpoints ?? (args.lines ?? []).map((line) => ({ line }));
    const specs = requested.map((b) => ({
      line: this.convertClientLineToDebugger(b.line),
      condition: b.condition,
      hitCondition: b.hitCondition,
      logMessage: b.logMessage,
    }));
    const rt = this.runtime;
    const file = args.source.path ? this.convertClientPathToDebugger(args.source.path) : undefined;
    if (!rt || !file || !samePath(file, this.program)) {
      const why = !rt ? 'No restore session is running.' : `Step Restore is running ${path.basename(this.program)}; breakpoints in other files do not bind.`;
      response.body = { breakpoints: specs.map((s) => ({ verified: false, line: s.line !== undefined ? this.convertDebuggerLineToClient(s.line) : undefined, message: why })) };
      this.sendResponse(response);
      return;
    }
    response.body = { breakpoints: rt.setLineBreakpoints(specs).map((b) => this.toBreakpoint(b)) };
    this.sendResponse(response);
  }

  protected override setFunctionBreakPointsRequest(response: DebugProtocol.SetFunctionBreakpointsResponse, args: DebugProtocol.SetFunctionBreakpointsArguments): void {
    this.guard(response, this.setFunctionBreakpoints(response, args));
  }

  private async setFunctionBreakpoints(response: DebugProtocol.SetFunctionBreakpointsResponse, args: DebugProtocol.SetFunctionBreakpointsArguments): Promise<void> {
    await this.waitLoaded();
    const rt = this.runtime;
    if (!rt) {
      response.body = { breakpoints: args.breakpoints.map(() => ({ verified: false, message: 'No restore session is running.' })) };
      this.sendResponse(response);
      return;
    }
    response.body = { breakpoints: rt.setFunctionBreakpoints(args.breakpoints.map((b) => ({ name: b.name, condition: b.condition, hitCondition: b.hitCondition }))).map((b) => this.toBreakpoint(b)) };
    this.sendResponse(response);
  }

  protected override setExceptionBreakPointsRequest(response: DebugProtocol.SetExceptionBreakpointsResponse, args: DebugProtocol.SetExceptionBreakpointsArguments): void {
    const list = args.filterOptions?.length ? args.filterOptions.map((o) => ({ filter: o.filterId, condition: o.condition })) : (args.filters ?? []).map((f) => ({ filter: f }));
    // filters and filterOptions may both be given: a filter without options is enabled without a condition.
    for (const f of args.filters ?? []) if (!list.some((x) => x.filter === f)) list.push({ filter: f });
    this.exceptionFilters = list;
    const results: { verified: boolean; message?: string }[] = this.runtime ? this.runtime.setExceptionFilters(list) : list.map(() => ({ verified: true }));
    response.body = { breakpoints: results.map((r) => ({ verified: r.verified, ...(r.message ? { message: r.message } : {}) })) };
    this.sendResponse(response);
  }

  protected override exceptionInfoRequest(response: DebugProtocol.ExceptionInfoResponse): void {
    const rt = this.runtime;
    const f = rt?.focus;
    if (!rt || !f || f.kind !== 'failed') {
      this.sendErrorResponse(response, { id: 1004, format: 'Not stopped on a failed restore call.', showUser: false });
      return;
    }
    const t = f.trace;
    const name = statusName(t.status) ?? statusHex(t.status);
    const code = t.failure?.code;
    const info = code ? diagnosticInfo(code) : undefined;
    const meaning = statusMeaning(t.status);
    response.body = {
      exceptionId: name,
      description: `${formatStatus(t.status)}: ${meaning}${t.failure ? `\n${t.failure.code}: ${escapeControl(t.failure.message)}` : ''}${t.expect && !t.expect.ok ? `\n.expect said ${formatStatus(t.expect.status)}.` : ''}`,
      breakMode: 'always',
      details: {
        message: t.failure ? escapeControl(t.failure.message) : meaning,
        typeName: code ?? name,
        fullTypeName: code ? `${code} — ${info?.title ?? ''} → ${name} (${statusHex(t.status)})` : `${name} (${statusHex(t.status)})`,
        evaluateName: 'lastStatus',
        stackTrace: this.frameInfos.map((x) => escapeControl(x.name)).join('\n'),
      },
    };
    this.sendResponse(response);
  }

  // --- requests: inspection -------------------------------------------------------------------

  protected override threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    response.body = { threads: [new Thread(THREAD_ID, this.program ? `restore ${escapeControl(path.basename(this.program))}` : 'restore')] };
    this.sendResponse(response);
  }

  /**
   * A frame's location: a caret at the start of what it points at (endLine = line, endColumn =
   * column). VS Code turns a frame's range into the editor selection, with the focus in the editor
   * after a stop, so any wider range could be replaced by one keystroke; the token and the block are
   * shown by the client's decorations from the position event instead (docs/step-restore.md).
   */
  private textLine(t: TextRange | undefined): { line: number; column: number; endLine?: number; endColumn?: number } {
    if (!t) return { line: this.convertDebuggerLineToClient(1), column: this.convertDebuggerColumnToClient(1) };
    const line = this.convertDebuggerLineToClient(t.start.line + 1);
    const column = this.convertDebuggerColumnToClient(t.start.character + 1);
    return { line, column, endLine: line, endColumn: column };
  }

  protected override stackTraceRequest(response: DebugProtocol.StackTraceResponse, args: DebugProtocol.StackTraceArguments): void {
    const rt = this.runtime;
    if (!rt) {
      response.body = { stackFrames: [], totalFrames: 0 };
      this.sendResponse(response);
      return;
    }
    if (!this.frameInfos.length) this.frameInfos = frames(rt);
    const text = rt.doc.form === 'text';
    const all = this.frameInfos.map((f, i) => {
      const loc = this.textLine(text ? f.text : undefined);
      const sf = new StackFrame(i + 1, escapeControl(f.name), this.source(), loc.line, loc.column) as DebugProtocol.StackFrame;
      if (loc.endLine !== undefined) {
        sf.endLine = loc.endLine;
        sf.endColumn = loc.endColumn;
      }
      sf.presentationHint = f.kind === 'call' && i > 0 ? 'subtle' : 'normal';
      return sf;
    });
    const start = args.startFrame ?? 0;
    const count = args.levels ? args.levels : all.length;
    response.body = { stackFrames: all.slice(start, start + count), totalFrames: all.length };
    this.sendResponse(response);
  }

  protected override scopesRequest(response: DebugProtocol.ScopesResponse, args: DebugProtocol.ScopesArguments): void {
    const rt = this.runtime;
    if (!rt) {
      response.body = { scopes: [] };
      this.sendResponse(response);
      return;
    }
    const names = this.scope().names;
    const mk = (label: string, key: string, expensive = false) => {
      const v = names[key];
      const s = new Scope(label, this.handles.create({ value: v ?? new Shown({}, ''), path: key }), expensive) as DebugProtocol.Scope;
      s.presentationHint = key === 'channel' ? 'locals' : key === 'lastStatus' ? 'registers' : undefined;
      return s;
    };
    response.body = { scopes: [mk('Channel', 'channel'), mk('Current buffer', 'buffer'), mk('Last status', 'lastStatus'), mk('History', 'history')] };
    this.sendResponse(response);
    // Selecting another stack frame moves the highlighted bytes too.
    const f = this.frameInfos[args.frameId - 1];
    if (f && args.frameId - 1 !== this.positionFrame) {
      this.positionFrame = args.frameId - 1;
      this.sendPosition(f, 'frame');
    }
  }

  private childPath(parent: string | undefined, key: string | number): string | undefined {
    if (!parent) return undefined;
    if (typeof key === 'number') return `${parent}[${key}]`;
    return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`;
  }

  private toVariable(name: string, value: Value, evaluateName?: string): DebugProtocol.Variable {
    const inner = unwrap(value);
    const v: DebugProtocol.Variable = { name: printable(name), value: this.describe(value, true), variablesReference: 0 };
    if (evaluateName) v.evaluateName = evaluateName;
    if (inner !== null && typeof inner === 'object' && !(inner instanceof Shown)) {
      const n = Array.isArray(inner) ? inner.length : Object.keys(inner).length;
      if (n > 0) v.variablesReference = this.handles.create({ value: inner, path: evaluateName });
      if (Array.isArray(inner)) v.indexedVariables = inner.length;
      const rec = inner as Record<string, unknown>;
      if (!Array.isArray(inner) && typeof rec.start === 'number' && typeof rec.end === 'number') v.memoryReference = String(rec.start);
      else if (!Array.isArray(inner) && rec.offset instanceof Shown && typeof rec.offset.value === 'number') v.memoryReference = String(rec.offset.value);
    }
    v.type = typeof inner === 'bigint' ? 'u64' : typeof inner === 'number' ? 'number' : typeof inner === 'boolean' ? 'boolean' : typeof inner === 'string' ? 'string' : Array.isArray(inner) ? 'array' : inner === undefined ? 'undefined' : 'object';
    return v;
  }

  /** Display text, escaped and bounded (printing.ts); in Variables, absent values read as "(none)". */
  private describe(value: Value, inVariables = false): string {
    return printable(this.describeRaw(value, inVariables));
  }

  private describeRaw(value: Value, inVariables: boolean): string {
    if (value === undefined) return inVariables ? '(none)' : 'undefined';
    if (value instanceof Shown) return value.display;
    if (typeof value === 'bigint') return bigintDetail(value);
    if (typeof value === 'string') return inVariables ? value : JSON.stringify(value);
    if (Array.isArray(value)) return `Array(${value.length})`;
    if (value !== null && typeof value === 'object') {
      const keys = Object.keys(value);
      return `{${keys.slice(0, 4).join(', ')}${keys.length > 4 ? ', …' : ''}}`;
    }
    return display(value);
  }

  protected override variablesRequest(response: DebugProtocol.VariablesResponse, args: DebugProtocol.VariablesArguments): void {
    const h = this.handles.get(args.variablesReference);
    const out: DebugProtocol.Variable[] = [];
    if (h) {
      const inner = unwrap(h.value);
      if (Array.isArray(inner)) {
        const start = args.start ?? 0;
        const end = args.count ? Math.min(inner.length, start + args.count) : inner.length;
        for (let i = start; i < end; i++) out.push(this.toVariable(`[${i}]`, inner[i] as Value, this.childPath(h.path, i)));
      } else if (inner !== null && typeof inner === 'object') {
        for (const k of Object.keys(inner)) {
          const v = (inner as Record<string, Value>)[k];
          if (v instanceof Function) continue;
          out.push(this.toVariable(k, v, this.childPath(h.path, k)));
        }
      }
      if (!out.length && h.path === 'lastStatus') out.push({ name: 'status', value: '(no restore call yet)', variablesReference: 0 });
      if (!out.length && h.path === 'buffer') out.push({ name: 'buffer', value: '(no restore call)', variablesReference: 0 });
      if (!out.length && h.path === 'history') out.push({ name: 'history', value: '(no restore call yet)', variablesReference: 0 });
    }
    response.body = { variables: out };
    this.sendResponse(response);
  }

  protected override evaluateRequest(response: DebugProtocol.EvaluateResponse, args: DebugProtocol.EvaluateArguments): void {
    const rt = this.runtime;
    if (typeof args?.expression !== 'string') {
      this.refuse(response, 1008, 'evaluate needs "expression": the text of the expression to evaluate.', false);
      return;
    }
    const expr = args.expression.trim();
    if (!rt) {
      this.sendErrorResponse(response, { id: 1005, format: 'No restore session is running.', showUser: false });
      return;
    }
    if (args.context === 'repl' && (expr === 'help' || expr === '?')) {
      response.body = {
        result: `Names: ${SCOPE_NAMES.join(', ')}; functions: NT_SUCCESS(s), NT_ERROR(s), NT_WARNING(s), NT_INFORMATION(s), hex(n), name(s); constants: STATUS_*; fields of the current chunk by label. Operators: == != < <= > >= && || ! + - * / % & | ^ << >> ?: . [ ]`,
        variablesReference: 0,
      };
      this.sendResponse(response);
      return;
    }
    try {
      const value = new Expression(expr).evaluate(this.scope());
      const v = this.toVariable(expr, value, expr);
      response.body = { result: this.describe(value), variablesReference: v.variablesReference, ...(v.type ? { type: v.type } : {}), ...(v.memoryReference ? { memoryReference: v.memoryReference } : {}) };
      this.sendResponse(response);
    } catch (e) {
      const message = e instanceof ExpressionError ? e.message : `error: ${(e as Error).message ?? String(e)}`;
      this.refuse(response, 1006, message, false);
    }
  }

  protected override completionsRequest(response: DebugProtocol.CompletionsResponse, args: DebugProtocol.CompletionsArguments): void {
    const rt = this.runtime;
    if (typeof args?.text !== 'string' || typeof args.column !== 'number' || !Number.isInteger(args.column)) {
      this.refuse(response, 1009, 'completions needs "text" (the console input, a string) and "column" (a whole number).', false);
      return;
    }
    const targets: DebugProtocol.CompletionItem[] = [];
    if (rt) {
      // Only the end of the line matters, and the pattern below backtracks: look at a bounded tail.
      const before = args.text.slice(0, Math.max(0, args.column - 1)).slice(-MAX_EXPRESSION_LENGTH);
      const m = /((?:[A-Za-z_$][\w$]*\s*\.\s*)*)([A-Za-z_$][\w$]*)?$/.exec(before);
      const objPath = (m?.[1] ?? '').replace(/\s+/g, '').replace(/\.$/, '');
      const word = m?.[2] ?? '';
      let keys: string[] = [];
      if (objPath) {
        try {
          const v = unwrap(new Expression(objPath).evaluate(this.scope()));
          if (Array.isArray(v)) keys = ['length'];
          else if (v && typeof v === 'object') keys = Object.keys(v);
        } catch {
          keys = [];
        }
      } else {
        keys = [...Object.keys(this.scope().names), ...Object.keys(STATUS)];
      }
      for (const k of keys) {
        if (!k.toLowerCase().startsWith(word.toLowerCase())) continue;
        const c = new CompletionItem(k, args.column - word.length) as DebugProtocol.CompletionItem;
        c.length = word.length;
        c.type = k.startsWith('STATUS_') ? 'value' : k === k.toUpperCase() && k.startsWith('NT_') ? 'function' : 'property';
        targets.push(c);
      }
    }
    response.body = { targets };
    this.sendResponse(response);
  }

  protected override readMemoryRequest(response: DebugProtocol.ReadMemoryResponse, args: DebugProtocol.ReadMemoryArguments): void {
    const rt = this.runtime;
    const base = Number(args.memoryReference);
    if (!rt || !Number.isFinite(base)) {
      this.sendErrorResponse(response, { id: 1007, format: `Unknown memory reference "${args.memoryReference}".`, showUser: false });
      return;
    }
    const bytes = rt.doc.bytes;
    const start = Math.max(0, base + (args.offset ?? 0));
    const end = Math.min(bytes.length, start + Math.max(0, args.count));
    const data = start < end ? Buffer.from(bytes.subarray(start, end)).toString('base64') : '';
    response.body = { address: String(start), data, unreadableBytes: Math.max(0, args.count - Math.max(0, end - start)) };
    this.sendResponse(response);
  }
}
