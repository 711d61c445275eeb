// How byte offsets of a binary file map to line/character positions, for diagnostics published
// on the binary's URI (Problems panel) and for anything else that needs a text-like position.
//
// Convention (also in docs/binary-editor.md): the file is seen as rows of 16 bytes, as the hex
// view shows it. line = floor(offset / 16) (zero-based; the Problems panel shows line + 1),
// character = offset % 16, the byte's column in its row. A range [start, end) ends at the
// position of `end`, so a 4-byte field at offset 0x1C is line 1, characters 12..16
// (an end column of 16 means "end of that row"). An empty range at the end of the file sits on
// the position of the file size.

export const BYTES_PER_ROW = 16;
/** The webview's unit of byte traffic: it caches and asks for pages of this many bytes; the host pushes the edited pages with 'changed'. */
export const PAGE_SIZE = 4096;

/** The bytes the host sends with a change at `from`: its page and one either side, page aligned. */
export function pagesAround(from: number): { start: number; end: number } {
  const start = Math.max(0, (Math.floor(from / PAGE_SIZE) - 1) * PAGE_SIZE);
  return { start, end: start + 3 * PAGE_SIZE };
}

export interface LineChar {
  line: number;
  character: number;
}

export function offsetToPosition(offset: number): LineChar {
  return { line: Math.floor(offset / BYTES_PER_ROW), character: offset % BYTES_PER_ROW };
}

/** Range [start, end): the end position is exclusive; a range ending at a row boundary ends at character 16 of the row before. */
export function byteRangeToLineRange(start: number, end: number): { start: LineChar; end: LineChar } {
  const s = offsetToPosition(start);
  if (end <= start) return { start: s, end: s };
  const last = end - 1;
  return { start: s, end: { line: Math.floor(last / BYTES_PER_ROW), character: (last % BYTES_PER_ROW) + 1 } };
}

export function positionToOffset(p: LineChar): number {
  return p.line * BYTES_PER_ROW + Math.min(p.character, BYTES_PER_ROW);
}

/** Rows the hex view shows: every byte, plus the insertion point at the end of the file (so a 0-byte or 16-byte file has a last, partly empty row). */
export function rowCount(size: number): number {
  return Math.floor(size / BYTES_PER_ROW) + 1;
}
