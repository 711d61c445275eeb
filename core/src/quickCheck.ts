// The decoder's fast path: recognises a chunk inspectChunk would find nothing to say about (a
// whole, valid PACKET, the bulk of any large stream) with no allocation but its header object.

import type { InspectContext } from './chunkCheck';
import { crc32c, crc32cHeader32 } from './crc32c';
import { CHUNK_TYPES, HEADER_SIZE, MAGIC, OFF, VERSION_MAJOR } from './layout';
import type { ChunkHeader } from './model';

/** Flag bits the fast path leaves to inspectChunk: FINAL, CONTINUES and the must-understand bits. */
const FLAGS_CHECKED = 0x00ff;

const u32 = (b: Uint8Array, at: number) => (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0;

/**
 * The header of the chunk at b[pos, limit) when it is a PACKET that inspectChunk(b, pos, limit,
 * ctx) would report no issue for: magic, major version 1, HeaderSize 32, both CRCs right,
 * reserved fields zero, the stream's version, PayloadLength within MaxPayloadLength, no flag in
 * the low byte, whole, zero padding, not a record fragment, and LibStateLength + VspStateLength +
 * 16 = PayloadLength. Otherwise undefined, and the caller runs inspectChunk. The header's CRCs are
 * then the computed ones. Every test here is one inspectChunk makes, so both agree (core.quickCheck.test.ts).
 */
export function quickPacket(b: Uint8Array, pos: number, limit: number, ctx: InspectContext): ChunkHeader | undefined {
  if (limit - pos < HEADER_SIZE || ctx.continuing === true) return undefined;
  if (b[pos + OFF.headerSize] !== HEADER_SIZE || b[pos + OFF.versionMajor] !== VERSION_MAJOR) return undefined;
  if (b[pos + OFF.reserved0] !== 0 || (b[pos + OFF.flags] & FLAGS_CHECKED) !== 0) return undefined;
  if ((b[pos + OFF.type] | (b[pos + OFF.type + 1] << 8)) !== CHUNK_TYPES.PACKET) return undefined;
  const magic = u32(b, pos + OFF.magic);
  const reserved1 = u32(b, pos + OFF.reserved1);
  if (magic !== MAGIC || reserved1 !== 0) return undefined;
  const versionMinor = b[pos + OFF.versionMinor];
  const sv = ctx.streamVersion;
  if (sv && (sv.major !== VERSION_MAJOR || sv.minor !== versionMinor)) return undefined;
  const payloadLength = u32(b, pos + OFF.payloadLength);
  if (payloadLength > ctx.maxPayload || payloadLength < 16) return undefined;
  const pStart = pos + HEADER_SIZE;
  const pEnd = pStart + payloadLength;
  const end = pStart + payloadLength + ((8 - (payloadLength % 8)) % 8);
  if (end > limit) return undefined;
  for (let i = pEnd; i < end; i++) if (b[i] !== 0) return undefined;
  // PACKET: TransactionId (8), LibStateLength, VspStateLength, then exactly the two states.
  if (16 + u32(b, pStart + 8) + u32(b, pStart + 12) !== payloadLength) return undefined;
  const headerCrc = u32(b, pos + OFF.headerCrc);
  if (crc32cHeader32(b, pos) !== headerCrc) return undefined;
  const payloadCrc = u32(b, pos + OFF.payloadCrc);
  if (crc32c(b, pStart, pEnd) !== payloadCrc) return undefined;
  return {
    magic,
    headerSize: HEADER_SIZE,
    versionMajor: VERSION_MAJOR,
    versionMinor,
    reserved0: 0,
    type: CHUNK_TYPES.PACKET,
    flags: b[pos + OFF.flags] | (b[pos + OFF.flags + 1] << 8),
    sequence: u32(b, pos + OFF.sequence),
    payloadLength,
    payloadCrc,
    reserved1,
    headerCrc,
  };
}
