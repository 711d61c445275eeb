// The breakpoint requests of a Step Restore session: line breakpoints (bound only in the program
// being restored), function breakpoints and exception filters, answered in DAP terms.

import * as path from 'node:path';
import { Breakpoint } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { escapeControl } from '../../core/src';
import type { RuntimeBreakpoint } from './breakpoints';
import { watchableChannelPath } from './dataBreakpoints';
import type { SessionPort } from './sessionPort';
import { EXCEPTION_FILTERS } from './stopReasons';

function samePath(a: string, b: string): boolean {
  const n = (p: string) => {
    const r = path.resolve(p);
    return process.platform === 'win32' || process.platform === 'darwin' ? r.toLowerCase() : r;
  };
  return n(a) === n(b);
}

export class BreakpointRequests {
  /** The exception filters as last requested; a runtime created later starts with them. */
  exceptionFilters: { filter: string; condition?: string }[] = EXCEPTION_FILTERS.filter((f) => f.default).map((f) => ({
    filter: f.filter,
  }));

  /** `loaded` settles once launch has a runtime (or failed): breakpoint requests wait for it. */
  constructor(
    private readonly port: SessionPort,
    private readonly loaded: Promise<void>,
  ) {}

  private async waitLoaded(): Promise<void> {
    await Promise.race([this.loaded, new Promise((r) => setTimeout(r, 10000))]);
  }

  toBreakpoint(bp: RuntimeBreakpoint): DebugProtocol.Breakpoint {
    const b = new Breakpoint(bp.verified) as DebugProtocol.Breakpoint;
    b.id = bp.id;
    if (bp.origin === 'line') {
      if (bp.line !== undefined) b.line = this.port.clientLine(bp.line);
      b.source = this.port.source();
    }
    if (bp.message) b.message = escapeControl(bp.message);
    return b;
  }

  setBreakPointsRequest(
    response: DebugProtocol.SetBreakpointsResponse,
    args: DebugProtocol.SetBreakpointsArguments,
  ): void {
    this.port.guard(response, this.setBreakpoints(response, args));
  }

  private async setBreakpoints(
    response: DebugProtocol.SetBreakpointsResponse,
    args: DebugProtocol.SetBreakpointsArguments,
  ): Promise<void> {
    await this.waitLoaded();
    const requested: DebugProtocol.SourceBreakpoint[] =
      args.breakpoints ?? (args.lines ?? []).map((line) => ({ line }));
    const specs = requested.map((b) => ({
      line: this.port.debuggerLine(b.line),
      condition: b.condition,
      hitCondition: b.hitCondition,
      logMessage: b.logMessage,
    }));
    const rt = this.port.runtime;
    const file = args.source.path ? this.port.debuggerPath(args.source.path) : undefined;
    if (!rt || !file || !samePath(file, this.port.program)) {
      const why = !rt
        ? 'No restore session is running.'
        : `Step Restore is running ${path.basename(this.port.program)}; breakpoints in other files do not bind.`;
      response.body = {
        breakpoints: specs.map((s) => ({
          verified: false,
          line: s.line !== undefined ? this.port.clientLine(s.line) : undefined,
          message: why,
        })),
      };
      this.port.send(response);
      return;
    }
    response.body = { breakpoints: rt.setLineBreakpoints(specs).map((b) => this.toBreakpoint(b)) };
    this.port.send(response);
  }

  setFunctionBreakPointsRequest(
    response: DebugProtocol.SetFunctionBreakpointsResponse,
    args: DebugProtocol.SetFunctionBreakpointsArguments,
  ): void {
    this.port.guard(response, this.setFunctionBreakpoints(response, args));
  }

  private async setFunctionBreakpoints(
    response: DebugProtocol.SetFunctionBreakpointsResponse,
    args: DebugProtocol.SetFunctionBreakpointsArguments,
  ): Promise<void> {
    await this.waitLoaded();
    const rt = this.port.runtime;
    if (!rt) {
      response.body = {
        breakpoints: args.breakpoints.map(() => ({ verified: false, message: 'No restore session is running.' })),
      };
      this.port.send(response);
      return;
    }
    response.body = {
      breakpoints: rt
        .setFunctionBreakpoints(
          args.breakpoints.map((b) => ({ name: b.name, condition: b.condition, hitCondition: b.hitCondition })),
        )
        .map((b) => this.toBreakpoint(b)),
    };
    this.port.send(response);
  }

  setExceptionBreakPointsRequest(
    response: DebugProtocol.SetExceptionBreakpointsResponse,
    args: DebugProtocol.SetExceptionBreakpointsArguments,
  ): void {
    const list = args.filterOptions?.length
      ? args.filterOptions.map((o) => ({ filter: o.filterId, condition: o.condition }))
      : (args.filters ?? []).map((f) => ({ filter: f }));
    // filters and filterOptions may both be given: a filter without options is enabled without a condition.
    for (const f of args.filters ?? []) if (!list.some((x) => x.filter === f)) list.push({ filter: f });
    this.exceptionFilters = list;
    const results: { verified: boolean; message?: string }[] = this.port.runtime
      ? this.port.runtime.setExceptionFilters(list)
      : list.map(() => ({ verified: true }));
    response.body = {
      breakpoints: results.map((r) => ({ verified: r.verified, ...(r.message ? { message: r.message } : {}) })),
    };
    this.port.send(response);
  }

  /** Data breakpoints are offered on the Channel scope's rows (lifecycle, phase, gpadls, packets, rings, …). */
  dataBreakpointInfoRequest(
    response: DebugProtocol.DataBreakpointInfoResponse,
    args: DebugProtocol.DataBreakpointInfoArguments,
  ): void {
    const path =
      args?.variablesReference !== undefined ? this.port.variablePath(args.variablesReference, args.name) : args?.name;
    response.body = watchableChannelPath(path)
      ? { dataId: path, description: `${path} changes (checked after every restore call)`, accessTypes: ['write'] }
      : { dataId: null, description: 'Only channel state (the Channel scope) can be watched.' };
    this.port.send(response);
  }

  setDataBreakpointsRequest(
    response: DebugProtocol.SetDataBreakpointsResponse,
    args: DebugProtocol.SetDataBreakpointsArguments,
  ): void {
    this.port.guard(
      response,
      (async () => {
        await this.waitLoaded();
        const rt = this.port.runtime;
        const ids = (args?.breakpoints ?? []).map((b) => String(b.dataId));
        const results: { id?: number; verified: boolean; message?: string }[] = rt
          ? rt.dataWatch.set(ids, rt.scope())
          : ids.map(() => ({ verified: false, message: 'No restore session is running.' }));
        response.body = {
          breakpoints: results.map((r) => ({
            verified: r.verified,
            ...(r.id !== undefined ? { id: r.id } : {}),
            ...(r.message ? { message: escapeControl(r.message) } : {}),
          })),
        };
        this.port.send(response);
      })(),
    );
  }
}
