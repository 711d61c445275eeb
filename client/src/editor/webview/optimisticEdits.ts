// Bytes typed in the webview, shown at once over the host's pages until the host confirms them
// (the host's document stays the source of truth: a confirmed edit is dropped here, a refused one
// rolled back). Pure; unit-tested (test/unit/clientOptimisticEdits.test.ts).

/** An edit as the webview asks the host for it. */
export type ByteEditRequest =
  | { kind: 'overwrite' | 'insert'; offset: number; data: readonly number[] }
  | { kind: 'delete'; offset: number; length: number };

/** An edit sent to the host and not yet confirmed; `seq` numbers this webview's edits from 1. */
export type PendingEdit = ByteEditRequest & { seq: number };

export class OptimisticEdits {
  private pending: PendingEdit[] = [];
  private lastSeq = 0;

  /** Edits sent and not yet confirmed or refused, oldest first. */
  get edits(): readonly PendingEdit[] {
    return this.pending;
  }

  /** Records an edit about to be sent; returns it with its sequence number. */
  add(edit: ByteEditRequest): PendingEdit {
    const e: PendingEdit = { ...edit, seq: ++this.lastSeq };
    this.pending.push(e);
    return e;
  }

  /**
   * The host applied every edit up to `seq` (its bytes now hold them): they leave the overlay.
   * Edits arrive at the host in the order sent, so a confirmation covers the earlier ones too.
   */
  confirm(seq: number): void {
    this.pending = this.pending.filter((e) => e.seq > seq);
  }

  /** The host refused edit `seq`: it is rolled back (the later ones still reach the host, which applies them as sent). */
  refuse(seq: number): PendingEdit | undefined {
    const i = this.pending.findIndex((e) => e.seq === seq);
    return i < 0 ? undefined : this.pending.splice(i, 1)[0];
  }

  /** Forget everything (a new document or a reload of the webview). */
  clear(): void {
    this.pending = [];
  }

  /** The size the user sees: the host's size with the pending edits applied. */
  size(hostSize: number): number {
    let size = hostSize;
    for (const e of this.pending) {
      if (e.kind === 'delete') size -= Math.max(0, Math.min(e.length, size - e.offset));
      else if (e.kind === 'insert') size += e.data.length;
      else size = Math.max(size, e.offset + e.data.length);
    }
    return size;
  }

  /**
   * The byte shown at `offset`: a pending edit's byte when one wrote it, else the host's byte at
   * the offset it came from (undefined while its page is not loaded). Walks the edits newest first,
   * mapping the offset back through each insert and delete: O(pending edits).
   */
  byte(offset: number, hostByte: (offset: number) => number | undefined): number | undefined {
    let o = offset;
    for (let i = this.pending.length - 1; i >= 0; i--) {
      const e = this.pending[i]!;
      if (o < e.offset) continue;
      if (e.kind === 'delete') o += e.length;
      else if (o < e.offset + e.data.length) return e.data[o - e.offset];
      else if (e.kind === 'insert') o -= e.data.length;
    }
    return hostByte(o);
  }
}
