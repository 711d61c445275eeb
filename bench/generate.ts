// Builds valid saved-state streams of a target size for benchmarks: BEGIN OFFER CHANNEL_STATE,
// GPADLs, then PACKET chunks of varied sizes, then END. Deterministic for a given seed.

import {
  CHUNK_TYPES,
  concatBytes,
  crc32c,
  encodeChunk,
  FLAG_FINAL,
  headerCrc,
  MAGIC,
  OFF,
  parseGuid,
} from '../core/src';

function payload(size: number, fill: (dv: DataView, b: Uint8Array) => void): Uint8Array {
  const b = new Uint8Array(size);
  fill(new DataView(b.buffer), b);
  return b;
}

export function generateStream(targetBytes: number, opts: { seed?: number; maxPacket?: number } = {}): Uint8Array {
  let seed = opts.seed ?? 7;
  const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const maxPacket = opts.maxPacket ?? 16384;
  const chunks: Uint8Array[] = [];
  let size = 0;
  const add = (type: number, p: Uint8Array, flags = 0) => {
    const c = encodeChunk({ type, payload: p, sequence: chunks.length, flags });
    chunks.push(c);
    size += c.length;
  };
  const begin = payload(64, (dv, b) => {
    b.set(parseGuid('ba6163d9-04a1-4d29-b605-72e2ffb1dc7f')!, 0);
    b.set(parseGuid('11111111-2222-3333-4444-555555555555')!, 16);
    dv.setUint32(36, 0x00050000, true);
    dv.setUint32(48, 0x10000, true);
  });
  add(CHUNK_TYPES.BEGIN, begin);
  add(
    CHUNK_TYPES.OFFER,
    payload(140, (dv) => {
      dv.setUint32(0, 17, true);
      dv.setUint32(4, 17, true);
      dv.setUint8(8, 0xff);
    }),
  );
  add(
    CHUNK_TYPES.CHANNEL_STATE,
    payload(160, (dv) => {
      dv.setUint8(0, 2);
      dv.setUint8(1, 1);
      dv.setUint32(12, 0xe001, true);
      dv.setUint32(20, 2, true);
    }),
  );
  for (let g = 0; g < 16; g++) {
    add(
      CHUNK_TYPES.GPADL,
      payload(16 + 5 * 8, (dv) => {
        dv.setUint32(0, 0xe001 + g, true);
        dv.setUint32(4, 17, true);
        dv.setUint8(8, 2);
        dv.setUint16(10, 1, true);
        dv.setUint32(12, 5, true);
        dv.setUint32(16, 0x4000, true);
        for (let p = 0; p < 4; p++) dv.setBigUint64(24 + p * 8, BigInt(0x1000 + g * 16 + p), true);
      }),
    );
  }
  let txid = 1n;
  while (size + 48 < targetBytes) {
    const lib = 16 + Math.floor(rand() * 48);
    const vsp = Math.floor(rand() * (maxPacket - lib));
    const room = targetBytes - size - 48 - 32 - 16;
    const vspLen = Math.max(0, Math.min(vsp, room - lib));
    add(
      CHUNK_TYPES.PACKET,
      payload(16 + lib + vspLen, (dv, b) => {
        dv.setBigUint64(0, txid++, true);
        dv.setUint32(8, lib, true);
        dv.setUint32(12, vspLen, true);
        for (let i = 16; i < b.length; i += 7) b[i] = i & 0xff;
      }),
    );
    if (room <= lib) break;
  }
  const total = chunks.length + 1;
  begin.fill(0, 44, 48);
  const body = concatBytes(chunks);
  add(
    CHUNK_TYPES.END,
    payload(16, (dv) => {
      dv.setUint32(0, total, true);
      dv.setUint32(4, 1, true);
      dv.setUint32(8, crc32c(body), true);
    }),
    FLAG_FINAL,
  );
  return concatBytes(chunks);
}

/**
 * Minimal 32-byte chunks: an unknown optional type with an empty payload (restore skips them),
 * after none (`tiny`, so restore fails at the first call and refuses every later one) or after
 * nothing else either; sequence numbers count up, CRCs are right.
 */
export function tinyChunks(bytes: number): Uint8Array {
  const n = Math.floor(bytes / 32);
  const b = new Uint8Array(n * 32);
  const dv = new DataView(b.buffer);
  for (let i = 0; i < n; i++) {
    const at = i * 32;
    dv.setUint32(at + OFF.magic, MAGIC, true);
    b[at + OFF.headerSize] = 32;
    b[at + OFF.versionMajor] = 1;
    dv.setUint16(at + OFF.type, 0xf000, true); // unknown, optional
    dv.setUint32(at + OFF.sequence, i, true);
    dv.setUint32(at + OFF.payloadCrc, 0, true); // CRC-32C of no bytes
    dv.setUint32(at + OFF.headerCrc, headerCrc(b, at, 32), true);
  }
  return b;
}
