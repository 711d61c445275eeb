// The example stream of the format design (§7), built with core's encodeChunk, for the client's
// unit tests: 600 bytes, chunks BEGIN OFFER CHANNEL_STATE GPADL END (96, 176, 192, 88, 48 bytes).

import { crc32c } from '../../core/src/crc32c';
import { CHUNK_TYPES, encodeChunk, FLAG_FINAL } from '../../core/src/layout';
import { parseGuid } from '../../core/src/fieldReader';

class W {
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
    for (const b of parseGuid(s)!) this.u8(b);
    return this;
  }
  zero(n: number) {
    for (let i = 0; i < n; i++) this.u8(0);
    return this;
  }
  get bytes() {
    return Uint8Array.from(this.parts);
  }
}

export function exampleStream(): Uint8Array {
  const begin = new W().guid('ba6163d9-04a1-4d29-b605-72e2ffb1dc7f').guid('11111111-2222-3333-4444-555555555555').u16(0).u16(0).u32(0x50000).u32(0).u32(5).u32(0x10000).u32(0).u64(0n).bytes;
  const offer = new W().u32(17).u32(17).u8(0xff).u8(0).u16(0).u16(0).u16(0).u16(0).u16(0).zero(120).bytes;
  const state = new W().u8(2).u8(1).u8(0).u8(0).u32(0).u32(1).u32(0xe001).u32(0).u32(2).u16(0).u16(0).u32(0).u8(0).zero(7).zero(120).bytes;
  const gpadl = new W().u32(0xe001).u32(17).u8(2).u8(0).u16(1).u32(5).u32(0x4000).u32(0).u64(0x1000n).u64(0x1001n).u64(0x1002n).u64(0x1003n).bytes;
  const chunks = [
    encodeChunk({ type: CHUNK_TYPES.BEGIN, payload: begin, sequence: 0 }),
    encodeChunk({ type: CHUNK_TYPES.OFFER, payload: offer, sequence: 1 }),
    encodeChunk({ type: CHUNK_TYPES.CHANNEL_STATE, payload: state, sequence: 2 }),
    encodeChunk({ type: CHUNK_TYPES.GPADL, payload: gpadl, sequence: 3 }),
  ];
  const body = concat(chunks);
  const end = new W().u32(5).u32(1).u32(crc32c(body)).u32(0).bytes;
  return concat([...chunks, encodeChunk({ type: CHUNK_TYPES.END, payload: end, sequence: 4, flags: FLAG_FINAL })]);
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Chunk start offsets of the example. */
export const EXAMPLE_STARTS = [0, 96, 272, 464, 552];
