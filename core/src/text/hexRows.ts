// Byte rows for the disassembler: 16 bare hex bytes per row, runs of all-zero rows folded into
// one `zero:N`, optionally with the stream offset of each row as a trailing comment.

const HEX2: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
export const ROW = 16;

export function hexList(b: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) s += (i > start ? ' ' : '') + HEX2[b[i]];
  return s;
}

export function allZero(b: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (b[i] !== 0) return false;
  return true;
}

export function offsetComment(at: number): string {
  return `# 0x${at.toString(16).toUpperCase().padStart(8, '0')}`;
}

/** Rows for b[start, end), one at a time; `offsets` appends each row's stream offset as a comment. */
export function* hexRows(
  b: Uint8Array,
  start: number,
  end: number,
  indent: string,
  offsets: boolean,
): Generator<string> {
  let at = start;
  while (at < end) {
    // Fold two or more whole zero rows: long zero runs stay short and readable.
    let z = at;
    while (z + ROW <= end && allZero(b, z, z + ROW)) z += ROW;
    if (z - at >= 2 * ROW) {
      yield `${indent}zero:${z - at}` + (offsets ? `  ${offsetComment(at)}` : '');
      at = z;
      continue;
    }
    const rowEnd = Math.min(end, at + ROW);
    const row = hexList(b, at, rowEnd);
    yield indent + (offsets ? `${row.padEnd(ROW * 3 - 1)}  ${offsetComment(at)}` : row);
    at = rowEnd;
  }
}
