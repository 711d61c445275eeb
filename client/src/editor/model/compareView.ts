// The compare view's pure side (docs/compare.md, VS Code): the lines the webview draws from a
// StreamDiff (records aligned by the match, their changes under them, long runs of equal records
// folded), the calls side by side, next/previous difference order, and the host ↔ webview messages.

import type { CallOutcome, DiffRow, FieldChange, StreamDiff } from '../../../../core/src';

/** Equal records kept on each side of a difference; longer runs of equal records fold into one line. */
export const SAME_CONTEXT = 1;
/** Lines sent to the webview at most (a diff of two huge, very different streams is cut, and says so). */
export const MAX_VIEW_LINES = 20_000;

/** One line of the aligned view. */
export type ViewLine =
  | {
      kind: 'row';
      row: number;
      key: string;
      rowKind: DiffRow['kind'];
      reordered: boolean;
      /** Where the record is on each side (`#3, call 2, 0x1F0`); absent on the side without it. */
      a?: string;
      b?: string;
      /** Index in `differences` when the row itself is a stop (one-sided, or reordered without changes). */
      stop?: number;
    }
  | {
      kind: 'change';
      row: number;
      change: number;
      path: string;
      framing: boolean;
      /** Display values; absent on the side without the field. */
      a?: string;
      b?: string;
      stop?: number;
    }
  | { kind: 'same'; count: number; fromRow: number };

export interface CallLine {
  call: number;
  a: string;
  b: string;
  same: boolean;
  first: boolean;
}

export interface SideView {
  /** File name (with `@ HEAD`, `(on disk)` or `(unsaved)` when it is not the file as is). */
  label: string;
  /** `binary, 816 bytes, 8 record(s), 8 call(s); restore ends with STATUS_SUCCESS`. */
  detail: string;
  /** Where decoding stopped, when it did. */
  stop?: string;
}

export interface CompareView {
  a: SideView;
  b: SideView;
  /** `identical`, `equivalent (framing only)`, `different`, or the stopped-decoding sentence. */
  result: string;
  summary: string;
  lines: ViewLine[];
  /** Line index of each difference, in navigation order (differences beyond the cut are left out). */
  stops: number[];
  /** Differences not shown because the view was cut at MAX_VIEW_LINES. */
  cut: number;
  calls: (CallLine | { call: -1; same: true; count: number })[];
  firstDivergentCall?: number;
}

const hex = (n: number) => '0x' + n.toString(16).toUpperCase();

function sideDetail(s: StreamDiff['a']): string {
  return `${s.form}, ${s.size} bytes, ${s.records} record(s), ${s.calls} call(s); restore ends with ${s.outcome}`;
}

/** The result sentence, as `vmbstate diff` prints it. */
export function resultText(d: StreamDiff): string {
  const stopped = !!(d.a.stop || d.b.stop);
  const nothing = d.differences.length === 0 && d.summary.callsDiffering === 0;
  if (stopped && nothing) return 'no difference in what decodes, but not known to be the same: decoding stopped early';
  return d.identical ? 'identical' : d.equivalent ? 'equivalent (framing only)' : 'different';
}

export function summaryText(d: StreamDiff): string {
  const s = d.summary;
  const framing = Object.entries(s.framing)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ');
  return (
    `${s.changed} changed, ${s.onlyA} only in A, ${s.onlyB} only in B, ${s.reordered} reordered, ${s.same} the same` +
    (s.framingTotal ? `; ${s.framingTotal} framing difference(s)${framing ? ` (${framing})` : ''}` : '') +
    `; ${s.callsDiffering} call(s) differ`
  );
}

function place(r: NonNullable<DiffRow['a']>): string {
  return `#${r.ordinal + 1}, call ${r.call + 1}, ${hex(r.bytes.start)}`;
}

export function outcomeText(o?: CallOutcome): string {
  if (!o) return '(no such call)';
  return o.statusName + (o.code ? `, ${o.code}${o.on ? ` on ${o.on}` : ''}` : '');
}

/**
 * Folds runs of equal items: an item is kept when it differs or lies within `context` of one that
 * does; each run of other items becomes one `fold(count, first index)`.
 */
export function foldSame<T, F>(
  items: readonly T[],
  isSame: (x: T) => boolean,
  fold: (count: number, from: number) => F,
  context = SAME_CONTEXT,
): (T | F)[] {
  const keep = new Uint8Array(items.length);
  items.forEach((x, i) => {
    if (isSame(x)) return;
    for (let k = Math.max(0, i - context); k <= Math.min(items.length - 1, i + context); k++) keep[k] = 1;
  });
  const out: (T | F)[] = [];
  for (let i = 0; i < items.length;) {
    if (keep[i]) out.push(items[i++]!);
    else {
      const from = i;
      while (i < items.length && !keep[i]) i++;
      out.push(fold(i - from, from));
    }
  }
  return out;
}

function changeLine(row: number, change: number, c: FieldChange): ViewLine {
  return {
    kind: 'change',
    row,
    change,
    path: c.path,
    framing: c.kind === 'framing',
    ...(c.old !== undefined ? { a: c.old } : {}),
    ...(c.new !== undefined ? { b: c.new } : {}),
  };
}

/** The view of a diff: aligned lines with a stop index on each difference, and the calls side by side. */
export function buildCompareView(d: StreamDiff, labels: { a: string; b: string }): CompareView {
  const side = (s: StreamDiff['a'], label: string): SideView => ({
    label,
    detail: sideDetail(s),
    ...(s.stop ? { stop: `decoding stopped at ${hex(s.stop.at)}: ${s.stop.code} ${s.stop.message}` } : {}),
  });
  // Stop index of each (row, change) pair; a row-level stop has change -1.
  const stopOf = new Map<string, number>();
  d.differences.forEach((s, i) => stopOf.set(`${s.row}:${s.change ?? -1}`, i));
  const lines: ViewLine[] = [];
  const stops: number[] = new Array<number>(d.differences.length).fill(-1);
  let cut = 0;
  const push = (l: ViewLine, stop: number | undefined) => {
    if (lines.length >= MAX_VIEW_LINES) {
      if (stop !== undefined) cut++;
      return;
    }
    if (stop !== undefined) {
      stops[stop] = lines.length;
      if (l.kind !== 'same') l.stop = stop;
    }
    lines.push(l);
  };
  const rowIndices = d.rows.map((_, i) => i);
  for (const x of foldSame(
    rowIndices,
    (i) => d.rows[i]!.kind === 'same' && !d.rows[i]!.reordered && d.rows[i]!.changes.length === 0,
    (count, from): ViewLine => ({ kind: 'same', count, fromRow: from }),
  )) {
    if (typeof x !== 'number') {
      push(x, undefined);
      continue;
    }
    const r = d.rows[x]!;
    push(
      {
        kind: 'row',
        row: x,
        key: r.key,
        rowKind: r.kind,
        reordered: !!r.reordered,
        ...(r.a ? { a: place(r.a) } : {}),
        ...(r.b ? { b: place(r.b) } : {}),
      },
      stopOf.get(`${x}:-1`),
    );
    r.changes.forEach((c, k) => push(changeLine(x, k, c), stopOf.get(`${x}:${k}`)));
  }
  const callLines: CallLine[] = d.calls.map((c) => ({
    call: c.call,
    a: outcomeText(c.a),
    b: outcomeText(c.b),
    same: c.same,
    first: c.call === d.firstDivergentCall,
  }));
  return {
    a: side(d.a, labels.a),
    b: side(d.b, labels.b),
    result: resultText(d),
    summary: summaryText(d),
    lines,
    stops: stops.filter((s) => s >= 0),
    cut,
    calls: foldSame(
      callLines,
      (c) => c.same,
      (count) => ({ call: -1 as const, same: true as const, count }),
    ),
    ...(d.firstDivergentCall !== undefined ? { firstDivergentCall: d.firstDivergentCall } : {}),
  };
}

/** The next (dir 1) or previous (-1) difference from `current` (none yet: the first or the last), wrapping around. */
export function stepStop(current: number | undefined, count: number, dir: 1 | -1): number | undefined {
  if (count <= 0) return undefined;
  if (current === undefined || current < 0 || current >= count) return dir === 1 ? 0 : count - 1;
  return (current + dir + count) % count;
}

/** The difference a key moves to: n / F7 next, p / Shift+F7 previous; undefined for any other key. */
export function keyDirection(key: string, shift: boolean): 1 | -1 | undefined {
  if (key === 'n' || (key === 'F7' && !shift)) return 1;
  if (key === 'p' || (key === 'F7' && shift)) return -1;
  return undefined;
}

/** Host → webview. */
export type CompareHostMessage =
  | { type: 'init'; view: CompareView }
  /** Test hooks: press a key as the user would, or reveal the current difference (Enter). */
  | { type: 'key'; key: string; shift?: boolean; seq: number };

/** Webview → host. */
export type CompareWebviewMessage =
  | { type: 'ready' }
  /** The current difference moved (index in `stops`, its line). */
  | { type: 'current'; stop: number; line: number }
  /** A click on a line (or Enter on the current one): show that place of side a or b. */
  | { type: 'reveal'; line: number; side: 'a' | 'b' }
  /** Test hooks: the key message `seq` was handled (after any `current` or `reveal` it caused). */
  | { type: 'handled'; seq: number };
