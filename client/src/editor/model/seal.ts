// Building undoable byte edits that keep a stream sealed: EditBuilder collects splices as it
// writes, and the reseal helpers recompute the CRCs (header, payload, END's stream CRC) that
// cover bytes a fix or a field edit changed. Shared by quickFixes.ts, contentFixes.ts, reseal.ts.

import {
  crc32c,
  CHUNK_TYPES,
  framedHeaderSize,
  HEADER_SIZE,
  headerCrc,
  MAGIC,
  OFF,
  readHeader,
  END_PAYLOAD,
} from '../../../../core/src';
import { applySplice, type ByteEdit, type ByteSplice, EditError } from './bytes';

/** Collects splices while applying them, then rolls the document back: the caller applies the edit for real. */
export class EditBuilder {
  private cur: Uint8Array;
  readonly splices: ByteSplice[] = [];

  /** `resizing`: the fix may insert or delete bytes, so it works on a copy. */
  constructor(
    private readonly original: Uint8Array,
    resizing = false,
  ) {
    this.cur = resizing ? original.slice() : original;
  }

  get bytes(): Uint8Array {
    return this.cur;
  }

  /** Write bytes in place, recorded only when they differ. */
  write(at: number, data: Uint8Array): void {
    if (at < 0 || at + data.length > this.cur.length)
      throw new EditError(`write [${at}, ${at + data.length}) is outside the file`);
    let same = true;
    for (let i = 0; i < data.length; i++) if (this.cur[at + i] !== data[i]) same = false;
    if (same) return;
    this.splice({ offset: at, removed: this.cur.slice(at, at + data.length), inserted: data.slice() });
  }

  writeU32(at: number, v: number): void {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, v >>> 0, true);
    this.write(at, b);
  }

  writeU16(at: number, v: number): void {
    const b = new Uint8Array(2);
    new DataView(b.buffer).setUint16(0, v & 0xffff, true);
    this.write(at, b);
  }

  replace(at: number, count: number, inserted: Uint8Array): void {
    if (count === 0 && inserted.length === 0) return;
    this.splice({ offset: at, removed: this.cur.slice(at, at + count), inserted: inserted.slice() });
  }

  private splice(s: ByteSplice): void {
    this.cur = applySplice(this.cur, s);
    this.splices.push(s);
  }

  /** Finish: undo the in-place writes on the original and return the edit (undefined when nothing changed). */
  finish(label: string, select?: { start: number; end: number }): ByteEdit | undefined {
    if (this.cur === this.original) {
      for (let i = this.splices.length - 1; i >= 0; i--) {
        const s = this.splices[i];
        this.original.set(s.removed, s.offset);
      }
    }
    if (this.splices.length === 0) return undefined;
    return { label, splices: this.splices, ...(select ? { selectionBefore: select, selectionAfter: select } : {}) };
  }
}

export function readU32(b: Uint8Array, at: number): number {
  return new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(at, true);
}

export function hasHeader(b: Uint8Array, at: number): boolean {
  return at >= 0 && at + HEADER_SIZE <= b.length;
}

/** Header bytes the header CRC covers, as the decoder checks it: max(HeaderSize, 32) when present, else 32. */
export function headerLength(b: Uint8Array, at: number): number {
  const framed = framedHeaderSize(readHeader(b, at).headerSize);
  return at + framed <= b.length ? framed : HEADER_SIZE;
}

export function requireHeader(b: Uint8Array, at: number): void {
  if (!hasHeader(b, at)) throw new EditError(`no whole 32-byte chunk header at offset 0x${at.toString(16)}`);
}

/** Payload [start, end) of the chunk at `at`, clipped to the file. */
export function payloadRange(b: Uint8Array, at: number): { start: number; end: number } {
  const hl = headerLength(b, at);
  const len = readHeader(b, at).payloadLength;
  const start = Math.min(at + hl, b.length);
  return { start, end: Math.min(start + len, b.length) };
}

export function resealHeader(w: EditBuilder, at: number): void {
  const b = w.bytes;
  w.writeU32(at + OFF.headerCrc, headerCrc(b, at, headerLength(b, at)));
}

export function resealPayload(w: EditBuilder, at: number): void {
  const b = w.bytes;
  const p = payloadRange(b, at);
  const len = readHeader(b, at).payloadLength;
  if (p.end - p.start < len)
    throw new EditError(
      `the chunk at 0x${at.toString(16)} needs ${len} payload bytes, the file has ${p.end - p.start}: fix PayloadLength first`,
    );
  w.writeU32(at + OFF.payloadCrc, crc32c(b, p.start, p.end));
  resealHeader(w, at);
}

export function streamCrcOf(b: Uint8Array, chunks: readonly { start: number; end: number }[], endAt: number): number {
  let c = 0;
  for (const r of chunks) if (r.start < endAt) c = crc32c(b, r.start, Math.min(r.end, endAt), c);
  return c;
}

export function writeStreamCrc(w: EditBuilder, chunks: readonly { start: number; end: number }[], endAt: number): void {
  const p = endAt + headerLength(w.bytes, endAt);
  if (p + END_PAYLOAD > w.bytes.length || readHeader(w.bytes, endAt).payloadLength < 12)
    throw new EditError('the END payload is too short to hold StreamCrc32c');
  w.writeU32(p + 8, streamCrcOf(w.bytes, chunks, endAt));
  resealPayload(w, endAt);
}

export type ChunkRange = { start: number; end: number };

/** The framed chunk (magic present, whole header) whose bytes hold `offset`, by binary search over ranges in stream order. */
export function chunkHolding(b: Uint8Array, chunks: readonly ChunkRange[], offset: number): ChunkRange | undefined {
  let lo = 0;
  let hi = chunks.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = chunks[mid];
    if (offset < c.start) hi = mid - 1;
    else if (offset >= c.end) lo = mid + 1;
    else return hasHeader(b, c.start) && readHeader(b, c.start).magic === MAGIC ? c : undefined;
  }
  return undefined;
}

/** The first framed END chunk of the stream. */
export function endChunk(b: Uint8Array, chunks: readonly ChunkRange[]): ChunkRange | undefined {
  return chunks.find(
    (c) =>
      hasHeader(b, c.start) &&
      readHeader(b, c.start).magic === MAGIC &&
      readHeader(b, c.start).type === CHUNK_TYPES.END,
  );
}

/** Whether END's EndFlags asks for a stream CRC (HasStreamCrc) and its payload can hold one. */
export function wantsStreamCrc(b: Uint8Array, endAt: number): boolean {
  const p = endAt + headerLength(b, endAt);
  return readHeader(b, endAt).payloadLength >= 12 && p + END_PAYLOAD <= b.length && (readU32(b, p + 4) & 1) === 1;
}

/**
 * Reseal after bytes of the chunk at `at` changed: the payload CRC when `payload` (then the header
 * CRC, which covers PayloadCrc32c), else the header CRC; then END's StreamCrc32c when END asks for
 * one and the chunk lies before END. What cannot be resealed (a payload cut short by the end of the
 * file, an END too short for its stream CRC) is left as it is and named in the returned list's
 * `skipped`. Returns the seals rewritten, in order.
 */
export function resealChunk(
  w: EditBuilder,
  chunks: readonly ChunkRange[],
  at: number,
  payload: boolean,
): { sealed: string[]; skipped: string[] } {
  const sealed: string[] = [];
  const skipped: string[] = [];
  const before = w.splices.length;
  if (payload) {
    try {
      resealPayload(w, at);
      sealed.push('payload CRC', 'header CRC');
    } catch (e) {
      if (!(e instanceof EditError)) throw e;
      skipped.push(`payload CRC (${e.message})`);
      resealHeader(w, at);
      sealed.push('header CRC');
    }
  } else {
    resealHeader(w, at);
    sealed.push('header CRC');
  }
  const end = endChunk(w.bytes, chunks);
  if (end && at < end.start && wantsStreamCrc(w.bytes, end.start)) {
    try {
      writeStreamCrc(w, chunks, end.start);
      sealed.push('stream CRC');
    } catch (e) {
      if (!(e instanceof EditError)) throw e;
      skipped.push(`stream CRC (${e.message})`);
    }
  }
  return { sealed: w.splices.length > before ? sealed : [], skipped };
}
