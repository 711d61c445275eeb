// Selection in the hex view and its mapping to bytes: the caret (focus) is a byte offset in
// 0..size (size = the insertion point after the last byte); the selection is the bytes between
// the anchor and the caret, both included. Keyboard movement is computed here. Pure; unit-tested.

import { BYTES_PER_ROW } from '../model/positions';

export interface Selection {
  anchor: number;
  focus: number;
}

export interface ByteRange {
  start: number;
  end: number;
}

export function collapsed(offset: number): Selection {
  return { anchor: offset, focus: offset };
}

/** Bytes [start, end) the selection covers; at the end-of-file insertion point it is empty. */
export function selectedRange(s: Selection, size: number): ByteRange {
  const start = Math.min(s.anchor, s.focus);
  const end = Math.min(size, Math.max(s.anchor, s.focus) + 1);
  return { start: Math.min(start, size), end: Math.max(Math.min(start, size), end) };
}

export function isSelected(s: Selection, offset: number): boolean {
  return offset >= Math.min(s.anchor, s.focus) && offset <= Math.max(s.anchor, s.focus);
}

/** Select a byte range (e.g. a tree node): anchor at its start, caret on its last byte. */
export function selectRange(r: ByteRange): Selection {
  return { anchor: r.start, focus: Math.max(r.start, r.end - 1) };
}

export function cellOf(offset: number): { row: number; col: number } {
  return { row: Math.floor(offset / BYTES_PER_ROW), col: offset % BYTES_PER_ROW };
}

export function offsetOf(row: number, col: number): number {
  return row * BYTES_PER_ROW + col;
}

export interface MoveOptions {
  size: number;
  pageRows: number;
  shift?: boolean;
  ctrl?: boolean;
}

export type MoveKey = 'ArrowLeft' | 'ArrowRight' | 'ArrowUp' | 'ArrowDown' | 'PageUp' | 'PageDown' | 'Home' | 'End';

export function isMoveKey(key: string): key is MoveKey {
  return ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'PageUp', 'PageDown', 'Home', 'End'].includes(key);
}

/** Where the caret goes for a navigation key; with shift the anchor stays, else the selection collapses. */
export function move(s: Selection, key: MoveKey, o: MoveOptions): Selection {
  const max = o.size; // the insertion point after the last byte
  const f = s.focus;
  const row = Math.floor(f / BYTES_PER_ROW) * BYTES_PER_ROW;
  let to: number;
  switch (key) {
    case 'ArrowLeft':
      to = f - 1;
      break;
    case 'ArrowRight':
      to = f + 1;
      break;
    case 'ArrowUp':
      to = f - BYTES_PER_ROW < 0 ? f : f - BYTES_PER_ROW;
      break;
    case 'ArrowDown':
      to = f + BYTES_PER_ROW > max ? max : f + BYTES_PER_ROW;
      break;
    case 'PageUp':
      to = f - BYTES_PER_ROW * Math.max(1, o.pageRows);
      if (to < 0) to = f % BYTES_PER_ROW;
      break;
    case 'PageDown':
      to = f + BYTES_PER_ROW * Math.max(1, o.pageRows);
      if (to > max) to = max;
      break;
    case 'Home':
      to = o.ctrl ? 0 : row;
      break;
    case 'End':
      to = o.ctrl ? max : Math.min(max, row + BYTES_PER_ROW - 1);
      break;
  }
  to = Math.min(max, Math.max(0, to));
  return o.shift ? { anchor: s.anchor, focus: to } : collapsed(to);
}

/** Hex digit typed in the hex view: its value 0..15, or undefined. */
export function hexDigit(key: string): number | undefined {
  return /^[0-9a-fA-F]$/.test(key) ? parseInt(key, 16) : undefined;
}

/** Format bytes as the hex text copied to the clipboard. */
export function bytesToHex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');
}
