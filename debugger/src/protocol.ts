// Custom DAP events the Step Restore adapter sends besides the standard ones, and the launch
// attributes it understands. The extension (client/src/debug/) consumes the events through
// vscode.debug.onDidReceiveDebugSessionCustomEvent; keep both sides on these types.

import type { ByteRange, ChannelLifecycle, Problem, RestoreOutcome, Step, TextRange, TraceEntry } from '../../core/src';

export const DEBUG_TYPE = 'vmbstate';

/** The calls and chunks the session will run; sent after launch and after every restart. */
export const PLAN_EVENT = 'vmbstate.plan';
/** One step (restore call or channel operation) ran; sent after every step. */
export const TRACE_EVENT = 'vmbstate.trace';
/** The session stopped (or a stack frame was selected): bytes and text the position covers. */
export const POSITION_EVENT = 'vmbstate.position';
/** Time travel took the session back: only the first `steps` steps have run (trace entries after them are gone). */
export const REWIND_EVENT = 'vmbstate.rewind';
/** Custom DAP request: run (forwards or backwards) to a chunk, `{ chunk }` counted from 1 across the stream. */
export const GOTO_CHUNK_REQUEST = 'vmbstate.gotoChunk';
/** The session's what-if edits changed (added, resealed, discarded or applied to the document). */
export const WHAT_IF_EVENT = 'vmbstate.whatIf';
/** Custom requests of the what-if edits (answered by debugger/src/whatIfRequests.ts). */
export const WHAT_IF_REQUESTS = {
  /** `{}` → WhatIfChangesBody: what applying the edits writes into the document. */
  changes: 'vmbstate.whatIfChanges',
  /** `{}`: the client wrote the changes into the document; the edited document is the base now. */
  applied: 'vmbstate.whatIfApplied',
  /** `{}`: drop every edit and replay the document as it is. */
  discard: 'vmbstate.discardWhatIf',
  /** `{ reseal: boolean }`: whether edits recompute the CRCs that cover them. */
  reseal: 'vmbstate.setReseal',
} as const;

export interface WhatIfEventBody {
  uri: string;
  path: string;
  /** Each edit as written: `chunk[4].RangeCount = 2`. */
  edits: string[];
  reseal: boolean;
  /** Edits the file cannot hold (binary: BufferSize, channel settings): applying leaves them out. */
  sessionOnly: string[];
}

export interface WhatIfChangesBody {
  uri: string;
  form: 'binary' | 'text';
  /** Text form: replacements in the document as it was read (0-based lines and characters). */
  textChanges: { range: TextRange; newText: string }[];
  /** Binary form: bytes overwritten in place, base64. */
  byteChanges: { offset: number; removed: string; inserted: string }[];
  sessionOnly: string[];
}

/** All steps ran: the outcome and the harness findings (EOF-TRUNCATED, EXPECT-MISMATCH). */
export const OUTCOME_EVENT = 'vmbstate.outcome';

export interface PlanItem {
  kind: 'chunk' | 'raw';
  /** Stream-wide chunk index (chunks only), 0-based. */
  index?: number;
  typeName: string;
  sequence?: number;
  bytes: ByteRange;
  text?: TextRange;
}

export interface PlanCall {
  /** 0-based call index; the UI shows index + 1. */
  call: number;
  bytes: ByteRange;
  size: number;
  bufferNull: boolean;
  text?: TextRange;
  items: PlanItem[];
  expect?: { status: number; statusName: string; diag?: string };
  /** Whether a step runs this call. */
  runs: boolean;
}

export interface PlanEventBody {
  uri: string;
  path: string;
  form: 'binary' | 'text';
  size: number;
  calls: PlanCall[];
  steps: Step[];
  /** Decoder findings before anything ran. */
  problems: number;
}

export interface TraceEventBody {
  uri: string;
  path: string;
  entry: TraceEntry;
  /** The console line for the step. */
  line: string;
}

export interface PositionEventBody {
  uri: string;
  path: string;
  form: 'binary' | 'text';
  byteRange: ByteRange;
  /** Text form: what the frame points at, on one line (the failing field's token, the `.chunk` or `.call` line). */
  textRange?: TextRange;
  /** Text form: the whole block the frame stands for (the call, or the `.chunk` … `.end`), for a line highlight. */
  blockRange?: TextRange;
  /** 1-based call and stream-wide chunk numbers, as shown in the UI. */
  call?: number;
  chunk?: number;
  frame: string;
  /** Why: the stop reason, or 'frame' when the user selected another stack frame. */
  reason: string;
}

export interface RewindEventBody {
  uri: string;
  path: string;
  steps: number;
}

export interface OutcomeEventBody {
  uri: string;
  path: string;
  outcome: RestoreOutcome;
  statusName: string;
  findings: Problem[];
}

/** Launch configuration attributes (package.json contributes.debuggers[vmbstate]). */
export interface StepRestoreLaunchArgs {
  program?: string;
  stopOnEntry?: boolean;
  /** Run to and stop before this restore call (1-based); wins over stopOnEntry. */
  stopAtCall?: number;
  breakOnFailure?: boolean;
  buffering?: 'chunk' | 'whole' | 'size';
  bufferSize?: number;
  /** Filled in from the vmbstate.channel.* settings by the configuration provider. */
  channel?: { initialState?: ChannelLifecycle; packetCallbacks?: boolean; statusProfile?: 'default' | 'vid' };
  /** What-if edits recompute the CRCs that cover them (default true). */
  reseal?: boolean;
}
