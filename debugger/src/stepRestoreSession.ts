// The Step Restore debug adapter: Debug Adapter Protocol on top of RestoreRuntime. It runs in the
// extension host (DebugAdapterInlineImplementation) or standalone over stdio (main.ts); it never
// imports vscode. Stepping: next = one VmbChannelRestoreFromBuffer call, stepIn = one chunk of
// the call about to run, stepOut = finish the buffer, continue = to a breakpoint, failure or end.
// This class owns launch, restart, stepping and stops; breakpointRequests.ts and
// inspectionRequests.ts answer the breakpoint and inspection requests through a SessionPort.

import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  BreakpointEvent,
  Event,
  InitializedEvent,
  OutputEvent,
  Source,
  StoppedEvent,
  TerminatedEvent,
} from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { escapeControl, type SavedStateDocument } from '../../core/src';
import { BreakpointRequests } from './breakpointRequests';
import { adapterCapabilities } from './capabilities';
import { frames, type FrameInfo } from './frames';
import { buildScope } from './inspect';
import { InspectionRequests } from './inspectionRequests';
import { validateLaunchArgs, type ValidLaunch } from './launchConfig';
import { decodeContent, LoadError, loadDocument, readFromDisk, type FileReader } from './loadDocument';
import { printableLines } from './printing';
import {
  POSITION_EVENT,
  REWIND_EVENT,
  WHAT_IF_EVENT,
  GOTO_CHUNK_REQUEST,
  type PositionEventBody,
  type StepRestoreLaunchArgs,
} from './protocol';
import { launchAnnouncement, outcomeEvent, outputEvent, traceEvent } from './sessionEvents';
import { THREAD_ID, type SessionPort } from './sessionPort';
import type { StopInfo } from './stopReasons';
import { ExecutionRequests } from './executionRequests';
import { RoutedSession } from './sessionRouting';
import { TimeTravelRuntime } from './timeTravel';
import { WhatIfRequests } from './whatIfRequests';
import { MemoryRequests } from './memoryRequests';

/** How long launch waits for configurationDone before it starts anyway. */
const CONFIGURATION_TIMEOUT_MS = 2000;

interface LaunchArgs extends DebugProtocol.LaunchRequestArguments, StepRestoreLaunchArgs {}

export interface StepRestoreSessionOptions {
  /** How files are read (the extension passes one that sees unsaved editor content). */
  readFile?: FileReader;
}

/** A deferred with resolve exposed. */
function deferred<T = void>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

export class StepRestoreSession extends RoutedSession {
  private runtime?: TimeTravelRuntime;
  private program = '';
  /** The launch attributes as given (restart merges its own over them) and as validated. */
  private launchArgs: LaunchArgs = {};
  private launchConfig?: ValidLaunch;
  private readonly readFile: FileReader;
  private readonly configurationDone = deferred();
  private readonly loaded = deferred();
  private frameInfos: FrameInfo[] = [];
  /** Index of the frame whose bytes the last position event announced. */
  private positionFrame = 0;
  private readonly port: SessionPort = this.makePort();
  protected readonly breakpointRequests = new BreakpointRequests(this.port, this.loaded.promise);
  protected readonly inspection = new InspectionRequests(this.port);
  protected readonly execution = new ExecutionRequests(this.port);
  protected readonly memory = new MemoryRequests(this.port, () => this.whatIf);
  protected readonly whatIf = new WhatIfRequests(this.port, {
    decode: (content) =>
      decodeContent(this.program, content, {
        buffering: this.launchConfig?.buffering,
        channel: this.launchConfig?.channel,
      }),
    changed: (body, description) => {
      this.sendEvent(new Event(WHAT_IF_EVENT, { uri: this.uri(), path: this.program, ...body }));
      this.sendEvent(new OutputEvent(`${description}\n`, 'console'));
      this.onStop({ reason: 'step', description });
    },
    variablePath: (ref, name) => this.port.variablePath(ref, name),
  });

  constructor(options: StepRestoreSessionOptions = {}) {
    super();
    this.readFile = options.readFile ?? readFromDisk;
    this.setDebuggerLinesStartAt1(true);
    this.setDebuggerColumnsStartAt1(true);
  }

  /** What the request groups see of this session (sessionPort.ts). */
  private makePort(): SessionPort {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the port's accessors read this session's fields as they change
    const session = this;
    return {
      get runtime() {
        return session.runtime;
      },
      get program() {
        return session.program;
      },
      get frameInfos() {
        return session.frameInfos;
      },
      set frameInfos(v: FrameInfo[]) {
        session.frameInfos = v;
      },
      send: (response) => this.sendResponse(response),
      run: (response, action) => this.whenRunning(response, action),
      fail: (response, id, format) => this.sendErrorResponse(response, { id, format, showUser: false }),
      refuse: (response, id, message, showUser) => this.refuse(response, id, message, showUser),
      guard: (response, work) => this.guard(response, work),
      selectFrame: (index) => {
        const f = this.frameInfos[index];
        if (f && index !== this.positionFrame) {
          this.positionFrame = index;
          this.sendPosition(f, 'frame');
        }
      },
      source: () => this.source(),
      variablePath: (ref, name) => this.inspection.variablePath(ref, name),
      clientLine: (line) => this.convertDebuggerLineToClient(line),
      clientColumn: (column) => this.convertDebuggerColumnToClient(column),
      debuggerLine: (line) => this.convertClientLineToDebugger(line),
      debuggerPath: (clientPath) => this.convertClientPathToDebugger(clientPath),
    };
  }

  // --- setup ----------------------------------------------------------------------------------

  protected override initializeRequest(
    response: DebugProtocol.InitializeResponse,
    _args: DebugProtocol.InitializeRequestArguments,
  ): void {
    response.body = { ...response.body, ...adapterCapabilities() };
    this.sendResponse(response);
    this.sendEvent(new InitializedEvent());
  }

  protected override configurationDoneRequest(
    response: DebugProtocol.ConfigurationDoneResponse,
    args: DebugProtocol.ConfigurationDoneArguments,
  ): void {
    super.configurationDoneRequest(response, args);
    this.configurationDone.resolve();
  }

  /** Validate the launch attributes, then read and decode the program; throws LoadError. */
  private async load(args: LaunchArgs): Promise<{ doc: SavedStateDocument; config: ValidLaunch }> {
    const config = validateLaunchArgs(args);
    return {
      doc: await loadDocument(
        config.program,
        { buffering: config.buffering, channel: config.channel, schemas: config.schemas },
        this.readFile,
      ),
      config,
    };
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
    this.sendErrorResponse(response, {
      id,
      format: escapeControl(message).replace(/[{}]/g, (c) => (c === '{' ? '(' : ')')),
      showUser,
    });
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
      const message =
        e instanceof LoadError ? e.message : `Cannot start Step Restore: ${(e as Error).message ?? String(e)}`;
      this.sendEvent(new OutputEvent(message + '\n', 'stderr'));
      this.refuse(response, 1001, message, true);
      return;
    }
    this.launchArgs = args;
    this.launchConfig = config;
    this.program = path.resolve(config.program);
    this.runtime = this.createRuntime(doc);
    this.whatIf.begin(doc, config.reseal);
    this.loaded.resolve();
    this.sendResponse(response);
    this.announce();
    await Promise.race([this.configurationDone.promise, new Promise((r) => setTimeout(r, CONFIGURATION_TIMEOUT_MS))]);
    const rt = this.runtime;
    this.safely(() => rt.start(config.stopOnEntry, config.stopAtCall));
  }

  private createRuntime(doc: SavedStateDocument): TimeTravelRuntime {
    const rt = new TimeTravelRuntime(doc, this.program, { breakOnFailure: this.launchConfig?.breakOnFailure });
    rt.scopeFactory = (r) => buildScope(r);
    rt.setExceptionFilters(this.breakpointRequests.exceptionFilters);
    rt.on('stop', (s) => this.onStop(s));
    rt.on('output', (o) => this.sendEvent(outputEvent(this.port, doc.form, o)));
    rt.on('trace', (entry) => this.sendEvent(traceEvent(this.port, this.uri(), rt.doc, entry)));
    rt.on('outcome', (outcome) => this.sendEvent(outcomeEvent(this.port, this.uri(), outcome)));
    rt.on('terminated', () => this.sendEvent(new TerminatedEvent()));
    rt.on('rewind', (steps) => this.sendEvent(new Event(REWIND_EVENT, { uri: this.uri(), path: this.program, steps })));
    rt.on('breakpointChanged', (bp) =>
      this.sendEvent(new BreakpointEvent('changed', this.breakpointRequests.toBreakpoint(bp))),
    );
    return rt;
  }

  /** Banner and plan after launch and restart (sessionEvents.ts). */
  private announce(): void {
    for (const e of launchAnnouncement(this.port, this.launchConfig?.buffering, this.uri())) this.sendEvent(e);
  }

  private uri(): string {
    return this.program ? pathToFileURL(this.program).toString() : '';
  }

  private source(): Source {
    return new Source(path.basename(this.program), this.convertDebuggerPathToClient(this.program));
  }

  // --- stops ----------------------------------------------------------------------------------

  private invalidate(): void {
    this.inspection.reset();
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

  // --- requests: execution --------------------------------------------------------------------

  private whenRunning(response: DebugProtocol.Response, action: (rt: TimeTravelRuntime) => void): void {
    const rt = this.runtime;
    if (!rt) {
      this.sendErrorResponse(response, { id: 1002, format: 'No restore session is running.', showUser: false });
      return;
    }
    this.sendResponse(response);
    this.invalidate();
    this.safely(() => action(rt));
  }

  protected override restartRequest(
    response: DebugProtocol.RestartResponse,
    args: DebugProtocol.RestartArguments,
  ): void {
    this.guard(response, this.restart(response, args));
  }

  private async restart(
    response: DebugProtocol.RestartResponse,
    args: DebugProtocol.RestartArguments | undefined,
  ): Promise<void> {
    const given = args?.arguments;
    const next: LaunchArgs = {
      ...this.launchArgs,
      ...(given && typeof given === 'object' && !Array.isArray(given) ? (given as LaunchArgs) : {}),
    };
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
    this.execution.reset();
    this.whatIf.begin(doc, config.reseal);
    if (this.runtime) {
      this.runtime.reload(doc, { breakOnFailure: config.breakOnFailure });
    } else {
      this.runtime = this.createRuntime(doc);
    }
    this.sendResponse(response);
    this.sendEvent(new OutputEvent('Restarted: the file was read again and the emulated channel is new.\n', 'console'));
    this.announce();
    // Restart drops the what-if edits (the file is read again): the view and the commands follow.
    this.sendEvent(
      new Event(WHAT_IF_EVENT, {
        uri: this.uri(),
        path: this.program,
        edits: [],
        reseal: config.reseal,
        sessionOnly: [],
      }),
    );
    const rt = this.runtime;
    this.safely(() => rt.start(config.stopOnEntry, config.stopAtCall));
  }

  protected override terminateRequest(response: DebugProtocol.TerminateResponse): void {
    this.sendResponse(response);
    this.sendEvent(new TerminatedEvent());
  }

  protected override disconnectRequest(
    response: DebugProtocol.DisconnectResponse,
    args: DebugProtocol.DisconnectArguments,
  ): void {
    this.runtime?.removeAllListeners();
    super.disconnectRequest(response, args);
  }

  protected override customRequest(command: string, response: DebugProtocol.Response, args: unknown): void {
    if (command === GOTO_CHUNK_REQUEST) this.execution.gotoChunk(response, args);
    else if (!this.whatIf.customRequest(command, response, args)) super.customRequest(command, response, args);
  }
}
