// Step Save, the DAP side (docs/step-save.md): a launch with `"mode": "save"` restores the program,
// then each save call (SaveBegin, every SaveContinue, SaveEnd) is a stop showing BytesFilled,
// BytesRequired, the status with NT_SUCCESS and its meaning, and the chunks written so far.
// Breakpoints: function breakpoints on chunks (`chunk 3`, `GPADL`), line breakpoints on `.save`
// lines. The stream written is saved to `output` at the end, or on request (`writeSavedStream`).

import * as path from 'node:path';
import {
  InitializedEvent,
  LoggingDebugSession,
  OutputEvent,
  Scope,
  Source,
  StackFrame,
  StoppedEvent,
  TerminatedEvent,
  Thread,
} from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { escapeControl, formatStatus, ntSuccessTrapBrief, OptionError, validateBufferSize } from '../../core/src';
import { writeFileAtomic } from '../../core/src/node/files';
import { validateLaunchArgs } from './launchConfig';
import { LoadError, loadDocument, readFromDisk, type FileReader } from './loadDocument';
import { failed, parseChunkBreakpoint, StepSaveRuntime, type SaveStopReason } from './stepSaveRuntime';

const THREAD_ID = 1;
const CALL_SCOPE = 1;
const CHUNKS_SCOPE = 2;

/** The launch attributes of a Step Save session. */
export interface StepSaveLaunchArgs extends DebugProtocol.LaunchRequestArguments {
  program?: unknown;
  mode?: unknown;
  /** SaveBufferSize of the driver loop (files without save lines); default 4096. */
  saveBufferSize?: unknown;
  /** Where the stream written is saved when the session ends. */
  output?: unknown;
  stopOnEntry?: unknown;
}

/** Whether a launch configuration asks for Step Save. */
export function isStepSaveLaunch(config: unknown): boolean {
  return typeof config === 'object' && config !== null && (config as { mode?: unknown }).mode === 'save';
}

export class StepSaveSession extends LoggingDebugSession {
  private runtime?: StepSaveRuntime;
  private program = '';
  private output?: string;
  private stopOnEntry = true;
  private configured?: () => void;
  private readonly configurationDone = new Promise<void>((r) => (this.configured = r));
  private readonly readFile: FileReader;

  constructor(options: { readFile?: FileReader } = {}) {
    super();
    this.readFile = options.readFile ?? readFromDisk;
    this.setDebuggerLinesStartAt1(true);
    this.setDebuggerColumnsStartAt1(true);
  }

  protected override initializeRequest(response: DebugProtocol.InitializeResponse): void {
    response.body = {
      supportsConfigurationDoneRequest: true,
      supportsFunctionBreakpoints: true,
      supportsTerminateRequest: true,
      supportsStepBack: false,
    };
    this.sendResponse(response);
    this.sendEvent(new InitializedEvent());
  }

  protected override configurationDoneRequest(response: DebugProtocol.ConfigurationDoneResponse): void {
    this.sendResponse(response);
    this.configured?.();
  }

  protected override launchRequest(response: DebugProtocol.LaunchResponse, args: StepSaveLaunchArgs): void {
    void this.launch(response, args).catch((e: unknown) =>
      this.refuse(response, 2999, `Step Save internal error: ${(e as Error)?.message ?? String(e)}`),
    );
  }

  private async launch(response: DebugProtocol.LaunchResponse, args: StepSaveLaunchArgs): Promise<void> {
    try {
      if (args.output !== undefined && (typeof args.output !== 'string' || args.output.trim() === ''))
        throw new LoadError(
          `Invalid launch configuration: output must be a file path (a string), not ${JSON.stringify(args.output)}.`,
        );
      let size: number | undefined;
      try {
        size =
          args.saveBufferSize === undefined ? undefined : validateBufferSize(args.saveBufferSize, 'saveBufferSize');
      } catch (e) {
        if (e instanceof OptionError) throw new LoadError(`Invalid launch configuration: ${e.message}.`);
        throw e;
      }
      // program, stopOnEntry and channel are Step Restore's attributes, checked by the same validator.
      const valid = validateLaunchArgs(args);
      const doc = await loadDocument(valid.program, { channel: valid.channel }, this.readFile);
      this.program = path.resolve(valid.program);
      this.output = typeof args.output === 'string' ? path.resolve(path.dirname(this.program), args.output) : undefined;
      this.stopOnEntry = valid.stopOnEntry;
      this.runtime = new StepSaveRuntime(doc, size);
    } catch (e) {
      const message = e instanceof LoadError ? e.message : `Cannot start Step Save: ${(e as Error).message}`;
      this.sendEvent(new OutputEvent(message + '\n', 'stderr'));
      this.refuse(response, 2001, message, true);
      return;
    }
    this.sendResponse(response);
    await this.configurationDone;
    const rt = this.runtime;
    this.print(
      `Step Save ${path.basename(this.program)}: the restore ends with ${formatStatus(rt.restore.status)}; ` +
        `${rt.steps.length} save call(s) from ${rt.originText()}.`,
    );
    if (this.stopOnEntry) this.stopAt('entry');
    else this.resume('continue');
  }

  protected override setFunctionBreakPointsRequest(
    response: DebugProtocol.SetFunctionBreakpointsResponse,
    args: DebugProtocol.SetFunctionBreakpointsArguments,
  ): void {
    const parsed = args.breakpoints.map((b) => parseChunkBreakpoint(b.name));
    const apply = () => {
      if (this.runtime) this.runtime.chunkBreakpoints = parsed.filter((b) => b !== undefined);
    };
    apply();
    void this.configurationDone.then(apply);
    response.body = {
      breakpoints: parsed.map((b, i) =>
        b
          ? { verified: true }
          : {
              verified: false,
              message: `"${escapeControl(args.breakpoints[i].name)}" names no chunk: use "chunk N" or a chunk type (GPADL, END, …).`,
            },
      ),
    };
    this.sendResponse(response);
  }

  protected override setBreakPointsRequest(
    response: DebugProtocol.SetBreakpointsResponse,
    args: DebugProtocol.SetBreakpointsArguments,
  ): void {
    const lines = (args.breakpoints ?? []).map((b) => this.convertClientLineToDebugger(b.line) - 1);
    const apply = () => {
      const rt = this.runtime;
      if (!rt) return;
      const saveLines = new Set(rt.steps.map((s) => s.text?.start.line).filter((l) => l !== undefined));
      rt.lineBreakpoints = new Set(lines.filter((l) => saveLines.has(l)));
    };
    apply();
    void this.configurationDone.then(apply);
    response.body = {
      breakpoints: lines.map((l) => ({
        verified: this.runtime ? this.runtime.steps.some((s) => s.text?.start.line === l) : true,
        line: this.convertDebuggerLineToClient(l + 1),
      })),
    };
    this.sendResponse(response);
  }

  protected override threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    response.body = { threads: [new Thread(THREAD_ID, 'save')] };
    this.sendResponse(response);
  }

  protected override stackTraceRequest(response: DebugProtocol.StackTraceResponse): void {
    const rt = this.runtime;
    const t = rt?.current;
    const frames: StackFrame[] = [];
    if (rt) {
      const next = t ? t.index : -1;
      const step = rt.steps[Math.max(0, next)];
      const name = t ? `save call ${t.index + 1}: ${rt.describe(t).function}` : 'before the first save call';
      const line = step?.text ? step.text.start.line + 1 : 0;
      const f = new StackFrame(
        0,
        escapeControl(name),
        new Source(path.basename(this.program), this.program),
        this.convertDebuggerLineToClient(Math.max(1, line)),
      );
      frames.push(f);
    }
    response.body = { stackFrames: frames, totalFrames: frames.length };
    this.sendResponse(response);
  }

  protected override scopesRequest(response: DebugProtocol.ScopesResponse): void {
    response.body = {
      scopes: [new Scope('Save call', CALL_SCOPE, false), new Scope('Chunks', CHUNKS_SCOPE, false)],
    };
    this.sendResponse(response);
  }

  protected override variablesRequest(
    response: DebugProtocol.VariablesResponse,
    args: DebugProtocol.VariablesArguments,
  ): void {
    const rt = this.runtime;
    const rows = !rt
      ? []
      : args.variablesReference === CALL_SCOPE
        ? Object.entries(rt.describe(rt.current)).map(([name, value]) => ({ name, value }))
        : args.variablesReference === CHUNKS_SCOPE
          ? rt.chunkRows(rt.current)
          : [];
    response.body = {
      variables: rows.map((r) => ({ name: r.name, value: escapeControl(r.value), variablesReference: 0 })),
    };
    this.sendResponse(response);
  }

  protected override nextRequest(response: DebugProtocol.NextResponse): void {
    this.sendResponse(response);
    this.resume('next');
  }
  protected override stepInRequest(response: DebugProtocol.StepInResponse): void {
    this.sendResponse(response);
    this.resume('next');
  }
  protected override stepOutRequest(response: DebugProtocol.StepOutResponse): void {
    this.sendResponse(response);
    this.resume('continue');
  }
  protected override continueRequest(response: DebugProtocol.ContinueResponse): void {
    response.body = { allThreadsContinued: true };
    this.sendResponse(response);
    this.resume('continue');
  }

  protected override terminateRequest(response: DebugProtocol.TerminateResponse): void {
    this.sendResponse(response);
    this.sendEvent(new TerminatedEvent());
  }

  /** `writeSavedStream {path}`: write the stream written so far (atomically). */
  protected override customRequest(command: string, response: DebugProtocol.Response, args: { path?: unknown }): void {
    if (command !== 'writeSavedStream') return super.customRequest(command, response, args);
    if (!this.runtime || typeof args?.path !== 'string' || args.path.trim() === '')
      return this.refuse(response, 2002, 'writeSavedStream needs a path (a string) and a running Step Save session.');
    const target = path.resolve(path.dirname(this.program), args.path);
    try {
      const bytes = this.runtime.stream();
      writeFileAtomic(target, bytes);
      response.body = { path: target, bytes: bytes.length, chunks: this.runtime.current?.writtenTotal ?? 0 };
      this.sendResponse(response);
    } catch (e) {
      this.refuse(response, 2003, `${target}: cannot write: ${(e as Error).message}`);
    }
  }

  private resume(how: 'next' | 'continue'): void {
    const rt = this.runtime;
    if (!rt) return;
    if (how === 'next') {
      const t = rt.step();
      if (!t) return this.finish();
      this.report(t);
      const hit = rt.hitBy(t);
      if (rt.done && !hit && !failed(t)) return this.finish();
      this.stopAt(hit ? 'breakpoint' : failed(t) ? 'exception' : 'step', hit);
      return;
    }
    for (;;) {
      const before = rt.trace.length;
      const r = rt.run();
      for (const t of rt.trace.slice(before)) this.report(t);
      if (r.reason === 'end') return this.finish();
      return this.stopAt(r.reason, r.hit);
    }
  }

  /** One console line per save call: status, NT_SUCCESS and the trap, BytesFilled/BytesRequired. */
  private report(t: NonNullable<StepSaveRuntime['current']>): void {
    const v = this.runtime!.describe(t);
    const status =
      t.status === undefined
        ? 'VOID'
        : `${v.status}, NT_SUCCESS=${v.ntSuccess}${ntSuccessTrapBrief(t.status) ? ` (${ntSuccessTrapBrief(t.status)})` : ''}`;
    const bytes = t.bytesFilled === undefined ? '' : `; BytesFilled ${t.bytesFilled}, BytesRequired ${t.bytesRequired}`;
    const wrote = v.writtenByThisCall ? `; wrote ${v.writtenByThisCall}` : '';
    this.print(
      `save call ${v.call}: ${v.function} → ${status}${bytes}${wrote}${v.refused ? `; refused: ${v.refused}` : ''}`,
    );
  }

  private stopAt(reason: SaveStopReason, hit?: string): void {
    const t = this.runtime?.current;
    const description =
      reason === 'entry'
        ? 'Before the first save call'
        : hit
          ? `Breakpoint: ${hit}`
          : t?.status !== undefined
            ? formatStatus(t.status)
            : 'SaveEnd';
    const e = new StoppedEvent(reason, THREAD_ID) as DebugProtocol.StoppedEvent;
    e.body.description = escapeControl(description);
    if (reason === 'exception')
      e.body.text = escapeControl(
        this.runtime?.describe(t).meaning ?? t?.refused?.message ?? 'The save did not finish.',
      );
    this.sendEvent(e);
  }

  /** The save calls ran: report the problems, write `output`, end the session. */
  private finish(): void {
    const rt = this.runtime!;
    for (const p of rt.problems) if (p.severity === 'error') this.print(`[${p.code}] ${p.message}`, 'stderr');
    const written = rt.current?.writtenTotal ?? 0;
    this.print(`Save ended: ${written} of ${rt.chunks.length} chunk(s) written, ${rt.stream().length} bytes.`);
    if (this.output) {
      try {
        writeFileAtomic(this.output, rt.stream());
        this.print(`Wrote the saved stream to ${this.output}.`);
      } catch (e) {
        this.print(`${this.output}: cannot write: ${(e as Error).message}; the file was not changed.`, 'stderr');
      }
    }
    this.sendEvent(new TerminatedEvent());
  }

  private print(line: string, category: 'console' | 'stderr' = 'console'): void {
    this.sendEvent(new OutputEvent(escapeControl(line) + '\n', category));
  }

  private refuse(response: DebugProtocol.Response, id: number, message: string, showUser = true): void {
    this.sendErrorResponse(response, {
      id,
      format: escapeControl(message).replace(/[{}]/g, (c) => (c === '{' ? '(' : ')')),
      showUser,
    });
  }
}
