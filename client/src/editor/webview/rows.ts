// Renders one row of the hex view (offset, 16 hex cells, 16 ASCII cells) as an HTML string.
// Classes carry everything the CSS colours: byte kind (h header, p payload, d padding, r raw),
// alternating chunk shade (k0/k1), chunk start boundary (cs), selection (sel), caret (cur),
// problems (pe error, pw warning, pi info), bytes not loaded yet (ld). Pure; unit-tested.
//
// Stable hooks for tests: each row is `div.row[data-row]`, each hex cell `span.b[data-o]`, each
// ASCII cell `span.a[data-o]`; the end-of-file insertion cell is `span.b.eof[data-o=size]`.

import { BYTES_PER_ROW } from '../model/positions';
import { severityAt, type ProblemIndex } from './annotations';
import { segmentsIn, type Segment } from './tree';

export interface RowContext {
  size: number;
  byte: (offset: number) => number | undefined;
  segments: readonly Segment[];
  chunkStarts: ReadonlySet<number>;
  problems: ProblemIndex;
  /** Selected bytes [selStart, selEnd] inclusive, and the caret. */
  selStart: number;
  selEnd: number;
  caret: number;
  /** Hex digit typed on the caret byte, waiting for the second one. */
  pendingNibble?: number;
  insertMode?: boolean;
  /** Bytes of the node selected in the tree (highlighted). */
  highlight?: { start: number; end: number };
}

export function offsetLabel(offset: number, size: number): string {
  const digits = Math.max(8, size.toString(16).length);
  return offset.toString(16).toUpperCase().padStart(digits, '0');
}

export function asciiChar(b: number): string {
  if (b >= 0x20 && b < 0x7f) {
    const c = String.fromCharCode(b);
    return c === '<'
      ? '&lt;'
      : c === '>'
        ? '&gt;'
        : c === '&'
          ? '&amp;'
          : c === '"'
            ? '&quot;'
            : c === ' '
              ? '&nbsp;'
              : c;
  }
  return '·';
}

const KIND_CLASS = { header: 'h', payload: 'p', padding: 'd', raw: 'r', none: '' } as const;
const SEV_CLASS = { error: 'pe', warning: 'pw', info: 'pi' } as const;

/** Class list of the cell for byte `o`. */
export function cellClasses(o: number, seg: Segment | undefined, c: RowContext): string {
  const cls: string[] = [];
  if (seg) {
    const k = KIND_CLASS[seg.kind];
    if (k) cls.push(k);
    if (seg.chunk >= 0) cls.push(seg.chunk % 2 ? 'k1' : 'k0');
  }
  if (c.chunkStarts.has(o)) cls.push('cs');
  if (o >= c.selStart && o <= c.selEnd && o < c.size) cls.push('sel');
  if (o === c.caret) cls.push('cur');
  if (c.highlight && o >= c.highlight.start && o < c.highlight.end) cls.push('hl');
  const sev = severityAt(c.problems, o);
  if (sev) cls.push(SEV_CLASS[sev]);
  return cls.join(' ');
}

export function renderRow(row: number, c: RowContext): string {
  const start = row * BYTES_PER_ROW;
  const end = Math.min(c.size, start + BYTES_PER_ROW);
  const segs = segmentsIn(c.segments, start, end);
  let si = 0;
  let hexCells = '';
  let ascii = '';
  for (let o = start; o < start + BYTES_PER_ROW; o++) {
    if (o > c.size) {
      hexCells += '<span class="b x"></span>';
      ascii += '<span class="a x"></span>';
      continue;
    }
    if (o === c.size) {
      // The insertion point after the last byte.
      const pend = c.pendingNibble !== undefined ? c.pendingNibble.toString(16).toUpperCase() + '_' : '';
      hexCells += `<span class="b eof${o === c.caret ? ' cur' : ''}" data-o="${o}">${pend || '&nbsp;&nbsp;'}</span>`;
      ascii += '<span class="a x"></span>';
      continue;
    }
    while (si < segs.length && segs[si].end <= o) si++;
    const seg = si < segs.length && segs[si].start <= o ? segs[si] : undefined;
    const cls = cellClasses(o, seg, c);
    const b = c.byte(o);
    let text: string;
    if (b === undefined) text = '··';
    else if (o === c.caret && c.pendingNibble !== undefined)
      text = c.insertMode
        ? c.pendingNibble.toString(16).toUpperCase() + '_'
        : c.pendingNibble.toString(16).toUpperCase() + (b & 0xf).toString(16).toUpperCase();
    else text = b.toString(16).toUpperCase().padStart(2, '0');
    const pending = o === c.caret && c.pendingNibble !== undefined ? ' pend' : '';
    const loading = b === undefined ? ' ld' : '';
    hexCells += `<span class="b ${cls}${pending}${loading}" data-o="${o}">${text}</span>`;
    ascii += `<span class="a ${cls}${loading}" data-o="${o}">${b === undefined ? '·' : asciiChar(b)}</span>`;
  }
  void end;
  return `<div class="row" data-row="${row}"><span class="off">${offsetLabel(start, c.size)}</span><span class="hex">${hexCells}</span><span class="asc">${ascii}</span></div>`;
}
