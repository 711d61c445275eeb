// The inspection requests of a Step Restore session, answered while it is stopped: threads, stack
// trace, exception info, scopes and variables, evaluate and completions (memory: memoryRequests.ts).

import * as path from 'node:path';
import { StackFrame, Thread } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import {
  diagnosticInfo,
  escapeControl,
  formatStatus,
  statusHex,
  statusMeaning,
  statusName,
  ntSuccess,
  type ByteRange,
  type TextRange,
} from '../../core/src';
import { ExpressionError } from './expressionValues';
import { frames } from './frames';
import { THREAD_ID, type SessionPort } from './sessionPort';
import { REPL_HELP, VariablesView } from './variablesView';

/** Most bytes at fault the exception widget shows; the rest is counted. */
const FAULT_BYTES_SHOWN = 64;

/** The exact bytes at fault, in hex, with their stream range (Show bytes: the memory view at the same offset). */
export function faultBytes(bytes: Uint8Array, r: ByteRange): string {
  const end = Math.min(r.end, bytes.length);
  const shown = bytes.subarray(r.start, Math.min(end, r.start + FAULT_BYTES_SHOWN));
  const hexText = Array.from(shown, (b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
  const more = end - r.start - shown.length;
  const where = `[0x${r.start.toString(16).toUpperCase()}..0x${r.end.toString(16).toUpperCase()})`;
  return `Bytes ${where}: ${hexText || '(none: past the end of the input)'}${more > 0 ? ` … (${more} more)` : ''}`;
}

export class InspectionRequests {
  private readonly view: VariablesView;

  constructor(private readonly port: SessionPort) {
    this.view = new VariablesView(() => port.runtime);
  }

  /** The evaluate path of a Variables row (setVariable). */
  variablePath(variablesReference: number, name: string): string | undefined {
    return this.view.pathOf(variablesReference, name);
  }

  /** Forget variable handles and the expression scope: the position moved. */
  reset(): void {
    this.view.reset();
  }

  exceptionInfoRequest(response: DebugProtocol.ExceptionInfoResponse): void {
    const rt = this.port.runtime;
    const f = rt?.focus;
    if (!rt || !f || f.kind !== 'failed') {
      this.port.fail(response, 1004, 'Not stopped on a failed restore call.');
      return;
    }
    const t = f.trace;
    const name = statusName(t.status) ?? statusHex(t.status);
    const code = t.failure?.code;
    const info = code ? diagnosticInfo(code) : undefined;
    const meaning = statusMeaning(t.status);
    const at = t.failure?.bytes;
    response.body = {
      exceptionId: name,
      description: [
        `${formatStatus(t.status)}: ${meaning}`,
        `NT_SUCCESS(${name}) is ${ntSuccess(t.status) ? 'TRUE' : 'FALSE'}.`,
        ...(t.failure ? [`${t.failure.code}: ${escapeControl(t.failure.message)}`] : []),
        ...(at ? [faultBytes(rt.doc.bytes, at)] : []),
        ...(t.expect && !t.expect.ok ? [`.expect said ${formatStatus(t.expect.status)}.`] : []),
      ].join('\n'),
      breakMode: 'always',
      details: {
        message: t.failure ? escapeControl(t.failure.message) : meaning,
        typeName: code ?? name,
        fullTypeName: code
          ? `${code} — ${info?.title ?? ''} → ${name} (${statusHex(t.status)})`
          : `${name} (${statusHex(t.status)})`,
        evaluateName: 'lastStatus',
        stackTrace: this.port.frameInfos.map((x) => escapeControl(x.name)).join('\n'),
      },
    };
    this.port.send(response);
  }

  threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    response.body = {
      threads: [
        new Thread(
          THREAD_ID,
          this.port.program ? `restore ${escapeControl(path.basename(this.port.program))}` : 'restore',
        ),
      ],
    };
    this.port.send(response);
  }

  /**
   * A frame's location: a caret at the start of what it points at (endLine = line, endColumn =
   * column). VS Code turns a frame's range into the editor selection, with the focus in the editor
   * after a stop, so any wider range could be replaced by one keystroke; the token and the block are
   * shown by the client's decorations from the position event instead (docs/step-restore.md).
   */
  private textLine(t: TextRange | undefined): { line: number; column: number; endLine?: number; endColumn?: number } {
    if (!t) return { line: this.port.clientLine(1), column: this.port.clientColumn(1) };
    const line = this.port.clientLine(t.start.line + 1);
    const column = this.port.clientColumn(t.start.character + 1);
    return { line, column, endLine: line, endColumn: column };
  }

  stackTraceRequest(response: DebugProtocol.StackTraceResponse, args: DebugProtocol.StackTraceArguments): void {
    const rt = this.port.runtime;
    if (!rt) {
      response.body = { stackFrames: [], totalFrames: 0 };
      this.port.send(response);
      return;
    }
    if (!this.port.frameInfos.length) this.port.frameInfos = frames(rt);
    const text = rt.doc.form === 'text';
    const all = this.port.frameInfos.map((f, i) => {
      const loc = this.textLine(text ? f.text : undefined);
      const sf = new StackFrame(
        i + 1,
        escapeControl(f.name),
        this.port.source(),
        loc.line,
        loc.column,
      ) as DebugProtocol.StackFrame;
      if (loc.endLine !== undefined) {
        sf.endLine = loc.endLine;
        sf.endColumn = loc.endColumn;
      }
      sf.presentationHint = f.kind === 'call' && i > 0 ? 'subtle' : 'normal';
      // Restart Frame reruns the current call whichever frame it is asked on (timeTravel.ts).
      sf.canRestart = true;
      return sf;
    });
    const start = args.startFrame ?? 0;
    const count = args.levels ? args.levels : all.length;
    response.body = { stackFrames: all.slice(start, start + count), totalFrames: all.length };
    this.port.send(response);
  }

  scopesRequest(response: DebugProtocol.ScopesResponse, args: DebugProtocol.ScopesArguments): void {
    const rt = this.port.runtime;
    if (!rt) {
      response.body = { scopes: [] };
      this.port.send(response);
      return;
    }
    response.body = { scopes: this.view.scopes() };
    this.port.send(response);
    // Selecting another stack frame moves the highlighted bytes too.
    this.port.selectFrame(args.frameId - 1);
  }

  variablesRequest(response: DebugProtocol.VariablesResponse, args: DebugProtocol.VariablesArguments): void {
    response.body = { variables: this.view.variables(args) };
    this.port.send(response);
  }

  evaluateRequest(response: DebugProtocol.EvaluateResponse, args: DebugProtocol.EvaluateArguments): void {
    const rt = this.port.runtime;
    if (typeof args?.expression !== 'string') {
      this.port.refuse(response, 1008, 'evaluate needs "expression": the text of the expression to evaluate.', false);
      return;
    }
    const expr = args.expression.trim();
    if (!rt) {
      this.port.fail(response, 1005, 'No restore session is running.');
      return;
    }
    if (args.context === 'repl' && (expr === 'help' || expr === '?')) {
      response.body = { result: REPL_HELP, variablesReference: 0 };
      this.port.send(response);
      return;
    }
    try {
      response.body = this.view.evaluate(expr);
      this.port.send(response);
    } catch (e) {
      const message = e instanceof ExpressionError ? e.message : `error: ${(e as Error).message ?? String(e)}`;
      this.port.refuse(response, 1006, message, false);
    }
  }

  completionsRequest(response: DebugProtocol.CompletionsResponse, args: DebugProtocol.CompletionsArguments): void {
    const rt = this.port.runtime;
    if (typeof args?.text !== 'string' || typeof args.column !== 'number' || !Number.isInteger(args.column)) {
      this.port.refuse(
        response,
        1009,
        'completions needs "text" (the console input, a string) and "column" (a whole number).',
        false,
      );
      return;
    }
    const targets = rt ? this.view.completions(args.text, args.column) : [];
    response.body = { targets };
    this.port.send(response);
  }
}
