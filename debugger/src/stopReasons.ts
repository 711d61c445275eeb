// Why the Step Restore runtime stops: the stop reasons, the exception filters (which finished
// calls stop execution, with optional conditions) and the failure rules they apply.

import { ntSuccess, STATUS, type CallTrace, type Problem, type SavedStateDocument } from '../../core/src';
import { Expression } from './expression';

export type StopReason =
  'entry' | 'step' | 'breakpoint' | 'function breakpoint' | 'exception' | 'restart' | 'goto' | 'data breakpoint';

export interface StopInfo {
  reason: StopReason;
  /** Short text for the stopped event (shown in the CALL STACK view). */
  description: string;
  /** Longer text (exception message). */
  text?: string;
  hitBreakpointIds?: number[];
  /** The exception filter that stopped, when reason is 'exception'. */
  filter?: ExceptionFilterId;
}

export type ExceptionFilterId = 'failure' | 'nonSuccess' | 'expectMismatch';

export const EXCEPTION_FILTERS: readonly {
  filter: ExceptionFilterId;
  label: string;
  description: string;
  default: boolean;
}[] = [
  {
    filter: 'failure',
    label: 'Restore call failed',
    description:
      'Stop when VmbChannelRestoreFromBuffer returns a failure: NT_SUCCESS is FALSE and the status is not STATUS_MORE_PROCESSING_REQUIRED.',
    default: true,
  },
  {
    filter: 'nonSuccess',
    label: 'Any status other than SUCCESS/MORE_PROCESSING_REQUIRED',
    description:
      'Stop after every restore call that returns anything but STATUS_SUCCESS or STATUS_MORE_PROCESSING_REQUIRED.',
    default: false,
  },
  {
    filter: 'expectMismatch',
    label: '.expect mismatch',
    description: 'Stop when a call returns a status other than the .expect line after it says (text form).',
    default: false,
  },
];

/** A restore failure: NT_SUCCESS false, except the STATUS_MORE_PROCESSING_REQUIRED trap. */
export function isFailure(status: number): boolean {
  return !ntSuccess(status) && status >>> 0 !== STATUS.STATUS_MORE_PROCESSING_REQUIRED;
}

export function isNonSuccess(status: number): boolean {
  const s = status >>> 0;
  return s !== STATUS.STATUS_SUCCESS && s !== STATUS.STATUS_MORE_PROCESSING_REQUIRED;
}

/** The enabled exception filters, each with its condition if it has one. */
export type ExceptionFilterSet = Map<ExceptionFilterId, { condition?: Expression }>;

/** The filters enabled before the client sends setExceptionBreakpoints. */
export function defaultExceptionFilters(): ExceptionFilterSet {
  return new Map<ExceptionFilterId, { condition?: Expression }>(
    EXCEPTION_FILTERS.filter((f) => f.default).map((f) => [f.filter, {}]),
  );
}

/** Replace the enabled filters with the requested ones; one verification result per request. */
export function setExceptionFilters(
  into: ExceptionFilterSet,
  filters: { filter: string; condition?: string }[],
): { verified: boolean; message?: string }[] {
  into.clear();
  return filters.map((f) => {
    const id = f.filter as ExceptionFilterId;
    if (!EXCEPTION_FILTERS.some((x) => x.filter === id))
      return { verified: false, message: `Unknown exception filter "${f.filter}".` };
    if (f.condition && f.condition.trim()) {
      try {
        into.set(id, { condition: new Expression(f.condition) });
      } catch (e) {
        into.set(id, {});
        return { verified: false, message: `Condition ignored: ${(e as Error).message}` };
      }
    } else {
      into.set(id, {});
    }
    return { verified: true };
  });
}

/** The enabled filters a finished call matches, in the order their conditions are tried. */
export function matchingFilters(
  filters: ExceptionFilterSet,
  t: CallTrace,
  breakOnFailure: boolean,
): ExceptionFilterId[] {
  const matches: ExceptionFilterId[] = [];
  if (breakOnFailure && filters.has('failure') && isFailure(t.status)) matches.push('failure');
  if (filters.has('nonSuccess') && isNonSuccess(t.status)) matches.push('nonSuccess');
  if (filters.has('expectMismatch') && t.expect && !t.expect.ok) matches.push('expectMismatch');
  return matches;
}

/** Index in the call's items of the chunk a failure points at. */
export function itemOfProblem(doc: SavedStateDocument, t: CallTrace): number | undefined {
  const call = doc.calls[t.call];
  const f: Problem | undefined = t.failure;
  if (!f) return undefined;
  if (f.chunk !== undefined) {
    const i = call.items.findIndex((it) => it.kind === 'chunk' && it.index === f.chunk);
    if (i >= 0) return i;
  }
  if (f.bytes) {
    const at = f.bytes.start;
    const i = call.items.findIndex((it) => at >= it.bytes.start && at < it.bytes.end);
    if (i >= 0) return i;
  }
  return undefined;
}
