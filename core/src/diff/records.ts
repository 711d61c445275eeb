// One side of a diff: the document's records in stream order (a CONTINUES chain is one record,
// unframed bytes are one each) with the identity key they are matched by (docs/compare.md).

import { crc32c } from '../crc32c';
import { hex, hex64 } from '../fieldReader';
import { CHUNK_TYPES, FLAG_CONTINUES } from '../layout';
import type { ChunkNode, RawNode, SavedStateDocument } from '../model';
import type { RecordRef } from './types';

export interface SideRecord {
  key: string;
  type: string;
  /** The chunks, in order (one unless a CONTINUES chain); empty for unframed bytes. */
  chunks: ChunkNode[];
  raw?: RawNode;
  /** Starts a restore call (no record of the same call before it). */
  startsCall: boolean;
  ref: RecordRef;
}

export interface Side {
  doc: SavedStateDocument;
  records: SideRecord[];
  /** Record ordinal of each chunk index. */
  recordOfChunk: Int32Array;
  /** Chunk index of the (first) END, or -1. */
  endChunk: number;
}

/** Types matched by type alone: a stream has one of each (a second one is matched by order). */
const SINGLE = new Set<number>([CHUNK_TYPES.BEGIN, CHUNK_TYPES.OFFER, CHUNK_TYPES.CHANNEL_STATE, CHUNK_TYPES.END]);

/** The payload of a record, joined across a chain's fragments (a view, not a copy, for one chunk). */
export function recordPayload(doc: SavedStateDocument, chunks: readonly ChunkNode[]): Uint8Array {
  if (chunks.length === 1) return doc.bytes.subarray(chunks[0].payloadBytes.start, chunks[0].payloadBytes.end);
  let n = 0;
  for (const c of chunks) n += c.payloadBytes.end - c.payloadBytes.start;
  const out = new Uint8Array(n);
  let at = 0;
  for (const c of chunks) {
    out.set(doc.bytes.subarray(c.payloadBytes.start, c.payloadBytes.end), at);
    at += c.payloadBytes.end - c.payloadBytes.start;
  }
  return out;
}

/** The identity base of a record: its type, plus GpadlId or TransactionId where the format has one. */
function identity(doc: SavedStateDocument, chunks: ChunkNode[]): string {
  const h = chunks[0].header;
  if (!h) return 'partial header';
  const name = chunks[0].typeName;
  if (h.type !== CHUNK_TYPES.GPADL && h.type !== CHUNK_TYPES.PACKET) return name;
  const p = recordPayload(doc, chunks);
  const dv = new DataView(p.buffer, p.byteOffset, p.byteLength);
  if (h.type === CHUNK_TYPES.GPADL)
    return p.length >= 4 ? `GPADL ${hex(dv.getUint32(0, true), 4)}` : 'GPADL (no GpadlId)';
  return p.length >= 8 ? `PACKET ${hex64(dv.getBigUint64(0, true))}` : 'PACKET (no TransactionId)';
}

/** The key a record is matched by: its identity, with `#n` when that identity occurs more than once (or has no id). */
function keyOf(base: string, nth: number, type: number | undefined): string {
  const byOrder =
    type === undefined ||
    !(SINGLE.has(type) || type === CHUNK_TYPES.GPADL || type === CHUNK_TYPES.PACKET) ||
    base.includes('(no ');
  return byOrder || nth > 1 ? `${base} #${nth}` : base;
}

export function buildSide(doc: SavedStateDocument): Side {
  const records: SideRecord[] = [];
  const recordOfChunk = new Int32Array(doc.chunks.length).fill(-1);
  let open: SideRecord | undefined;
  let endChunk = -1;
  const add = (
    r: Omit<SideRecord, 'key' | 'ref'>,
    call: number,
    bytes: RecordRef['bytes'],
    text?: RecordRef['text'],
  ): SideRecord => {
    const ordinal = records.length;
    const rec: SideRecord = {
      ...r,
      key: '',
      ref: { chunks: r.chunks.map((c) => c.index), ordinal, call, bytes: { ...bytes }, ...(text ? { text } : {}) },
    };
    records.push(rec);
    for (const c of r.chunks) recordOfChunk[c.index] = ordinal;
    return rec;
  };
  for (const call of doc.calls) {
    let startsCall = true;
    for (const it of call.items) {
      if (it.kind === 'raw') {
        add({ type: 'raw', chunks: [], raw: it, startsCall }, it.call, it.bytes, it.text);
        startsCall = false;
        continue;
      }
      const h = it.header;
      if (h && h.type === CHUNK_TYPES.END && endChunk < 0) endChunk = it.index;
      // A chunk of the open chain's type is its next fragment, even after another type in between (as the decoder reads it).
      if (open && h && h.type === open.chunks[0].header!.type) {
        open.chunks.push(it);
        open.ref.chunks.push(it.index);
        open.ref.bytes.end = it.bytes.end;
        recordOfChunk[it.index] = open.ref.ordinal;
        if (!(h.flags & FLAG_CONTINUES)) open = undefined;
        startsCall = false;
        continue;
      }
      const rec = add({ type: it.typeName, chunks: [it], startsCall }, it.call, it.bytes, it.text);
      startsCall = false;
      if (!open && h && h.flags & FLAG_CONTINUES && h.type !== CHUNK_TYPES.BEGIN && h.type !== CHUNK_TYPES.END)
        open = rec;
    }
  }
  // Keys once every chain is whole (a chain's id may sit in a later fragment): unique per side.
  const seen = new Map<string, number>();
  for (const r of records) {
    const base = r.raw ? 'raw' : identity(doc, r.chunks);
    const nth = (seen.get(base) ?? 0) + 1;
    seen.set(base, nth);
    r.key = keyOf(base, nth, r.chunks[0]?.header?.type);
  }
  return { doc, records, recordOfChunk, endChunk };
}

/** CRC-32C of every chunk before `endChunk`, as the restore computes END's StreamCrc32c. */
export function streamCrcBefore(side: Side): number {
  let crc = 0;
  for (let i = 0; i < side.endChunk; i++)
    crc = crc32c(side.doc.bytes, side.doc.chunks[i].bytes.start, side.doc.chunks[i].bytes.end, crc);
  return crc;
}
