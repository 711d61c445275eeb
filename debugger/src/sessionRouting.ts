// The request methods of the Step Restore session that only hand a request to its group:
// breakpointRequests.ts, inspectionRequests.ts, executionRequests.ts, whatIfRequests.ts and
// memoryRequests.ts. stepRestoreSession.ts
// extends this with launch, restart and stops.

import { LoggingDebugSession } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { BreakpointRequests } from './breakpointRequests';
import type { ExecutionRequests } from './executionRequests';
import type { InspectionRequests } from './inspectionRequests';
import type { MemoryRequests } from './memoryRequests';
import type { WhatIfRequests } from './whatIfRequests';

export abstract class RoutedSession extends LoggingDebugSession {
  protected abstract readonly breakpointRequests: BreakpointRequests;
  protected abstract readonly inspection: InspectionRequests;
  protected abstract readonly execution: ExecutionRequests;
  protected abstract readonly whatIf: WhatIfRequests;
  protected abstract readonly memory: MemoryRequests;

  // --- what-if (whatIfRequests.ts) ------------------------------------------------------------

  protected override setVariableRequest(
    response: DebugProtocol.SetVariableResponse,
    args: DebugProtocol.SetVariableArguments,
  ): void {
    this.whatIf.setVariableRequest(response, args);
  }
  protected override setExpressionRequest(
    response: DebugProtocol.SetExpressionResponse,
    args: DebugProtocol.SetExpressionArguments,
  ): void {
    this.whatIf.setExpressionRequest(response, args);
  }

  // --- execution (executionRequests.ts) -------------------------------------------------------

  protected override continueRequest(response: DebugProtocol.ContinueResponse): void {
    this.execution.continueRequest(response);
  }
  protected override nextRequest(response: DebugProtocol.NextResponse): void {
    this.execution.run(response, (rt) => rt.next());
  }
  protected override stepInRequest(response: DebugProtocol.StepInResponse): void {
    this.execution.run(response, (rt) => rt.stepIn());
  }
  protected override stepOutRequest(response: DebugProtocol.StepOutResponse): void {
    this.execution.run(response, (rt) => rt.stepOut());
  }
  protected override stepBackRequest(response: DebugProtocol.StepBackResponse): void {
    this.execution.run(response, (rt) => rt.stepBack());
  }
  protected override reverseContinueRequest(response: DebugProtocol.ReverseContinueResponse): void {
    this.execution.run(response, (rt) => rt.reverseContinue());
  }
  protected override restartFrameRequest(response: DebugProtocol.RestartFrameResponse): void {
    this.execution.run(response, (rt) => rt.restartCall());
  }
  protected override gotoTargetsRequest(
    response: DebugProtocol.GotoTargetsResponse,
    args: DebugProtocol.GotoTargetsArguments,
  ): void {
    this.execution.gotoTargetsRequest(response, args);
  }
  protected override gotoRequest(response: DebugProtocol.GotoResponse, args: DebugProtocol.GotoArguments): void {
    this.execution.gotoRequest(response, args);
  }
  protected override pauseRequest(response: DebugProtocol.PauseResponse): void {
    // Every step runs to completion synchronously; there is never anything to pause.
    this.sendResponse(response);
  }

  // --- breakpoints (breakpointRequests.ts) ----------------------------------------------------

  protected override setBreakPointsRequest(
    response: DebugProtocol.SetBreakpointsResponse,
    args: DebugProtocol.SetBreakpointsArguments,
  ): void {
    this.breakpointRequests.setBreakPointsRequest(response, args);
  }
  protected override setFunctionBreakPointsRequest(
    response: DebugProtocol.SetFunctionBreakpointsResponse,
    args: DebugProtocol.SetFunctionBreakpointsArguments,
  ): void {
    this.breakpointRequests.setFunctionBreakPointsRequest(response, args);
  }
  protected override setExceptionBreakPointsRequest(
    response: DebugProtocol.SetExceptionBreakpointsResponse,
    args: DebugProtocol.SetExceptionBreakpointsArguments,
  ): void {
    this.breakpointRequests.setExceptionBreakPointsRequest(response, args);
  }

  protected override dataBreakpointInfoRequest(
    response: DebugProtocol.DataBreakpointInfoResponse,
    args: DebugProtocol.DataBreakpointInfoArguments,
  ): void {
    this.breakpointRequests.dataBreakpointInfoRequest(response, args);
  }
  protected override setDataBreakpointsRequest(
    response: DebugProtocol.SetDataBreakpointsResponse,
    args: DebugProtocol.SetDataBreakpointsArguments,
  ): void {
    this.breakpointRequests.setDataBreakpointsRequest(response, args);
  }

  // --- inspection (inspectionRequests.ts) -----------------------------------------------------

  protected override exceptionInfoRequest(response: DebugProtocol.ExceptionInfoResponse): void {
    this.inspection.exceptionInfoRequest(response);
  }
  protected override threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    this.inspection.threadsRequest(response);
  }
  protected override stackTraceRequest(
    response: DebugProtocol.StackTraceResponse,
    args: DebugProtocol.StackTraceArguments,
  ): void {
    this.inspection.stackTraceRequest(response, args);
  }
  protected override scopesRequest(response: DebugProtocol.ScopesResponse, args: DebugProtocol.ScopesArguments): void {
    this.inspection.scopesRequest(response, args);
  }
  protected override variablesRequest(
    response: DebugProtocol.VariablesResponse,
    args: DebugProtocol.VariablesArguments,
  ): void {
    this.inspection.variablesRequest(response, args);
  }
  protected override evaluateRequest(
    response: DebugProtocol.EvaluateResponse,
    args: DebugProtocol.EvaluateArguments,
  ): void {
    this.inspection.evaluateRequest(response, args);
  }
  protected override completionsRequest(
    response: DebugProtocol.CompletionsResponse,
    args: DebugProtocol.CompletionsArguments,
  ): void {
    this.inspection.completionsRequest(response, args);
  }
  protected override readMemoryRequest(
    response: DebugProtocol.ReadMemoryResponse,
    args: DebugProtocol.ReadMemoryArguments,
  ): void {
    this.memory.readMemoryRequest(response, args);
  }
  protected override writeMemoryRequest(
    response: DebugProtocol.WriteMemoryResponse,
    args: DebugProtocol.WriteMemoryArguments,
  ): void {
    this.memory.writeMemoryRequest(response, args);
  }
}
