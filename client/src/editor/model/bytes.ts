// Byte-level edits of a binary saved-state document, as pure data: every edit is a list of
// splices that records the bytes it removed, so it can be applied, inverted (undo) and
// re-applied (redo) without the document keeping snapshots. No VS Code import: unit-tested in Node.

import { PieceTable } from './pieceTable';

/** Replace `removed.length` bytes at `offset` with `inserted`. Offsets refer to the bytes as they are
 *  when this splice runs (after the splices before it in the same edit). */
export interface ByteSplice {
  offset: number;
  removed: Uint8Array;
  inserted: Uint8Array;
}

/** One undoable step: what the user did, as VS Code's edit stack shows it ("Overwrite 1 byte", "Recompute header CRC"). */
export interface ByteEdit {
  label: string;
  splices: ByteSplice[];
  /** Where the caret goes after applying the edit (and, for undo, before). */
  selectionAfter?: { start: number; end: number };
  selectionBefore?: { start: number; end: number };
}

export class EditError extends Error {}

/** What an edit reads the removed bytes from: an array, or the open document's store (no flat copy needed). */
export type ByteSource = Uint8Array | { readonly length: number; slice(start: number, end: number): Uint8Array };

/** A copy of bytes [start, end) of a source (Uint8Array.prototype.slice: a Node Buffer's own slice is a view). */
function copyRange(src: ByteSource, start: number, end: number): Uint8Array {
  return src instanceof Uint8Array ? Uint8Array.prototype.slice.call(src, start, end) : src.slice(start, end);
}

/** Apply one splice; returns `bytes` itself when the size does not change (in-place overwrite), else a new array. */
export function applySplice(bytes: Uint8Array, s: ByteSplice): Uint8Array {
  if (s.offset < 0 || s.offset + s.removed.length > bytes.length) {
    throw new EditError(
      `splice [${s.offset}, ${s.offset + s.removed.length}) is outside the ${bytes.length}-byte document`,
    );
  }
  if (s.removed.length === s.inserted.length) {
    bytes.set(s.inserted, s.offset);
    return bytes;
  }
  const out = new Uint8Array(bytes.length - s.removed.length + s.inserted.length);
  out.set(bytes.subarray(0, s.offset), 0);
  out.set(s.inserted, s.offset);
  out.set(bytes.subarray(s.offset + s.removed.length), s.offset + s.inserted.length);
  return out;
}

export function invertSplice(s: ByteSplice): ByteSplice {
  return { offset: s.offset, removed: s.inserted, inserted: s.removed };
}

/** The edit that undoes `e`. */
export function invertEdit(e: ByteEdit): ByteEdit {
  return {
    label: e.label,
    splices: e.splices.map(invertSplice).reverse(),
    ...(e.selectionBefore ? { selectionAfter: e.selectionBefore } : {}),
    ...(e.selectionAfter ? { selectionBefore: e.selectionAfter } : {}),
  };
}

export function applyEdit(bytes: Uint8Array, e: ByteEdit): Uint8Array {
  let b = bytes;
  for (const s of e.splices) b = applySplice(b, s);
  return b;
}

/** First offset whose byte may differ after the edit, and whether the length changed (everything after shifts). */
export function editExtent(e: ByteEdit): { start: number; end: number; resized: boolean } {
  let start = Infinity;
  let end = 0;
  let resized = false;
  for (const s of e.splices) {
    start = Math.min(start, s.offset);
    end = Math.max(end, s.offset + Math.max(s.removed.length, s.inserted.length));
    if (s.removed.length !== s.inserted.length) resized = true;
  }
  return { start: start === Infinity ? 0 : start, end, resized };
}

/** A splice that replaces bytes [offset, offset+count) of `bytes` with `inserted`, recording what it removes. */
export function splice(
  bytes: ByteSource,
  offset: number,
  count: number,
  inserted: Uint8Array | readonly number[],
): ByteSplice {
  if (
    !Number.isInteger(offset) ||
    !Number.isInteger(count) ||
    offset < 0 ||
    count < 0 ||
    offset + count > bytes.length
  ) {
    throw new EditError(`range [${offset}, ${offset + count}) is outside the ${bytes.length}-byte document`);
  }
  return { offset, removed: copyRange(bytes, offset, offset + count), inserted: Uint8Array.from(inserted) };
}

const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;

/** Overwrite bytes in place from `offset`; writing past the end appends. */
export function overwriteBytes(bytes: ByteSource, offset: number, data: Uint8Array | readonly number[]): ByteEdit {
  if (offset < 0 || offset > bytes.length)
    throw new EditError(`offset ${offset} is outside the ${bytes.length}-byte document`);
  const count = Math.min(data.length, bytes.length - offset);
  const end = offset + data.length;
  return {
    label: `Overwrite ${plural(data.length, 'byte')}`,
    splices: [splice(bytes, offset, count, data)],
    selectionBefore: { start: offset, end: offset + 1 },
    selectionAfter: { start: end, end: end + 1 },
  };
}

export function insertBytes(bytes: ByteSource, offset: number, data: Uint8Array | readonly number[]): ByteEdit {
  if (data.length === 0) throw new EditError('nothing to insert');
  const end = offset + data.length;
  return {
    label: `Insert ${plural(data.length, 'byte')}`,
    splices: [splice(bytes, offset, 0, data)],
    selectionBefore: { start: offset, end: offset + 1 },
    selectionAfter: { start: end, end: end + 1 },
  };
}

export function deleteBytes(bytes: ByteSource, offset: number, count: number): ByteEdit {
  if (count <= 0) throw new EditError('nothing to delete');
  return {
    label: `Delete ${plural(count, 'byte')}`,
    splices: [splice(bytes, offset, count, [])],
    selectionBefore: { start: offset, end: offset + count },
    selectionAfter: { start: offset, end: offset + 1 },
  };
}

/** Parse hex digits typed or pasted by the user ("56 42 53 43", "0x5642", "56-42"): undefined when not hex or odd length. */
export function parseHexBytes(text: string): Uint8Array | undefined {
  const clean = text.replace(/0x/gi, '').replace(/[\s,:;-]/g, '');
  if (clean.length === 0 || clean.length % 2 !== 0 || !/^[0-9a-f]+$/i.test(clean)) return undefined;
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.substr(i * 2, 2), 16);
  return out;
}

/**
 * The bytes of an open binary document and the edits applied to them. VS Code owns the undo
 * stack (CustomDocumentEditEvent undo/redo call back into `undo`/`redo` here); this class mirrors
 * it so the document knows its dirty state and so the edit logic is testable without VS Code.
 * `version` changes on every change of the bytes. The bytes are a PieceTable: an edit, its undo
 * and its redo cost O(pieces + edit); `bytes` builds the flat array only when read.
 */
export class ByteStore {
  private table: PieceTable;
  private _version = 0;
  /** Applied edits, oldest first. */
  private readonly applied: ByteEdit[] = [];
  private readonly undone: ByteEdit[] = [];
  /** The applied-edit stack at the last save: its depth and its top edit. */
  private savedDepth = 0;
  private savedTop: ByteEdit | undefined;

  constructor(bytes: Uint8Array) {
    this.table = new PieceTable(plain(bytes));
  }

  /** The whole document as one array (built on first read after a resize: O(size) then). */
  get bytes(): Uint8Array {
    return this.table.flat();
  }
  get size(): number {
    return this.table.length;
  }
  /** The same as size, so a store is a ByteSource for the edit builders. */
  get length(): number {
    return this.table.length;
  }
  get version(): number {
    return this._version;
  }
  /** The document's pieces in order, to write it out without building it whole. */
  get pieces(): readonly Uint8Array[] {
    return this.table.chunks();
  }
  /** Whether the bytes differ from the last save (undoing back to the saved point makes it clean again). */
  get dirty(): boolean {
    return !(this.applied.length === this.savedDepth && this.applied[this.applied.length - 1] === this.savedTop);
  }
  get canUndo(): boolean {
    return this.applied.length > 0;
  }
  get canRedo(): boolean {
    return this.undone.length > 0;
  }

  /** A copy of bytes [start, end), clipped to the document, read from the pieces. */
  slice(start: number, end: number): Uint8Array {
    return this.table.slice(start, end);
  }

  private run(e: ByteEdit): void {
    for (const s of e.splices) {
      if (s.offset < 0 || s.offset + s.removed.length > this.table.length) {
        throw new EditError(
          `splice [${s.offset}, ${s.offset + s.removed.length}) is outside the ${this.table.length}-byte document`,
        );
      }
      this.table.splice(s.offset, s.removed.length, s.inserted);
    }
  }

  /** Apply a new edit (clears the redo list). */
  apply(e: ByteEdit): void {
    this.run(e);
    this.applied.push(e);
    this.undone.length = 0;
    this._version++;
  }

  /** Undo the most recent edit; when `e` is given it must be that edit. */
  undo(e?: ByteEdit): ByteEdit | undefined {
    const last = this.applied[this.applied.length - 1];
    if (!last || (e && e !== last)) return undefined;
    this.applied.pop();
    this.run(invertEdit(last));
    this.undone.push(last);
    this._version++;
    return last;
  }

  /** Redo the most recently undone edit; when `e` is given it must be that edit. */
  redo(e?: ByteEdit): ByteEdit | undefined {
    const next = this.undone[this.undone.length - 1];
    if (!next || (e && e !== next)) return undefined;
    this.undone.pop();
    this.run(next);
    this.applied.push(next);
    this._version++;
    return next;
  }

  /** Replace the whole contents (revert, reload from disk): forgets the history, clean. */
  reset(bytes: Uint8Array): void {
    this.table = new PieceTable(plain(bytes));
    this.applied.length = 0;
    this.undone.length = 0;
    this._version++;
    this.markSaved();
  }

  markSaved(): void {
    this.savedDepth = this.applied.length;
    this.savedTop = this.applied[this.applied.length - 1];
  }
}

/**
 * A plain Uint8Array over the same memory. VS Code's readFile returns a Node Buffer, whose slice()
 * is a view rather than a copy: undo records must never alias the document's bytes.
 */
function plain(bytes: Uint8Array): Uint8Array {
  return Object.getPrototypeOf(bytes) === Uint8Array.prototype
    ? bytes
    : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
