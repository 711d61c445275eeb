// The bytes of an open binary as a piece table: views over the file as read and over inserted
// bytes, in order (as vscode-hexeditor's edit timeline). An insert or delete costs O(pieces + edit)
// instead of copying the document; a flat array is built only when a whole-buffer reader asks
// (analysis, quick fixes) and is kept until the next resize. No VS Code import: unit-tested in Node.

export class PieceTable {
  /** Views in document order; never written through except `flat` (below), which this table owns. */
  private pieces: Uint8Array[];
  private _length: number;
  /** The whole document as one array, when built: then `pieces` is exactly [flat] (or empty). */
  private flatBytes: Uint8Array | undefined;

  constructor(bytes: Uint8Array) {
    this.pieces = bytes.length ? [bytes] : [];
    this._length = bytes.length;
    this.flatBytes = bytes;
  }

  get length(): number {
    return this._length;
  }
  get pieceCount(): number {
    return this.pieces.length;
  }

  /** The whole document as one array: free when flat, else one copy (then kept until a resize). */
  flat(): Uint8Array {
    if (!this.flatBytes) {
      const out = new Uint8Array(this._length);
      let at = 0;
      for (const p of this.pieces) {
        out.set(p, at);
        at += p.length;
      }
      this.flatBytes = out;
      this.pieces = out.length ? [out] : [];
    }
    return this.flatBytes;
  }

  /** The views in order, for writing the document out without building it whole. */
  chunks(): readonly Uint8Array[] {
    return this.pieces;
  }

  /** A copy of bytes [start, end), clipped to the document: O(pieces + end − start). */
  slice(start: number, end: number): Uint8Array {
    start = Math.max(0, Math.min(start, this._length));
    end = Math.max(start, Math.min(end, this._length));
    const out = new Uint8Array(end - start);
    let at = 0;
    for (const p of this.pieces) {
      const pEnd = at + p.length;
      if (pEnd > start && at < end) {
        const from = Math.max(start, at);
        const to = Math.min(end, pEnd);
        out.set(p.subarray(from - at, to - at), from - start);
      }
      if (pEnd >= end) break;
      at = pEnd;
    }
    return out;
  }

  /**
   * Replace `removeCount` bytes at `offset` with `inserted` (kept as a piece: the caller must not
   * change it afterwards). Same-size writes into the owned flat array happen in place.
   */
  splice(offset: number, removeCount: number, inserted: Uint8Array): void {
    if (this.flatBytes && removeCount === inserted.length) {
      this.flatBytes.set(inserted, offset);
      return;
    }
    const next: Uint8Array[] = [];
    const end = offset + removeCount;
    let at = 0;
    let placed = false;
    const place = () => {
      if (!placed && inserted.length) next.push(inserted);
      placed = true;
    };
    for (const p of this.pieces) {
      const pEnd = at + p.length;
      if (pEnd <= offset || at >= end) {
        // Wholly before or after the replaced range (an insert at a boundary goes before `p`).
        if (at >= end && at >= offset) place();
        next.push(p);
      } else {
        if (at < offset) next.push(p.subarray(0, offset - at));
        place();
        if (pEnd > end) next.push(p.subarray(end - at));
      }
      at = pEnd;
    }
    place();
    this.pieces = next;
    this._length += inserted.length - removeCount;
    this.flatBytes = undefined;
  }
}
