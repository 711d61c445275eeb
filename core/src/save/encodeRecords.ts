// Payload encoders: one record of the channel-state model → the payload bytes of its chunk type,
// field for field as docs/format.md §3 lays them out (the inverse of payload.ts), reserved zero.

import { parseGuid } from '../fieldReader';
import {
  BEGIN_PAYLOAD,
  END_PAYLOAD,
  OFFER_PAYLOAD,
  OPEN_PARAMS_SIZE,
  RING_PAYLOAD,
  type BeginRecord,
  type ChannelStateRecord,
  type GpadlRecord,
  type OfferRecord,
  type OpenParams,
  type PacketRecord,
  type RingRecord,
} from '../payloadRecords';

/** A little-endian writer over a fresh zeroed payload. */
class Writer {
  readonly out: Uint8Array;
  private readonly dv: DataView;
  pos = 0;
  constructor(size: number) {
    this.out = new Uint8Array(size);
    this.dv = new DataView(this.out.buffer);
  }
  u8(v: number) {
    this.dv.setUint8(this.pos, v);
    this.pos += 1;
  }
  u16(v: number) {
    this.dv.setUint16(this.pos, v, true);
    this.pos += 2;
  }
  u32(v: number) {
    this.dv.setUint32(this.pos, v >>> 0, true);
    this.pos += 4;
  }
  u64(v: bigint) {
    this.dv.setBigUint64(this.pos, BigInt.asUintN(64, v), true);
    this.pos += 8;
  }
  /** `n` bytes of `b`, zero-filled (or cut) to exactly n. */
  bytes(b: Uint8Array, n = b.length) {
    this.out.set(b.length > n ? b.subarray(0, n) : b, this.pos);
    this.pos += n;
  }
  guid(g: string) {
    const b = parseGuid(g);
    if (!b) throw new Error(`not a GUID: ${g}`);
    this.bytes(b);
  }
  skip(n: number) {
    this.pos += n;
  }
}

/** BEGIN with the stream's ChunkCount and MaxPayloadLength (the save decides them, not the state). */
export function encodeBegin(b: BeginRecord, chunkCount: number, maxPayloadLength: number): Uint8Array {
  const w = new Writer(BEGIN_PAYLOAD);
  w.guid(b.interfaceType);
  w.guid(b.interfaceInstance);
  w.u16(b.subchannelIndex);
  w.skip(2);
  w.u32(b.vmbusVersion);
  w.u32(b.featureFlags);
  w.u32(chunkCount);
  w.u32(maxPayloadLength);
  w.skip(4);
  w.u64(b.creationTime);
  return w.out;
}

export function encodeOffer(o: OfferRecord): Uint8Array {
  const w = new Writer(OFFER_PAYLOAD);
  w.u32(o.channelId);
  w.u32(o.connectionId);
  w.u8(o.monitorId);
  w.u8(o.monitorAllocated);
  w.u16(o.isDedicated);
  w.u16(o.offerFlags);
  w.u16(o.mmioMegabytes);
  w.u16(o.mmioMegabytesOptional);
  w.skip(2);
  w.bytes(o.userDefined, 120);
  return w.out;
}

function writeOpenParams(w: Writer, p: OpenParams): void {
  w.u32(p.openId);
  w.u32(p.ringGpadlId);
  w.u32(p.targetVp);
  w.u32(p.downstreamPageOffset);
  w.u16(p.openFlags);
  w.u16(p.eventFlag);
  w.u32(p.guestConnectionId);
  w.u8(p.hasGuestSignal);
  w.skip(7);
  w.bytes(p.userData, 120);
}

export function encodeChannelState(c: ChannelStateRecord): Uint8Array {
  const w = new Writer(8 + OPEN_PARAMS_SIZE * ((c.open ? 1 : 0) + (c.reopen ? 1 : 0)));
  w.u8(c.state);
  w.u8(c.open ? 1 : 0);
  w.u8(c.reopen ? 1 : 0);
  w.skip(5);
  if (c.open) writeOpenParams(w, c.open);
  if (c.reopen) writeOpenParams(w, c.reopen);
  return w.out;
}

export function encodeGpadl(g: GpadlRecord): Uint8Array {
  const words = g.ranges.reduce((n, r) => n + 1 + r.pfns.length, 0);
  const w = new Writer(16 + 8 * words);
  w.u32(g.gpadlId);
  w.u32(g.channelId);
  w.u8(g.state);
  w.skip(1);
  w.u16(g.ranges.length);
  w.u32(words);
  for (const r of g.ranges) {
    w.u32(r.byteCount);
    w.u32(r.byteOffset);
    for (const p of r.pfns) w.u64(p);
  }
  return w.out;
}

export function encodePacket(p: PacketRecord): Uint8Array {
  const w = new Writer(16 + p.libState.length + p.vspState.length);
  w.u64(p.transactionId);
  w.u32(p.libState.length);
  w.u32(p.vspState.length);
  w.bytes(p.libState);
  w.bytes(p.vspState);
  return w.out;
}

export function encodeRing(r: RingRecord): Uint8Array {
  const w = new Writer(RING_PAYLOAD);
  w.u8(r.direction);
  w.skip(3);
  w.u32(r.ringPageCount);
  w.u32(r.writeIndex);
  w.u32(r.readIndex);
  w.u32(r.interruptMask);
  w.u32(r.pendingSendSize);
  w.u32(r.featureBits);
  return w.out;
}

/** END: ChunkCount, EndFlags HasStreamCrc, the CRC-32C of every chunk byte before it. */
export function encodeEnd(chunkCount: number, streamCrc: number): Uint8Array {
  const w = new Writer(END_PAYLOAD);
  w.u32(chunkCount);
  w.u32(1);
  w.u32(streamCrc);
  return w.out;
}
