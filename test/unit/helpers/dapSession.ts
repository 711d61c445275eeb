// Drives the standalone Step Restore adapter (DAP over stdio) for the unit tests: launch with
// breakpoints and filters set during configuration, collect custom events, step and inspect.

import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { TraceEntry } from '../../../core/src';
import type { PlanEventBody, PositionEventBody, RewindEventBody, TraceEventBody } from '../../../debugger/src/protocol';
import { ADAPTER } from './debugFixtures';

export type Ev = DebugProtocol.Event;

export interface Run {
  dc: DebugClient;
  traces: TraceEntry[];
  outputs: string[];
  /** The output events' bodies, for their source links (line, column). */
  outputEvents: DebugProtocol.OutputEvent['body'][];
  positions: PositionEventBody[];
  plans: PlanEventBody[];
  /** Time travel: the `steps` of each vmbstate.rewind event. */
  rewinds: number[];
  /** Resolves with the next 'stopped' or 'terminated' event. */
  next(): Promise<Ev>;
  /** The first stop (or the termination) after launch. */
  first: Promise<Ev>;
}

export function waitStopOrEnd(dc: DebugClient, ms = 8000): Promise<Ev> {
  return new Promise((resolve, reject) => {
    const done = (e: Ev) => {
      cleanup();
      resolve(e);
    };
    const cleanup = () => {
      clearTimeout(timer);
      dc.removeListener('stopped', done);
      dc.removeListener('terminated', done);
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error('no stopped or terminated event'));
    }, ms);
    dc.on('stopped', done);
    dc.on('terminated', done);
  });
}

export interface Setup {
  breakpoints?: { path: string; breakpoints: DebugProtocol.SourceBreakpoint[] };
  functionBreakpoints?: DebugProtocol.FunctionBreakpoint[];
  exceptionFilters?: string[];
  filterOptions?: DebugProtocol.ExceptionFilterOptions[];
  onBreakpoints?: (bps: DebugProtocol.Breakpoint[]) => void;
}

export async function launch(args: Record<string, unknown>, setup: Setup = {}): Promise<Run> {
  const dc = new DebugClient('node', ADAPTER, 'vmbstate');
  dc.defaultTimeout = 8000;
  await dc.start();
  const run: Run = {
    dc,
    traces: [],
    outputs: [],
    outputEvents: [],
    positions: [],
    plans: [],
    rewinds: [],
    next: () => waitStopOrEnd(dc),
    first: undefined as unknown as Promise<Ev>,
  };
  dc.on('vmbstate.trace', (e: Ev) => run.traces.push((e.body as TraceEventBody).entry));
  dc.on('vmbstate.position', (e: Ev) => run.positions.push(e.body as PositionEventBody));
  dc.on('vmbstate.plan', (e: Ev) => run.plans.push(e.body as PlanEventBody));
  dc.on('vmbstate.rewind', (e: Ev) => run.rewinds.push((e.body as RewindEventBody).steps));
  dc.on('output', (e: Ev) => run.outputEvents.push((e as DebugProtocol.OutputEvent).body));
  dc.on('output', (e: Ev) =>
    run.outputs.push(
      ...String((e as DebugProtocol.OutputEvent).body.output)
        .replace(/\n$/, '')
        .split('\n'),
    ),
  );
  run.first = waitStopOrEnd(dc);
  await Promise.all([
    dc.waitForEvent('initialized').then(async () => {
      if (setup.breakpoints) {
        const r = await dc.setBreakpointsRequest({
          source: { path: setup.breakpoints.path },
          breakpoints: setup.breakpoints.breakpoints,
        });
        setup.onBreakpoints?.(r.body.breakpoints);
      }
      if (setup.functionBreakpoints) {
        const r = await dc.setFunctionBreakpointsRequest({ breakpoints: setup.functionBreakpoints });
        setup.onBreakpoints?.(r.body.breakpoints);
      }
      if (setup.exceptionFilters || setup.filterOptions)
        await dc.setExceptionBreakpointsRequest({
          filters: setup.exceptionFilters ?? [],
          ...(setup.filterOptions ? { filterOptions: setup.filterOptions } : {}),
        });
      await dc.configurationDoneRequest();
    }),
    dc.launch(args),
  ]);
  return run;
}

export async function act(run: Run, req: Promise<unknown>): Promise<Ev> {
  const ev = run.next();
  await req;
  return ev;
}

export async function topFrame(dc: DebugClient): Promise<DebugProtocol.StackFrame[]> {
  return (await dc.stackTraceRequest({ threadId: 1 })).body.stackFrames;
}

export async function vars(dc: DebugClient, ref: number): Promise<Map<string, DebugProtocol.Variable>> {
  const r = await dc.variablesRequest({ variablesReference: ref });
  return new Map(r.body.variables.map((v) => [v.name, v]));
}

export async function evaluate(dc: DebugClient, expression: string, context = 'watch'): Promise<string> {
  return (await dc.evaluateRequest({ expression, context, frameId: 1 })).body.result;
}
