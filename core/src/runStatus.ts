// "The" status of a run, computed once for every view (status bar, Step Restore view, server
// hovers and notifications, CLI): the run's outcome (RestoreSession's, analyze().outcome), the
// last restore call as context, and whether the NT_SUCCESS trap applies (docs/format.md §5).

import type { TraceEntry } from './emulator/session';
import { formatStatus, isMoreProcessing, STATUS, statusName } from './ntstatus';

export interface LastCallStatus {
  /** Zero-based index of the call. */
  call: number;
  status: number;
  statusName: string;
}

export interface RunStatus {
  /** The run's status: its outcome (SUCCESS, the status of the call that failed it, or END_OF_FILE). */
  status: number;
  statusName: string;
  /** The last restore call that ran, whatever it returned (refused calls included). */
  lastCall?: LastCallStatus;
  /** Calls that returned STATUS_MORE_PROCESSING_REQUIRED. */
  moreProcessingCalls: number;
}

const nameOf = (status: number) => statusName(status) ?? formatStatus(status);

/** The run status of an analysis (or its wire form): its outcome, the last call, the progress calls. */
export function runStatus(a: { outcome: { status: number }; trace: readonly TraceEntry[] }): RunStatus {
  let lastCall: LastCallStatus | undefined;
  let more = 0;
  for (const t of a.trace) {
    if (t.kind !== 'call') continue;
    lastCall = { call: t.call, status: t.status, statusName: nameOf(t.status) };
    if (isMoreProcessing(t.status)) more++;
  }
  const status = a.outcome.status >>> 0;
  return { status, statusName: nameOf(status), ...(lastCall ? { lastCall } : {}), moreProcessingCalls: more };
}

/**
 * Whether a view of the run should explain the NT_SUCCESS trap: some call returned
 * STATUS_MORE_PROCESSING_REQUIRED (known from the count, or from a last call that returned it or was
 * not the first), or the input ended (END_OF_FILE: the last call returned it).
 */
export function runShowsTrap(r: {
  status: number;
  lastCall?: { call: number; status: number };
  moreProcessingCalls?: number;
}): boolean {
  const last = r.lastCall;
  return (
    (r.moreProcessingCalls ?? 0) > 0 ||
    (last !== undefined && (isMoreProcessing(last.status) || last.call > 0)) ||
    r.status >>> 0 === STATUS.STATUS_END_OF_FILE
  );
}

/** How a view colours the run: finished, the input ran out (a harness finding, not a driver error), or failed. */
export function runKind(status: number): 'success' | 'warning' | 'error' {
  const s = status >>> 0;
  return s === STATUS.STATUS_SUCCESS ? 'success' : s === STATUS.STATUS_END_OF_FILE ? 'warning' : 'error';
}
