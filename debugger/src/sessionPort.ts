// What the request groups of a Step Restore session (breakpoint, inspection and execution requests)
// see of the session: its runtime and program, the current frames, and the DAP helpers they answer with.

import type { Source } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { FrameInfo } from './frames';
import type { TimeTravelRuntime } from './timeTravel';

/** The one thread a Step Restore session has. */
export const THREAD_ID = 1;

export interface SessionPort {
  /** The running restore; undefined until a launch succeeded. */
  readonly runtime: TimeTravelRuntime | undefined;
  /** Absolute path of the program being restored; '' until a launch succeeded. */
  readonly program: string;
  /** Stack frames of the current stop; emptied when execution moves. */
  frameInfos: FrameInfo[];
  send(response: DebugProtocol.Response): void;
  /** Answer, then move the runtime (a step, a jump); an error when no session runs. */
  run(response: DebugProtocol.Response, action: (rt: TimeTravelRuntime) => void): void;
  /** An error response with a fixed text that the user is not shown. */
  fail(response: DebugProtocol.Response, id: number, format: string): void;
  /** An error response whose text may quote input: escaped, without DAP's `{name}` placeholders. */
  refuse(response: DebugProtocol.Response, id: number, message: string, showUser: boolean): void;
  /** Run an async handler: a rejection becomes an error response and a console line. */
  guard(response: DebugProtocol.Response, work: Promise<void>): void;
  /** Another stack frame (0-based) was selected: move the highlighted bytes there. */
  selectFrame(index: number): void;
  /** The evaluate path of a Variables row (its container's reference and its name). */
  variablePath(variablesReference: number, name: string): string | undefined;
  /** The program as a DAP source. */
  source(): Source;
  /** Line and column numbers between the client's convention and the adapter's (1-based). */
  clientLine(line: number): number;
  clientColumn(column: number): number;
  debuggerLine(line: number): number;
  debuggerPath(clientPath: string): string;
}
