// The buffer-size sweep view's pure side (docs/format.md §8.9, README "Sweep Buffer Sizes"): the
// bars the webview draws from a SweepResult (one per packing, the save side's ranges) and the
// host ↔ webview messages. No DOM, no vscode.

import { formatStatus, runKind, STATUS, statusName, type SweepResult } from '../../../../core/src';

export interface SweepBar {
  from: number;
  to: number;
  calls: number;
  outcome: string;
  code?: string;
  kind: 'success' | 'warning' | 'error';
  decidingCall?: number;
  committedChunks: number;
  /** The range starts below its largest call: a chunk there gets a buffer of its own (harness leniency). */
  lenient: boolean;
  /** One line for the tooltip and the table. */
  label: string;
}

export interface SweepSaveBar {
  from: number;
  to: number;
  status: string;
  kind: 'success' | 'error';
  calls: number;
  bytesRequired?: number;
  label: string;
}

export interface SweepView {
  title: string;
  /** `600 bytes, 5 chunk(s), largest 192 bytes; sizes 1–600: 8 distinct packing(s)`. */
  detail: string;
  min: number;
  max: number;
  bars: SweepBar[];
  /** Outcome lines: `STATUS_SUCCESS at every size`, changes, the smallest working buffer. */
  summary: string[];
  save?: SweepSaveBar[];
  saveNote: string;
  /** Whether a bar starts Step Restore with its packing (binary files: a text carries its own calls). */
  canStep: boolean;
  stepNote?: string;
}

export type SweepHostMessage = { type: 'init'; view: SweepView } | { type: 'click'; bar: number };
export type SweepWebviewMessage = { type: 'ready' } | { type: 'step'; bar: number };

const name = (s: number) => statusName(s) ?? formatStatus(s);
const span = (from: number, to: number) => (from === to ? `${from}` : `${from}–${to}`);
const bytes = (n: number) => `${n} byte${n === 1 ? '' : 's'}`;

export function buildSweepView(r: SweepResult, file: { label: string; form: 'binary' | 'text' }): SweepView {
  const bars: SweepBar[] = r.packings.map((p) => {
    const outcome = name(p.outcome);
    const decided = p.decidingCall === undefined ? 'no call decided' : `decided by call ${p.decidingCall}`;
    return {
      from: p.from,
      to: p.to,
      calls: p.calls.length,
      outcome,
      ...(p.code ? { code: p.code } : {}),
      kind: runKind(p.outcome),
      ...(p.decidingCall !== undefined ? { decidingCall: p.decidingCall } : {}),
      committedChunks: p.committedChunks,
      lenient: p.from < p.largestCall,
      label:
        `Buffer sizes ${span(p.from, p.to)}: ${p.calls.length} restore call(s), ends with ${outcome}` +
        `${p.code ? ` [${p.code}]` : ''}, ${decided}, ${p.committedChunks} chunk(s) committed` +
        (p.from < p.largestCall ? `; below ${p.largestCall} a chunk gets a buffer of its own` : ''),
    };
  });
  const summary: string[] = [];
  if (r.ranges.length && r.changes.length === 0)
    summary.push(
      `Restore ends with ${name(r.ranges[0].outcome)}${r.ranges[0].code ? ` [${r.ranges[0].code}]` : ''} at every size.`,
    );
  for (const c of r.changes) summary.push(`At ${bytes(c.at)} the outcome changes: ${c.from} → ${c.to}.`);
  summary.push(
    r.smallestWorking === undefined
      ? 'No size in this range restores with STATUS_SUCCESS while holding every chunk.'
      : `Smallest working buffer: ${bytes(r.smallestWorking)}.`,
  );
  if (r.stoppedAt !== undefined) summary.push(`Stopped after ${r.packings.length} packings, at size ${r.stoppedAt}.`);
  const save = r.save?.ranges.map((x) => {
    const tooSmall = x.status === STATUS.STATUS_BUFFER_TOO_SMALL;
    return {
      from: x.from,
      to: x.to,
      status: name(x.status),
      kind: tooSmall ? ('error' as const) : ('success' as const),
      calls: x.calls,
      ...(x.bytesRequired !== undefined ? { bytesRequired: x.bytesRequired } : {}),
      label: tooSmall
        ? `Save with ${span(x.from, x.to)}-byte buffers: SaveContinue call ${x.calls} returns STATUS_BUFFER_TOO_SMALL, BytesRequired ${x.bytesRequired}`
        : `Save with ${span(x.from, x.to)}-byte buffers: ${x.calls} SaveContinue call(s), the last returns STATUS_SUCCESS`,
    };
  });
  return {
    title: `Buffer sizes: ${file.label}`,
    detail: `${bytes(r.streamBytes)}, ${r.chunks.length} chunk(s), largest ${bytes(r.largestChunk)}; sizes ${span(r.min, r.stoppedAt ?? r.max)}: ${r.packings.length} distinct packing(s)`,
    min: r.min,
    max: r.stoppedAt ?? r.max,
    bars,
    summary,
    ...(save ? { save } : {}),
    saveNote: r.save
      ? `Save side: re-saving the restored state ${r.save.identical ? 'writes this stream byte for byte' : 'writes a different stream'}; a correct loop with a fixed buffer size.`
      : 'Save side: not run (the stream does not restore to a state that can be saved).',
    canStep: file.form === 'binary',
    ...(file.form === 'binary'
      ? {}
      : { stepNote: 'A .vmbhex file carries its own calls: convert it to binary to step through a packing.' }),
  };
}
