// The chunks an emulated VmbChannelSaveBegin snapshots from a channel state: the records in the
// save order, split over CONTINUES chunks at MaxPayloadLength, sequenced, CRC'd and closed by END
// with its StreamCrc32c (docs/format.md §9.2). Chunk bytes come from the one chunk encoder.

import { crc32c } from '../crc32c';
import { CHUNK_TYPES, encodeChunk, FLAG_CONTINUES, FLAG_FINAL } from '../layout';
import type { ChannelState } from './channelState';
import {
  encodeBegin,
  encodeChannelState,
  encodeEnd,
  encodeGpadl,
  encodeOffer,
  encodePacket,
  encodeRing,
} from './encodeRecords';

/** One chunk of a save: its encoded bytes and what it holds. */
export interface SavedChunk {
  type: number;
  sequence: number;
  flags: number;
  /** The whole chunk: header, payload, padding. */
  bytes: Uint8Array;
  /** What the chunk holds, e.g. "GPADL 0x0000E001 (fragment 2 of 3)". */
  label: string;
}

interface PendingRecord {
  type: number;
  payload: Uint8Array;
  label: string;
}

/** Records in the save order: BEGIN's payload is built last, once the chunk count is known. */
function records(s: ChannelState): PendingRecord[] {
  const out: PendingRecord[] = [];
  const hex8 = (n: number) => '0x' + (n >>> 0).toString(16).toUpperCase().padStart(8, '0');
  out.push({ type: CHUNK_TYPES.OFFER, payload: encodeOffer(s.offer!), label: `OFFER channel ${s.offer!.channelId}` });
  out.push({ type: CHUNK_TYPES.CHANNEL_STATE, payload: encodeChannelState(s.channelState!), label: 'CHANNEL_STATE' });
  for (const g of s.gpadls.values())
    out.push({ type: CHUNK_TYPES.GPADL, payload: encodeGpadl(g), label: `GPADL ${hex8(g.gpadlId)}` });
  for (const p of s.packets.values())
    out.push({ type: CHUNK_TYPES.PACKET, payload: encodePacket(p), label: `PACKET TransactionId ${p.transactionId}` });
  s.pendingMessages.forEach((m, i) =>
    out.push({ type: CHUNK_TYPES.PENDING_MESSAGE, payload: m.bytes, label: `PENDING_MESSAGE ${i + 1}` }),
  );
  s.notes.forEach((n, i) =>
    out.push({ type: CHUNK_TYPES.NOTE, payload: new TextEncoder().encode(n), label: `NOTE ${i + 1}` }),
  );
  s.rings.forEach((r, i) => out.push({ type: CHUNK_TYPES.RING, payload: encodeRing(r), label: `RING ${i + 1}` }));
  return out;
}

/**
 * The whole save of `s` (which must hold BEGIN, OFFER and CHANNEL_STATE: unsaveableReason):
 * BEGIN, the records, END. MaxPayloadLength is BEGIN's (at least 64).
 */
export function saveChunks(s: ChannelState): SavedChunk[] {
  const begin = s.begin!;
  const max = begin.maxPayloadLength;
  if (!(max >= 64)) throw new RangeError(`MaxPayloadLength ${max} is below 64: nothing can be saved`);
  const recs = records(s);
  const fragmentsOf = (n: number) => Math.max(1, Math.ceil(n / max));
  const count = 2 + recs.reduce((n, r) => n + fragmentsOf(r.payload.length), 0);
  const out: SavedChunk[] = [];
  let streamCrc = 0;
  const push = (type: number, payload: Uint8Array, flags: number, label: string) => {
    const bytes = encodeChunk({ type, payload, sequence: out.length, flags });
    if (type !== CHUNK_TYPES.END) streamCrc = crc32c(bytes, 0, bytes.length, streamCrc);
    out.push({ type, sequence: out.length, flags, bytes, label });
  };
  push(CHUNK_TYPES.BEGIN, encodeBegin(begin, count, max), 0, 'BEGIN');
  for (const r of recs) {
    const parts = fragmentsOf(r.payload.length);
    for (let i = 0; i < parts; i++) {
      const last = i === parts - 1;
      const label = parts > 1 ? `${r.label} (fragment ${i + 1} of ${parts})` : r.label;
      push(
        r.type,
        r.payload.subarray(i * max, last ? r.payload.length : (i + 1) * max),
        last ? 0 : FLAG_CONTINUES,
        label,
      );
    }
  }
  push(CHUNK_TYPES.END, encodeEnd(count, streamCrc), FLAG_FINAL, 'END');
  return out;
}
