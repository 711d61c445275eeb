// The design's §7 example stream, built with encodeChunk alone (independent of the text form),
// plus helpers to cut it into restore calls and break it on purpose.

import { CHUNK_TYPES, concatBytes, crc32c, encodeChunk, FLAG_FINAL, parseGuid } from '../../../core/src';

export class PayloadWriter {
  private parts: number[] = [];
  u8(v: number) {
    this.parts.push(v & 0xff);
    return this;
  }
  u16(v: number) {
    return this.u8(v).u8(v >>> 8);
  }
  u32(v: number) {
    return this.u16(v & 0xffff).u16(v >>> 16);
  }
  u64(v: bigint) {
    return this.u32(Number(v & 0xffffffffn)).u32(Number(v >> 32n));
  }
  guid(s: string) {
    this.parts.push(...parseGuid(s)!);
    return this;
  }
  zero(n: number) {
    for (let i = 0; i < n; i++) this.parts.push(0);
    return this;
  }
  bytes(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

export const IFACE = 'ba6163d9-04a1-4d29-b605-72e2ffb1dc7f';
export const INSTANCE = '11111111-2222-3333-4444-555555555555';

export function beginPayload(chunkCount = 5, vmbusVersion = 0x00050000): Uint8Array {
  return new PayloadWriter()
    .guid(IFACE)
    .guid(INSTANCE)
    .u16(0)
    .u16(0)
    .u32(vmbusVersion)
    .u32(0)
    .u32(chunkCount)
    .u32(0x10000)
    .u32(0)
    .u64(0n)
    .bytes();
}
export function offerPayload(channelId = 17): Uint8Array {
  return new PayloadWriter().u32(channelId).u32(17).u8(0xff).u8(0).u16(0).u16(0).u16(0).u16(0).u16(0).zero(120).bytes();
}
export function channelStatePayload(ringGpadlId = 0xe001, downstreamPageOffset = 2): Uint8Array {
  return new PayloadWriter()
    .u8(2)
    .u8(1)
    .u8(0)
    .u8(0)
    .u32(0)
    .u32(1)
    .u32(ringGpadlId)
    .u32(0)
    .u32(downstreamPageOffset)
    .u16(0)
    .u16(0)
    .u32(0)
    .u8(0)
    .zero(7)
    .zero(120)
    .bytes();
}
export function gpadlPayload(gpadlId = 0xe001, channelId = 17, state = 2): Uint8Array {
  return new PayloadWriter()
    .u32(gpadlId)
    .u32(channelId)
    .u8(state)
    .u8(0)
    .u16(1)
    .u32(5)
    .u32(0x4000)
    .u32(0)
    .u64(0x1000n)
    .u64(0x1001n)
    .u64(0x1002n)
    .u64(0x1003n)
    .bytes();
}
export function endPayload(chunkCount: number, streamCrc: number, endFlags = 1): Uint8Array {
  return new PayloadWriter().u32(chunkCount).u32(endFlags).u32(streamCrc).u32(0).bytes();
}

export const concat = concatBytes;

/** The five chunks of the example, sequences 0..4. */
export function exampleChunks(): Uint8Array[] {
  const c = [
    encodeChunk({ type: CHUNK_TYPES.BEGIN, sequence: 0, payload: beginPayload() }),
    encodeChunk({ type: CHUNK_TYPES.OFFER, sequence: 1, payload: offerPayload() }),
    encodeChunk({ type: CHUNK_TYPES.CHANNEL_STATE, sequence: 2, payload: channelStatePayload() }),
    encodeChunk({ type: CHUNK_TYPES.GPADL, sequence: 3, payload: gpadlPayload() }),
  ];
  const crc = crc32c(concat(c));
  c.push(encodeChunk({ type: CHUNK_TYPES.END, sequence: 4, flags: FLAG_FINAL, payload: endPayload(5, crc) }));
  return c;
}

export function exampleStream(): Uint8Array {
  return concat(exampleChunks());
}
