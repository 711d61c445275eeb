// Where a problem is, in the compiler-style `file:line:col` every editor and CI log links.
// Text files: the problem's text range. Binary files: line = 16-byte row + 1, column = byte in
// the row + 1 (the custom editor's hex rows), with the byte offset spelled out too.

import type { Problem, SavedStateDocument } from '../../core/src';

export function location(
  file: string,
  doc: Pick<SavedStateDocument, 'form'>,
  p: Pick<Problem, 'text' | 'bytes'>,
): string {
  if (p.text) return `${file}:${p.text.start.line + 1}:${p.text.start.character + 1}`;
  if (doc.form === 'binary' && p.bytes) {
    const at = p.bytes.start;
    return `${file}:${Math.floor(at / 16) + 1}:${(at % 16) + 1}`;
  }
  return file;
}

/** " (bytes 0x0010..0x0014)" for problems without a text range. */
export function offsetNote(p: Problem): string {
  if (!p.bytes) return '';
  const hex = (n: number) => '0x' + n.toString(16).toUpperCase().padStart(4, '0');
  return p.bytes.end > p.bytes.start + 1
    ? ` (bytes ${hex(p.bytes.start)}..${hex(p.bytes.end)})`
    : ` (byte ${hex(p.bytes.start)})`;
}
